"""Figures compared across outlets: one agreement per figure every outlet gives, compatible pairs
("more than 400" / "430"), and conflicts only between independent outlets giving exact, disjoint
values of one measure at about the same time. How a figure moved over time is ``figures``."""
from __future__ import annotations

from typing import Any

import numpy as np

from storyline.model import (
    AgreementFacts,
    Bound,
    CompatibleFacts,
    ConflictFacts,
    Evidence,
    Finding,
    FindingKind,
    Quantity,
)
from storyline.reconcile import quantities as Q
from storyline.reconcile.article import Article, Sent, cite, finding_id, own_sentence, same_time
from storyline.reconcile.settings import SETTINGS


# ---------------------------------------------------------------- numbers
def _counted(c: dict) -> set[str]:
    """The words of the counted thing (analyze stores the head noun's lemma: "passengers" →
    passenger), so 'cease-fire'/'ceasefire' and 'fuel'/'fuel oil' meet."""
    return set((c["counted"] or "").replace("-", "").lower().split())


def _claim_pairs(unit: str, claims: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    """The pairs of one unit's claims that can be about the same thing, in the order a full double
    loop would meet them: pairs sharing a counted word, and pairs of bare figures (with a unit:
    all of them; without: only those of the same value). ``claims`` rows hold the claim at [1]
    and its counted stems at [3]. A story of hundreds of articles has thousands of claims;
    comparing every pair is what made it slow."""
    found: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = {}
    bare: list[int] = []
    for i, row in enumerate(claims):
        c, stems = row[1], row[3]
        for w in stems:
            postings.setdefault(w, []).append(i)
        if c["counted"] is None:
            bare.append(i)
    for ids in postings.values():
        found.update((x, y) for n, x in enumerate(ids) for y in ids[n + 1:])
    if unit:
        found.update((x, y) for n, x in enumerate(bare) for y in bare[n + 1:])
    else:  # a sweep over values: "same" means within 0.5 %
        order = sorted(bare, key=lambda i: claims[i][1]["value"])
        for n, x in enumerate(order):
            vx = claims[x][1]["value"]
            for y in order[n + 1:]:
                vy = claims[y][1]["value"]
                if abs(vy - vx) > SETTINGS.same_value_rel * max(abs(vx), abs(vy)):
                    break
                found.add((min(x, y), max(x, y)))
    return sorted(found)


_Row = tuple[Article, dict, Sent, set[str], Quantity]


def _figure_key(q: Quantity) -> tuple:
    return (round(q.value, 6), q.high, Q.dimension(q), q.counted, q.measure)


def number_findings(arts: list[Article]) -> list[Finding]:
    """Figures of one counted thing across outlets: one agreement per figure; compatible pairs;
    evolving series (values that change as reports come later); and conflicts only between two
    independent outlets giving exact, disjoint values at about the same time."""
    out: list[Finding] = []
    agreed: dict[tuple, tuple[list[Evidence], list[int], Quantity]] = {}
    by_unit: dict[str, list[_Row]] = {}
    for a in arts:
        for c, q in a.quants:
            s = own_sentence(a, c["start"])
            if s is not None and not SETTINGS.rank_before.search(
                    a.body[max(0, c["start"] - SETTINGS.rank_window):c["start"]]) and not Q.in_name(
                    a.body[s.start:c["start"]], None):
                # "Route 91", "Boeing 737": names, not figures ("lap 48" names a lap, but two outlets
                # that give it agree on it: kept here, never followed as a moving figure)
                by_unit.setdefault(Q.dimension(q), []).append((a, c, s, _counted(c), q))
    seen = set()
    # the nearest value each report is paired with in each other article: a figure is set beside its
    # own telling there, not beside another figure of that article ("donated $15 million … and paid
    # $13.6 million in taxes" / "gave nearly $15 million": the $15 million, not the $13.6 million)
    nearest: dict[tuple[str, int, str], float] = {}
    paired: list[tuple[Finding, tuple[str, int, str], tuple[str, int, str], float]] = []
    pairs = ((rows[x], rows[y]) for unit, rows in by_unit.items() for x, y in _claim_pairs(unit, rows))
    for r1, r2 in pairs:
        (a, c1, s1, k1, q1), (b, c2, s2, k2, q2) = r1, r2
        if a.id == b.id or a.group == b.group:
            continue
        if q1.measure and q2.measure and q1.measure != q2.measure:
            continue  # "30 killed" and "30 injured" are two things
        both_bare = c1["counted"] is None and c2["counted"] is None
        same_counted = bool(k1 & k2)
        cos = float(s1.vec @ s2.vec)
        if cos < (SETTINGS.same_figure_cos if same_counted else SETTINGS.bare_figure_cos):
            continue
        if _small_count(q1) and _small_count(q2) and _clause_cos(s1, c1, s2, c2) < SETTINGS.small_count_clause_cos:
            continue  # "two first-class passengers gave them blankets" / "… by two unruly white passengers"
        rel = Q.relation(q1, q2)
        if rel is None:
            continue
        same_thing = ((same_counted and cos >= SETTINGS.same_figure_cos)
                      or (both_bare and c1["unit"] and rel is not Q.Relation.DISJOINT
                          and cos >= SETTINGS.bare_figure_cos)
                      or (both_bare and rel is Q.Relation.SAME and cos >= SETTINGS.bare_same_figure_cos))
        if not same_thing:
            continue
        key = (a.id, c1["start"], b.id, c2["start"])
        if key in seen:
            continue
        seen.add(key)
        gap = _gap(q1, q2)
        for side in ((a.id, c1["start"], b.id), (b.id, c2["start"], a.id)):
            nearest[side] = min(gap, nearest.get(side, gap))
        at_once = same_time(a.published, b.published)
        if rel is not Q.Relation.SAME and not at_once and q1.value != q2.value:
            # a later report of one quantity with another value ("at least 12 killed", then "at
            # least 30 killed") is how the figure moved, never a conflict (``figures.evolving``)
            continue
        if a.source == b.source:
            continue
        ev = [cite(a, s1.start, s1.end), cite(b, s2.start, s2.end)]
        if rel is Q.Relation.SAME:
            if not Q.specific(q1, a.body[c1["start"]:c1["end"]]):
                continue  # "one point", "dozens": a word, not a figure anyone reports
            # one agreement per figure, with every outlet that gives it
            fig = _figure_key(q1)
            have_ev, sources, _ = agreed.setdefault(fig, ([], [], q1))
            for e, src in zip(ev, (a.source, b.source), strict=True):
                if all((x.article, x.start) != (e.article, e.start) for x in have_ev):
                    have_ev.append(e)
                    sources.append(src)
        elif rel is Q.Relation.COMPATIBLE and _close(q1, q2) and cos >= (
                SETTINGS.compatible_cos if same_counted else SETTINGS.compatible_bare_cos):
            paired.append((Finding(finding_id(FindingKind.COMPATIBLE, key), FindingKind.COMPATIBLE,
                                   CompatibleFacts((q1, q2)), tuple(ev)),
                           (a.id, c1["start"], b.id), (b.id, c2["start"], a.id), gap))
        elif (at_once and same_counted and {q1.bound, q2.bound} <= {Bound.EXACT, Bound.RANGE}
              and _said_alike(q1, q2)
              and (cos >= SETTINGS.figure_conflict_cos
                   or (q1.frame is not None and q1.frame == q2.frame and cos >= SETTINGS.framed_conflict_cos))):
            # "a 48-page indictment" / "a 47-page indictment": one thing measured two ways
            paired.append((Finding(finding_id(FindingKind.CONFLICT, key), FindingKind.CONFLICT,
                                   ConflictFacts(quantities=(q1, q2)), tuple(ev)),
                           (a.id, c1["start"], b.id), (b.id, c2["start"], a.id), gap))
    out.extend(f for f, one, other, gap in paired if gap <= nearest[one] and gap <= nearest[other])
    for fig, (ev_list, sources, q) in agreed.items():
        out.append(Finding(finding_id(FindingKind.AGREEMENT, [fig, ev_list[0].article, ev_list[0].start]),
                           FindingKind.AGREEMENT, AgreementFacts(len(set(sources)), 0, quantity=q), tuple(ev_list)))
    return _widen_conflicts(out)


def _small_count(q: Quantity) -> bool:
    """A count of a few things ("two passengers", "three days"): a whole number under ``small_count``
    of no unit or of time (not a share, "a fifth"; not a sum or a measure)."""
    return (q.value == int(q.value) and 0 < q.value < SETTINGS.small_count
            and (q.unit is None or Q.dimension(q) == "[time]"))


def _clause_cos(s1: Sent, c1: dict, s2: Sent, c2: dict) -> float:
    """How alike the clauses holding two figures are (their sentences' likeness when a clause has no
    vector): a small count recurs in a story, said of other things in the same long sentence."""
    return float(_clause_vec(s1, c1["start"]) @ _clause_vec(s2, c2["start"]))


def _clause_vec(s: Sent, at: int) -> np.ndarray:
    """The vector of the clause of ``s`` holding character ``at`` (the sentence's when it has none)."""
    return next((cl.vec for cl in s.clauses if cl.start <= at < cl.end and cl.vec is not None), s.vec)


def _gap(q1: Quantity, q2: Quantity) -> float:
    """How far apart two values are, as a share of the larger (0: the same value)."""
    top = max(abs(q1.value), abs(q2.value))
    return abs(q1.value - q2.value) / top if top else 0.0


def _said_alike(q1: Quantity, q2: Quantity) -> bool:
    """Whether two figures say what they measure the same way — what happened to the counted thing
    ("seven were killed" / "nine were killed"), the noun a modifier measures ("a 48-page
    indictment"), or a measure named as a noun ("the death toll") — so that two values of them can
    contradict each other. "Four fire crews" and "22 ambulance crews" count one noun, not one thing."""
    if q1.measure is not None or q2.measure is not None:
        return q1.measure == q2.measure
    if q1.frame is not None or q2.frame is not None:
        return q1.frame == q2.frame
    return " " in (q1.counted or "") and q1.counted == q2.counted


def _widen_conflicts(found: list[Finding]) -> list[Finding]:
    """A conflict side that other outlets agree with carries their evidence too (48 pages in two
    outlets, 47 in one: three sides)."""
    agreements = [f for f in found if f.kind is FindingKind.AGREEMENT]
    out = []
    for f in found:
        if f.kind is not FindingKind.CONFLICT or not isinstance(f.facts, ConflictFacts):
            out.append(f)
            continue
        ev, qs = list(f.evidence), list(f.facts.quantities)
        for e, q in zip(f.evidence, f.facts.quantities, strict=True):
            for g in agreements:
                aq = g.facts.quantity if isinstance(g.facts, AgreementFacts) else None
                if (aq is not None and aq.frame == q.frame and Q.relation(aq, q) is Q.Relation.SAME
                        and any((x.article, x.start) == (e.article, e.start) for x in g.evidence)):
                    for x in g.evidence:
                        if all((y.article, y.start) != (x.article, x.start) for y in ev):
                            ev.append(x)
                            qs.append(q)
        out.append(Finding(f.id, f.kind, ConflictFacts(quantities=tuple(qs)), tuple(ev)))
    return out


def _close(q1: Quantity, q2: Quantity) -> bool:
    """Two figures near enough to be two statements of one ("more than 400" / "430"), not any
    pair an open bound allows ("at least 544" / "1.5 million")."""
    lo, hi = sorted((abs(q1.value), abs(q2.value)))
    return lo > 0 and hi / lo <= SETTINGS.compatible_ratio
