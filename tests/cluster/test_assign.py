"""Story assignment with synthetic vectors (fast) and on the example corpus (real embeddings)."""
from __future__ import annotations

import time

import numpy as np

from storyline.cluster.assign import ArticleFeatures, StoryIndex
from storyline.cluster.embed import DIM
from storyline.cluster.pairs import FEATURES, PairModel
from storyline.pipeline import rebuild_stories


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _by_cosine(cut: float) -> PairModel:
    """A pair model that reads only the (time-weighed) vector cosine: probability 0.5 at ``cut``.
    These tests exercise the index with synthetic vectors, which have no words or names to score."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("embedding")] = 50.0
    return PairModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, -50.0 * cut)


def _index(cut: float, rows=(), **kw) -> StoryIndex:
    return StoryIndex(list(rows), 0.5, model=_by_cosine(cut), **kw)


def test_near_vectors_share_a_story_and_far_ones_do_not():
    rng = np.random.default_rng(1)
    base_a, base_b = rng.normal(size=DIM), rng.normal(size=DIM)
    index = _index(0.75)
    arts = [ArticleFeatures(f"a{i}", _unit(base_a + 0.2 * rng.normal(size=DIM)), {"PERSON|x"}, "2025-01-01")
            for i in range(3)]
    arts += [ArticleFeatures(f"b{i}", _unit(base_b + 0.2 * rng.normal(size=DIM)), set(), "2025-01-02") for i in range(2)]
    ids = [index.assign(a) for a in arts]
    assert len(set(ids[:3])) == 1 and len(set(ids[3:])) == 1 and ids[0] != ids[3]


def test_a_date_far_away_starts_a_new_story():
    rng = np.random.default_rng(2)
    base = rng.normal(size=DIM)
    # the vectors alone would join all three; the publication gap (log days) counts against a story
    model = _by_cosine(0.6)
    model.coef[FEATURES.index("published_gap")] = -6.0  # 2 days: -6.6; five months: -30
    index = StoryIndex([], 0.5, model=model)
    first = index.assign(ArticleFeatures("a", _unit(base + 0.1 * rng.normal(size=DIM)), set(), "2025-01-01"))
    near = index.assign(ArticleFeatures("b", _unit(base + 0.1 * rng.normal(size=DIM)), set(), "2025-01-03"))
    far = index.assign(ArticleFeatures("c", _unit(base + 0.1 * rng.normal(size=DIM)), set(), "2025-06-01"))
    assert near == first and far != first


def test_batched_search_gives_the_same_stories_as_one_search_per_article(monkeypatch):
    """assign_many searches the index for a run of articles at once; with flushes in the middle
    (a tiny FLUSH_AT) it must still decide exactly as one-at-a-time assignment does."""
    rng = np.random.default_rng(4)
    topics = rng.normal(size=(20, DIM))
    arts = [ArticleFeatures(f"a{i}", _unit(topics[i % 20] + 0.5 * rng.normal(size=DIM)), set(), "2025-01-01")
            for i in range(120)]
    monkeypatch.setattr(StoryIndex, "FLUSH_AT", 7)
    one, many = _index(0.6), _index(0.6)
    singly = [one.assign(a) for a in arts]
    batched = many.assign_many(arts)
    assert batched == singly
    assert 20 <= len(set(batched)) < 120  # stories formed and were joined
    assert len(one.index) >= 14 and len(many.index) >= 14  # … across at least two flushes into the index


def test_exact_scan_and_ann_index_decide_alike(monkeypatch):
    """A short run scans every story exactly (no HNSW build); a long one goes through the index.
    Without names or dates to tip the score, both must pick the nearest story every time."""
    rng = np.random.default_rng(6)
    topics = rng.normal(size=(20, DIM))
    arts = [ArticleFeatures(f"a{i}", _unit(topics[i % 20] + 0.5 * rng.normal(size=DIM)), set(), None)
            for i in range(150)]
    monkeypatch.setattr(StoryIndex, "FLUSH_AT", 9)
    exact, ann = _index(0.6, expected=len(arts)), _index(0.6, expected=10**6)
    assert exact.exact and exact.index is None and not ann.exact
    assert exact.assign_many(arts) == ann.assign_many(arts)
    assert len(ann.index) >= 18  # the index path really was taken


def test_assignment_cost_grows_slowly_with_the_number_of_stories():
    """The index answers from a graph, not a scan: 10x more stories must not cost 10x per article."""
    rng = np.random.default_rng(3)

    def cost(n_stories: int) -> float:
        rows = [dict(id=f"s{i}", vector=_unit(rng.normal(size=DIM)).tobytes(), size=1, keys="[]",
                     first_date=None, last_date=None) for i in range(n_stories)]
        index = _index(0.99, rows)
        probes = [ArticleFeatures(f"p{i}", _unit(rng.normal(size=DIM)), set(), None) for i in range(200)]
        t = time.perf_counter()
        index.assign_many(probes)
        return (time.perf_counter() - t) / len(probes)

    small, large = cost(1_000), cost(10_000)
    assert large < 5 * small, (small, large)


def test_incremental_equals_recluster(example_store):
    before = sorted((s["id"], sorted(s["articles"])) for s in example_store.stories())
    findings_before = sum(len(example_store.findings(s)) for s, _ in before)
    rebuild_stories(example_store)
    after = sorted((s["id"], sorted(s["articles"])) for s in example_store.stories())
    assert before == after
    assert sum(len(example_store.findings(s)) for s, _ in after) == findings_before
