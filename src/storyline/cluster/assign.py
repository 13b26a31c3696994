"""Incremental story assignment.

Each article is compared only with the stories nearest to its vector — the ``story_candidates``
best by cosine, from an approximate-nearest-neighbour index (usearch) in a big run, from an exact
scan in a small one — and a learned pair scorer (``cluster.pairs``: names weighted by rarity,
words, title, numbers, publication and event days, and the cosine) gives the probability that
article and story report one event. The article joins the likeliest story when that reaches
``story_threshold``; otherwise it starts a story. Story vectors and profiles are sums over their
articles, so an update is one article's worth of work. ``recluster`` replays every article in
insertion order through the same code, which is why it gives the same grouping as the incremental
runs did. After assignment, the stories touched are linked to the stories of their arc among their
nearest ones (``cluster.links``), found the same way.

A developing story can start twice: its first reports (the shooting, then the gunman named) may
share too little to join, and every later article joins one half or the other. An article that the
scorer places in two stories at once (each at least ``story_merge_threshold``) shows that they
report one event when the two were reported within ``story_merge_max_gap_days`` of each other
and neither spans more than ``story_merge_max_span_days`` (before this article: the next act of a
saga, weeks on, is another story, linked) and the stories
themselves look alike (the smaller, read as one article, joins the larger at ``story_merge_agree``:
a round-up of two events of one day fits both and is no evidence). The two become one: the larger
keeps its id (its address stays), the other's articles move to it (``merged``). This is the
scorer's own evidence, one article at a time, so the replay in ingest order still gives what the
incremental runs gave.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from usearch.index import Index

from storyline.cluster.embed import DIM
from storyline.cluster.links import link_stories
from storyline.cluster.pairs import (
    FEATURES,
    PairModel,
    StoryProfile,
    as_article,
    dated,
    load_model,
    pair_features,
)
from storyline.cluster.signals import ArticleFeatures, article_features, parse_day
from storyline.config import Settings, settings
from storyline.model import StoryLink

#: Where ``pair_features`` says that the article's names and the story's have none in common.
UNNAMED = FEATURES.index("no_shared_name")

__all__ = ["ArticleFeatures", "StoryIndex", "StoryState", "assign_articles", "features", "recluster"]


@dataclass
class StoryState:
    id: str
    num: int  # key in the ANN index
    total: np.ndarray  # sum of member article vectors
    size: int
    #: the stored profile (JSON, first date, last date), parsed the first time the story is scored:
    #: a store of 100k stories loads 100k strings, not 100k profiles for the garbage collector to walk
    stored: tuple[str | None, str | None, str | None] | None = field(default=None, repr=False)
    unit: np.ndarray = field(init=False, repr=False)  # the direction of ``total``, kept in step with it
    _profile: StoryProfile | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._renorm()

    @property
    def profile(self) -> StoryProfile:
        if self._profile is None:
            self._profile = StoryProfile.from_json(*self.stored) if self.stored else StoryProfile()
            self.stored = None
        return self._profile

    def add(self, art: ArticleFeatures) -> None:
        self.total = self.total + art.vector
        self.size += 1
        self.profile.add(art)
        self._renorm()

    def absorb(self, other: StoryState) -> None:
        """Take in every article of another story (a merge)."""
        self.total = self.total + other.total
        self.size += other.size
        self.profile.absorb(other.profile)
        self._renorm()

    def _renorm(self) -> None:
        n = np.linalg.norm(self.total)
        self.unit = (self.total / n if n else self.total).astype(np.float32)


class StoryIndex:
    """The stories of a store, in memory, with an ANN index over their vectors.

    The index (usearch HNSW, half-precision: same recall as float32 here, half the memory) only
    proposes candidates; every candidate is scored on its exact current vector."""

    #: Stories changed since the index was last updated are scanned exactly; past this many the
    #: index is updated in one batch (an HNSW insert costs more than a search).
    FLUSH_AT = 512

    #: Below this many articles in one run, stories are scanned exactly instead of through the
    #: ANN index. Measured here on 100k unit vectors: a one-thread HNSW build costs ~780 µs per
    #: story, an exact cosine ~33 ns, so the build only pays for itself past ~24,000 articles
    #: (whatever the number of stories); below that — and for every article POSTed to the API —
    #: the exact scan is faster, exact and deterministic.
    EXACT_BELOW = 20_000

    def __init__(self, stories: Iterable[dict], threshold: float, expected: int | None = None,
                 build_threads: int = 1, model: PairModel | None = None):
        self.threshold = threshold
        self.model = model or load_model()
        self.n_candidates = settings().story_candidates
        self.min_cosine = settings().story_min_cosine
        self.unnamed_threshold = max(threshold, settings().story_unnamed_threshold)
        self.undated_cosine = settings().story_undated_cosine
        self.merge_threshold = max(threshold, settings().story_merge_threshold)
        self.merge_agree = settings().story_merge_agree
        self.merge_gap = settings().story_merge_max_gap_days
        self.merge_span = settings().story_merge_max_span_days
        self.rejoin_size = settings().story_rejoin_max_size
        self.stories: dict[int, StoryState] = {}
        #: stories merged into another in this run, in the order it happened: (gone, kept)
        self.merged: list[tuple[str, str]] = []
        self._into: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.fresh: dict[int, int] = {}  # story num → its row in _fresh_mat
        self._fresh_mat = np.zeros((self.FLUSH_AT, DIM), dtype=np.float32)
        self._fresh_list: list[StoryState] = []
        for row in stories:
            st = StoryState(row["id"], len(self.stories) + 1, np.frombuffer(row["vector"], dtype=np.float32).copy(),
                            row["size"], (row["keys"], row["first_date"], row["last_date"]))
            self.stories[st.num] = st
        self.by_id: dict[str, StoryState] = {st.id: st for st in self.stories.values()}
        self._last_num = len(self.stories)
        self.exact = expected is not None and expected < self.EXACT_BELOW
        # one thread by default: a multi-threaded HNSW build links the graph in a different order on
        # every run, so the same articles could land in different stories; searches use every core
        self.build_threads = build_threads
        self.index: Index | None = None if self.exact else Index(ndim=DIM, metric="cos", dtype="f16")
        self._rows: dict[int, int] = {}  # exact mode: story num → row of _mat
        self._mat = np.zeros((max(16, 2 * len(self.stories)) if self.exact else 0, DIM), dtype=np.float32)
        if self.index is None:  # exact mode
            for st in self.stories.values():
                self._row_put(st)
        elif self.stories:  # one batch insert, not one add per story
            nums = np.fromiter(self.stories, dtype=np.uint64)
            self.index.add(nums, np.stack([self.stories[int(k)].unit for k in nums]), threads=build_threads)
        self._nums: np.ndarray | None = None  # exact mode: story num of each row of _mat, built when needed

    def _row_put(self, st: StoryState) -> None:
        row = self._rows.get(st.num)
        if row is None:
            row = self._rows[st.num] = len(self._rows)
            if row >= len(self._mat):
                self._mat = np.concatenate([self._mat, np.zeros_like(self._mat)])
            self._nums = None
        self._mat[row] = st.unit

    def _put(self, st: StoryState) -> None:
        self.stories[st.num] = st
        if self.exact:
            self._row_put(st)
            return
        row = self.fresh.get(st.num)
        if row is None:
            row = self.fresh[st.num] = len(self._fresh_list)
            self._fresh_list.append(st)
        self._fresh_mat[row] = st.unit
        if len(self._fresh_list) >= self.FLUSH_AT:  # rows of merged-away stories count: they hold a row
            self.flush()

    def flush(self) -> None:
        if not self.fresh or self.index is None:
            return
        nums = np.fromiter(self.fresh, dtype=np.uint64)
        for k in nums:
            if int(k) in self.index:
                self.index.remove(int(k))
        self.index.add(nums, np.stack([self.stories[int(k)].unit for k in nums]), threads=self.build_threads)
        self.fresh, self._fresh_list = {}, []

    def _nearest(self, vectors: np.ndarray) -> list[list[int]]:
        """ANN candidates for many articles in one (multi-threaded) batch search."""
        if self.index is None or not len(self.index) or not len(vectors):
            return [[] for _ in range(len(vectors))]
        found = self.index.search(vectors, min(self.n_candidates, len(self.index)))
        if not hasattr(found, "counts"):  # usearch answers a single query with plain Matches
            return [[int(k) for k in found.keys]]
        keys = np.asarray(found.keys).reshape(len(vectors), -1)
        return [[int(k) for k in keys[i][:found.counts[i]]] for i in range(len(vectors))]

    def _row_nums(self) -> np.ndarray:
        """Exact mode: the story number of each row of ``_mat`` (rebuilt after rows change)."""
        if self._nums is None:
            self._nums = np.zeros(len(self._rows), dtype=np.int64)
            self._nums[np.fromiter(self._rows.values(), dtype=np.int64)] = np.fromiter(self._rows, dtype=np.int64)
        return self._nums

    def _candidates(self, vec: np.ndarray, near: list[int]) -> list[tuple[StoryState, float]]:
        """The ``story_candidates`` stories nearest to the article by exact cosine, among those at
        least ``story_min_cosine`` close: in exact mode out of every story; otherwise out of the
        settled stories the index proposed and every freshly changed one."""
        if self.exact:
            nums = self._row_nums()
            sims = self._mat[:len(self._rows)] @ vec
            hits = np.flatnonzero(sims >= self.min_cosine)
            if len(hits) > self.n_candidates:  # the nearest few, without a Python pass over all of them
                hits = hits[np.argpartition(-sims[hits], self.n_candidates - 1)[:self.n_candidates]]
            pool = [(self.stories[int(nums[i])], float(sims[i])) for i in hits]
        else:
            # (a story merged away since the search is no longer there)
            pool = [(self.stories[k], float(self.stories[k].unit @ vec)) for k in near
                    if k in self.stories and k not in self.fresh]
            if self.fresh:
                sims = self._fresh_mat[:len(self._fresh_list)] @ vec
                hits = np.flatnonzero(sims >= self.min_cosine)
                pool += [(self._fresh_list[i], float(sims[i])) for i in hits]
            pool = [(st, c) for st, c in pool if c >= self.min_cosine]
        pool.sort(key=lambda sc: (-sc[1], sc[0].num))
        return pool[:self.n_candidates]

    def assign_many(self, arts: list[ArticleFeatures]) -> list[str]:
        """Assign articles in order. The index is searched for a run of articles at once: it cannot
        change within the run (changed stories are scanned exactly until the flush that ends it),
        so the result is the same as one search per article."""
        out: list[str] = []
        if self.exact:
            return [self._assign_one(art, []) for art in arts]
        i = 0
        while i < len(arts):
            run = arts[i:i + max(1, self.FLUSH_AT - len(self._fresh_list))]
            for art, near in zip(run, self._nearest(np.stack([a.vector for a in run])), strict=True):
                out.append(self._assign_one(art, near))
            i += len(run)
        return out

    def assign(self, art: ArticleFeatures) -> str:
        return self.assign_many([art])[0]

    def candidates(self, art: ArticleFeatures, near: list[int] | None = None) -> list[tuple[StoryState, float]]:
        """The stories the article is scored against, with their cosines (``near``: what the ANN
        index proposed; not needed in exact mode)."""
        return self._candidates(art.vector, near or []) if np.linalg.norm(art.vector) > 0 else []

    def _assign_one(self, art: ArticleFeatures, near: list[int]) -> str:
        cands = self.candidates(art, near)
        joined = [(p, st) for (st, _), p in zip(cands, self._joins([(art, st, cos) for st, cos in cands]), strict=True)
                  if p is not None]
        joined.sort(key=lambda ps: (-ps[0], ps[1].id))
        # the days are compared before the article joins: its own date must not bridge a gap of weeks
        also = [other for p, other in joined[1:] if p >= self.merge_threshold and self._close_in_time(joined[0][1], other)]
        st = self.place(art, joined[0][1] if joined else None)
        for other in also:
            if self._alike(st, other):
                st = self.merge(st, other)
        if st.size > 1:
            st = self._rejoin(st, near)
        return st.id

    def _joins(self, pairs: list[tuple[ArticleFeatures, StoryState, float]]) -> list[float | None]:
        """For each (article, story, cosine), in one scorer call: the probability that the article
        reports the story's event when it is enough to join it, else None. An article that names
        people or bodies, none of them the story's, needs ``story_unnamed_threshold``: another
        occurrence of the same kind shares the topic's words and none of its names. An undated pair
        lies mostly outside what the scorer was fitted on (its gap read as the usual one, weeks): the
        vectors decide it alone."""
        rows = [pair_features(art, st.profile, cos) for art, st, cos in pairs]
        out: list[float | None] = []
        for (art, st, cos), row, p in zip(pairs, rows, self.model.probability(rows), strict=True):
            if dated(art, st.profile):
                enough = p >= (self.unnamed_threshold if row[UNNAMED] else self.threshold)
            else:
                enough = cos >= self.undated_cosine
            out.append(float(p) if enough else None)
        return out

    def _as_one(self, pairs: list[tuple[StoryState, StoryState, float]]) -> list[float]:
        """For each (smaller story, larger story, cosine): the probability that the smaller, read as
        one article, reports the larger's event (one scorer call)."""
        rows = [pair_features(as_article(small.id, small.unit, small.profile), big.profile, cos)
                for small, big, cos in pairs]
        return [float(p) for p in self.model.probability(rows)]

    def _rejoin(self, st: StoryState, near: list[int]) -> StoryState:
        """The small stories near a story that just grew (``near``: what the index proposed for the
        article that made it grow) that would join it now, each read as one article scored as a new
        one would be: an article that came before the story took shape (its first report, a preview)
        and joined nothing then. ``recluster`` replays the same steps, so it ends the same way."""
        for other, cos in self._candidates(st.unit, near):
            if other is st or other.size > self.rejoin_size or other.size >= st.size:
                continue
            if self._joins([(as_article(other.id, other.unit, other.profile), st, cos)])[0] is not None:
                st = self.merge(st, other)
        return st

    def _close_in_time(self, a: StoryState, b: StoryState) -> bool:
        """Whether two stories are one that started twice by their days: each spans at most
        ``merge_max_span_days`` and they lie within ``merge_max_gap_days`` of each other. A story of
        weeks is a saga (the shutdown, the offer, the deal): its next act is another story, linked."""
        fa, la, fb, lb = (parse_day(d) for d in (a.profile.first_date, a.profile.last_date, b.profile.first_date,
                                                 b.profile.last_date))
        if fa is None or la is None or fb is None or lb is None:
            return False
        if max((la - fa).days, (lb - fb).days) > self.merge_span:
            return False
        return max((fb - la).days, (fa - lb).days) <= self.merge_gap

    def _alike(self, a: StoryState, b: StoryState) -> bool:
        """Whether the smaller story, read as one article, would join the larger at ``merge_agree``:
        an article that fits both can be a round-up of two events of one day; the stories themselves
        must look like one."""
        small, big = (a, b) if (a.size, -a.num) <= (b.size, -b.num) else (b, a)
        return self._as_one([(small, big, float(small.unit @ big.unit))])[0] >= self.merge_agree

    def merge(self, a: StoryState, b: StoryState) -> StoryState:
        """Make two stories one: the larger (tie: the older) keeps its id and takes the other's
        articles, vector and profile; returns the story kept."""
        keep, gone = (a, b) if (a.size, -a.num) >= (b.size, -b.num) else (b, a)
        keep.absorb(gone)
        self._drop(gone)
        self._put(keep)
        self.dirty.add(keep.id)
        self.dirty.discard(gone.id)
        self.merged.append((gone.id, keep.id))
        self._into[gone.id] = keep.id
        return keep

    def _drop(self, st: StoryState) -> None:
        """Take a merged-away story out of every candidate search."""
        del self.stories[st.num]
        self.by_id.pop(st.id, None)
        if self.exact:
            moved = int(self._row_nums()[len(self._rows) - 1])  # the last row fills the hole: rows stay dense
            row = self._rows.pop(st.num)
            last = len(self._rows)
            if row != last:
                self._rows[moved] = row
                self._mat[row] = self._mat[last]
            self._mat[last] = 0.0
            self._nums = None
            return
        if self.index is not None and st.num in self.index:
            self.index.remove(st.num)
        fresh_row = self.fresh.pop(st.num, None)
        if fresh_row is not None:  # the fresh rows are scanned by position: zeroed, it never reaches min_cosine
            self._fresh_mat[fresh_row] = 0.0

    def story_of(self, story_id: str) -> str:
        """The story a story id now belongs to (itself unless it was merged into another)."""
        while story_id in self._into:
            story_id = self._into[story_id]
        return story_id

    def place(self, art: ArticleFeatures, st: StoryState | None) -> StoryState:
        """Put the article in a story (None: a new one); returns that story."""
        if st is None:
            self._last_num += 1  # not len(stories) + 1: a merge frees a number that an index may still hold
            st = StoryState("s" + art.id, self._last_num, np.zeros(DIM, dtype=np.float32), 0)
            self.by_id[st.id] = st
        st.add(art)
        self._put(st)
        self.dirty.add(st.id)
        return st

    def links(self, ids: Iterable[str], s: Settings | None = None) -> list[StoryLink]:
        """The links of the given stories with the stories nearest to them by vector (the candidates
        an article with the story's vector would be scored against), each found pair once
        (``s``: the link settings, when not the current ones)."""
        todo = [self.by_id[i] for i in sorted(set(ids)) if i in self.by_id]
        if not todo:
            return []
        # no flush: the stories changed since the last one are scanned exactly, as for an article
        near = [[] for _ in todo] if self.exact else self._nearest(np.stack([st.unit for st in todo]))
        pairs = [(st.id, st.profile, st.size, other.id, other.profile, other.size, cos)
                 for st, nr in zip(todo, near, strict=True) for other, cos in self._candidates(st.unit, nr)
                 if other.id != st.id]
        # a lone article and a story: how likely the article reports the story's event
        lone = [(a_id, b_id, cos) for a_id, _, a_size, b_id, _, b_size, cos in pairs
                if min(a_size, b_size) <= self.rejoin_size < max(a_size, b_size)]
        ordered = [(x, y, cos) if x.size <= y.size else (y, x, cos)
                   for a, b, cos in lone for x, y in [(self.by_id[a], self.by_id[b])]]
        joins = dict(zip([(a, b) for a, b, _ in lone], self._as_one(ordered), strict=True)) if lone else {}
        return link_stories(pairs, s or settings(), joins)

    def rows(self, ids: Iterable[str]) -> list[dict]:
        by_id = self.by_id
        return [dict(id=i, vector=by_id[i].total.astype(np.float32).tobytes(), size=by_id[i].size,
                     keys=by_id[i].profile.to_json(), first_date=by_id[i].profile.first_date,
                     last_date=by_id[i].profile.last_date) for i in ids]


def features(row: dict) -> ArticleFeatures:
    """An article's assignment features from what ``Store.article_features`` yields."""
    vec = np.frombuffer(row["vector"], dtype=np.float32) if row["vector"] else np.zeros(DIM, dtype=np.float32)
    return article_features(row["id"], vec, row["published"], row.get("title"), row.get("body") or "",
                            row["entities"], row.get("days", ()))


def _assign(index: StoryIndex, store, article_ids: list[str], chunk: int = 2000) -> list[tuple[str, str]]:
    members: list[tuple[str, str]] = []
    feats: list[ArticleFeatures] = []
    for row in store.article_features(article_ids):
        feats.append(features(row))
        if len(feats) >= chunk:
            members += zip(index.assign_many(feats), (f.id for f in feats), strict=True)
            feats = []
    members += zip(index.assign_many(feats), (f.id for f in feats), strict=True)
    return [(index.story_of(sid), aid) for sid, aid in members]


def assign_articles(store, article_ids: list[str], threshold: float) -> set[str]:
    """Assign the given articles (in this order) to stories; returns the ids of the stories touched.

    Decided in memory, written in one transaction: an interrupted run leaves the stories as they were."""
    if not article_ids:
        return set()
    index = StoryIndex(store.story_states(), threshold, expected=len(article_ids))
    members = _assign(index, store, article_ids)
    touched = sorted(index.dirty)
    store.write_stories(index.rows(touched), members, clear=False, links=index.links(touched), linked=touched,
                        merged=index.merged)
    return set(index.dirty)


def recluster(store, threshold: float) -> set[str]:
    """Forget every story and assign all articles again, in the order they were ingested — in one
    transaction, so an interrupted recluster leaves the previous stories intact."""
    ids = store.article_ids_in_order()
    index = StoryIndex([], threshold, expected=len(ids))
    members = _assign(index, store, ids)
    store.write_stories(index.rows(index.dirty), members, clear=True, links=index.links(index.dirty))
    return set(index.dirty)
