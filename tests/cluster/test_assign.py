"""Story assignment with synthetic vectors (fast) and on the example corpus (real embeddings)."""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

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


def _two_stories_and_a_bridge(seed: int) -> tuple[list[ArticleFeatures], ArticleFeatures]:
    """Two stories 0.6 apart by vector (below the 0.7 cut: they start apart), and an article between
    them, 0.91 from the first and 0.88 from the second: the scorer places it in both, first in the
    first (exactly halfway, which story it joins first hung on the last bits of a float sum, and so
    on the machine's numpy)."""
    rng = np.random.default_rng(seed)
    a = _unit(rng.normal(size=DIM))
    noise = rng.normal(size=DIM)
    noise -= (noise @ a) * a
    b = _unit(0.6 * a + 0.8 * _unit(noise))
    arts = [ArticleFeatures("a1", a, set(), "2025-01-01"), ArticleFeatures("b1", b, set(), "2025-01-01"),
            ArticleFeatures("b2", b, set(), "2025-01-02"), ArticleFeatures("b3", b, set(), "2025-01-02")]
    return arts, ArticleFeatures("m", _unit(1.1 * a + b), set(), "2025-01-02")


@pytest.mark.parametrize("expected", [10, 10**6])  # exact scan, ANN index
def test_an_article_that_fits_two_stories_makes_them_one(expected):
    """A developing story that started twice: the larger story keeps its id and takes the other's
    articles; the one merged away is out of every later search, and the replay's ids resolve."""
    arts, bridge = _two_stories_and_a_bridge(7)
    index = _index(0.7, expected=expected)
    first = index.assign_many(arts)
    assert first[0] != first[1] == first[2] == first[3]  # two stories
    kept = index.assign(bridge)
    assert kept == first[1]  # the larger (three articles against two) keeps its id
    assert index.merged == [(first[0], first[1])] and index.story_of(first[0]) == kept
    assert first[0] not in index.by_id and index.by_id[kept].size == 5
    assert first[0] not in index.dirty and kept in index.dirty
    # a later article like the first one joins the merged story: the one merged away is gone
    assert index.assign(ArticleFeatures("a2", arts[0].vector, set(), "2025-01-03")) == kept


def test_two_stories_weeks_apart_stay_apart_though_an_article_fits_both():
    """The next act of a saga (the deal weeks after the shutdown) is another story, to be linked."""
    arts, bridge = _two_stories_and_a_bridge(7)
    later = [dataclasses.replace(a, published="2025-02-10") for a in arts[1:]]
    index = _index(0.7)
    first = index.assign_many([arts[0], *later])
    index.assign(dataclasses.replace(bridge, published="2025-02-10"))
    assert index.merged == [] and {first[0], first[1]} <= set(index.by_id)


def test_two_stories_an_article_fits_stay_apart_when_they_do_not_look_alike(monkeypatch):
    """A round-up of two events of one day fits both; the stories themselves must look like one."""
    monkeypatch.setenv("STORYLINE_STORY_MERGE_AGREE", "0.9999")
    arts, bridge = _two_stories_and_a_bridge(7)
    index = _index(0.7)
    first = index.assign_many(arts)
    index.assign(bridge)
    assert index.merged == [] and {first[0], first[1]} <= set(index.by_id)


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


def _noisy(rng: np.random.Generator, topic: np.ndarray, cos: float) -> np.ndarray:
    """A unit vector at about ``cos`` from the unit ``topic`` (the noise is nearly orthogonal in 384 dims)."""
    noise = _unit(rng.normal(size=DIM))
    return _unit(cos * topic + np.sqrt(1 - cos * cos) * noise)


@pytest.mark.parametrize("expected", [10, 10**6])  # exact scan, ANN index
def test_a_first_report_that_joined_nothing_joins_the_story_that_took_shape_later(expected):
    """A preview the day before is too far from any one later report to join it (cosine ~0.68 at a
    cut of 0.7), but close to the story they make together (~0.72): it joins once that story has
    grown; an article of another topic stays apart."""
    rng = np.random.default_rng(11)
    topic, other = _unit(rng.normal(size=DIM)), _unit(rng.normal(size=DIM))
    preview = ArticleFeatures("p", _noisy(rng, topic, 0.75), set(), "2025-01-01")
    stray = ArticleFeatures("x", _noisy(rng, other, 0.75), set(), "2025-01-01")
    reports = [ArticleFeatures(f"r{i}", _noisy(rng, topic, 0.9), set(), "2025-01-02") for i in range(4)]
    index = _index(0.7, expected=expected)
    p_story, x_story, first = index.assign_many([preview, stray, reports[0]])
    assert len({p_story, x_story, first}) == 3  # the preview is too far from one report
    later = index.assign_many(reports[1:])
    assert set(later) == {first}
    assert index.story_of(p_story) == first and index.by_id[first].size == 5
    assert (p_story, first) in index.merged and p_story not in index.by_id
    assert x_story in index.by_id and index.by_id[x_story].size == 1
