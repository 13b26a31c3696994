"""Copies of one text: wire copies, partial copies, write-throughs — by the sentences they share.

Two articles share a text when enough of their sentences are near-identical (word-trigram Jaccard,
candidates from a MinHash LSH index over every sentence of the story, so a story of hundreds of
articles is not compared pair by pair): an AP story printed by four sites, the same story with a
seaplane story appended, an early and a late write-through of one Reuters story, also within one
outlet. Whole-document similarity misses the last two: the appended or rewritten part swamps it.
A copy group is one source: it never corroborates itself, and every count of outlets counts it once.
"""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse
from scipy.cluster.hierarchy import DisjointSet

from storyline.model import Copy, Evidence, Finding, FindingKind, SyndicatedFacts
from storyline.reconcile.article import Article, cite, finding_id
from storyline.reconcile.settings import SETTINGS

#: where a body is cut into sentences for matching: after a full stop (or ! ?) and a closing quote,
#: before a capital or an opening quote (with or without a space: scraped pages glue sentences
#: together, "this week.The Russian-built"), and at every paragraph break
_CUT = re.compile(r"(?<=[a-z0-9][.!?])[\"'”’)]*\s*(?=[\"“‘(]?[A-Z])|(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[0-9])|\n+")
#: words in quotation marks: two outlets quoting one statement or one post have not copied each other
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def passages(body: str) -> list[frozenset[tuple[str, ...]]]:
    """The word-trigram sets of a body's sentences of at least ``copy_min_words`` words outside
    quotation marks (a short line — a dateline, "Photo: AP" — or a quoted statement is not evidence
    of copying)."""
    out: list[frozenset[tuple[str, ...]]] = []
    for piece in _CUT.split(body):
        toks = re.findall(r"\w+", _QUOTED.sub(" ", piece).lower())
        if len(toks) >= SETTINGS.copy_min_words:
            out.append(frozenset(zip(toks, toks[1:], toks[2:], strict=False)))
    return out


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / max(1, len(a | b))


def shared_sentences(arts: list[Article]) -> dict[tuple[int, int], tuple[int, int, int]]:
    """For each pair of articles (by index, the first lower) sharing a near-identical sentence:
    (shared, sentences of the first, sentences of the second), shared counted on the article with
    fewer sentences (its sentences that have a near-identical one in the other).

    A wire text printed everywhere repeats its sentences word for word: identical sentences are one
    unit, hashed and looked up once; near-identical units (``copy_sentence_jaccard``, candidates from
    a MinHash LSH index) are neighbours; the counts for every pair of articles come from two sparse
    products (articles × units, units × units), not from a loop over the pairs."""
    sents = [passages(a.body) for a in arts]
    unit_of: dict[frozenset[tuple[str, ...]], int] = {}
    rows, cols = [], []
    for i, ss in enumerate(sents):
        for t in ss:
            rows.append(i)
            cols.append(unit_of.setdefault(t, len(unit_of)))
    units = list(unit_of)
    if not units:
        return {}
    lsh = MinHashLSH(threshold=SETTINGS.copy_sentence_jaccard, num_perm=SETTINGS.minhash_perm)
    # in bulk: one set of hash permutations for every unit (made afresh for each, it cost 0.6 ms a
    # sentence, a second for a story read at 200 articles)
    signatures = list(MinHash.bulk(([" ".join(t).encode() for t in u] for u in units),
                                   num_perm=SETTINGS.minhash_perm, seed=7))
    for u, m in enumerate(signatures):
        lsh.insert(u, m)
    near_r, near_c = list(range(len(units))), list(range(len(units)))  # a unit is its own neighbour
    for u, m in enumerate(signatures):
        for v in lsh.query(m):
            if v != u and _jaccard(units[u], units[v]) >= SETTINGS.copy_sentence_jaccard:
                near_r.append(u)
                near_c.append(v)
    n_arts, n_units = len(arts), len(units)
    count = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_arts, n_units))  # sentences per unit
    near = sparse.csr_matrix((np.ones(len(near_r)), (near_r, near_c)), shape=(n_units, n_units))
    present = (count > 0).astype(np.float64)
    reach = ((near @ present.T) > 0).astype(np.float64)  # unit → articles holding it or a neighbour of it
    mine = (count @ reach).tocoo()  # [i, j]: sentences of i with a near-identical one in j
    got = {(int(i), int(j)): int(round(v)) for i, j, v in zip(mine.row, mine.col, mine.data, strict=True) if i != j}
    out = {}
    for (i, j), mine_ij in got.items():
        if i < j:
            n_i, n_j = len(sents[i]), len(sents[j])
            out[i, j] = (mine_ij if n_i <= n_j else got.get((j, i), 0), n_i, n_j)
    return out


def copies(shared: int, n_i: int, n_j: int) -> bool:
    """Whether two texts sharing ``shared`` sentences (of n_i and n_j) are copies of one text: most of
    the shorter one, or a long run of the longer one (a write-through that kept half its text)."""
    small = min(n_i, n_j)
    # a flash of one or two sentences copies by its lead alone
    if not small or shared < min(SETTINGS.copy_min_sentences, (small + 1) // 2):
        return False
    return shared / small >= SETTINGS.copy_share or shared >= SETTINGS.copy_long_run


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 1}


def flashes(arts: list[Article]) -> list[tuple[int, int]]:
    """(story, flash) index pairs: a wire flash of one or two sentences and the fuller story one
    outlet printed after it, the same day (a write-through: "Goldman Sachs, citing recent tax
    overhaul in US, expects to take a $5 billion hit to profits this quarter", then the story that
    opens "Goldman Sachs expects to take a $5 billion hit to profits for the fourth quarter …"). The
    flash's words lie in one of the story's first sentences (``copy_flash_containment``); its
    wording moved too much for the shared-sentence test. Within one outlet only: two outlets'
    one-line reports of one fact are not one text."""
    out = []
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        if _outlet(a):
            by_outlet[_outlet(a)].append(i)
    for members in by_outlet.values():
        for j in members:
            flash = arts[j]
            if not flash.sentences or len(passages(flash.body)) > SETTINGS.copy_flash_sentences:
                continue
            words = _words(flash.sentences[0].text)
            day = flash.published[:10] if flash.published else None
            for i in members:
                full = arts[i]
                if i == j or len(full.sentences) <= len(flash.sentences) or not day or not full.published \
                        or full.published[:10] != day:
                    continue
                if any(len(words & _words(s.text)) >= SETTINGS.copy_flash_containment * len(words)
                       for s in full.sentences[:SETTINGS.copy_flash_sentences + 1]):
                    out.append((i, j))
                    break
    return out


def syndication_groups(arts: list[Article]) -> list[list[Article]]:
    """Copy groups of the story's articles; sets ``Article.group`` (copies of one text share it),
    ``Article.copied_share`` (the share of text it has in common with a copy, for the finding) and
    ``Article.source``: copies of one text are never independent, nor the texts of one outlet (one
    outlet's own pages neither corroborate nor contradict each other); a wire text the outlet also
    printed is the agency's, not the outlet's own (an outlet's own story and the agency copy
    it carries are two sources: a text ``wire_min_outlets`` outlets print is a wire text)."""
    joined = DisjointSet(range(len(arts)))
    for (i, j), (shared, n_i, n_j) in sorted(shared_sentences(arts).items()):
        if copies(shared, n_i, n_j):
            joined.merge(i, j)
            part = round(shared / min(n_i, n_j), 2)
            for a in (arts[i], arts[j]):
                a.copied_share = max(a.copied_share, part)
    for i, j in flashes(arts):
        joined.merge(i, j)
        arts[j].copied_share = max(arts[j].copied_share, 1.0)
    groups: dict[int, list[Article]] = {}
    for i, a in enumerate(arts):
        a.group = joined[i]
        groups.setdefault(a.group, []).append(a)
    # a text many outlets print is the wire's, whoever hosts it: its source is its copy group. An
    # outlet's own texts are one source (its pages neither corroborate nor contradict each other)
    outlets = {g: {_outlet(a) for a in members} - {""} for g, members in groups.items()}
    first_of_outlet: dict[str, int] = {}
    for i, a in enumerate(arts):
        if _outlet(a) and len(outlets[a.group]) < SETTINGS.wire_min_outlets:
            joined.merge(first_of_outlet.setdefault(_outlet(a), i), i)
    for i, a in enumerate(arts):
        a.source = joined[i]
    return list(groups.values())


def _outlet(a: Article) -> str:
    return (a.outlet or "").strip().lower()


def syndicated(groups: list[list[Article]]) -> list[Finding]:
    """One finding per copy group, with the share of text its copies have in common."""
    out = []
    for g in groups:
        if len(g) < 2:
            continue
        g = sorted(g, key=lambda a: a.id)
        out.append(Finding(finding_id(FindingKind.SYNDICATED, [a.id for a in g]), FindingKind.SYNDICATED,
                           SyndicatedFacts(tuple(Copy(a.id, a.outlet) for a in g), max(a.copied_share for a in g)),
                           tuple(cite(a, a.sentences[0].start, a.sentences[0].end) if a.sentences
                                 else Evidence(a.id, 0, 0, "") for a in g)))
    return out
