"""Exclusives: sentences carrying a name or a number that no independent outlet reports, in any words."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from storyline.model import ExclusiveFacts, Finding, FindingKind, Quantity
from storyline.reconcile import quantities as Q
from storyline.reconcile.article import Article, cite_sentence, finding_id
from storyline.reconcile.settings import SETTINGS


def _qclass(q: str | None) -> int:
    q = (q or "").lower()
    return (1 if q in SETTINGS.more_words else 2 if q in SETTINGS.less_words else 3 if q in SETTINGS.approx_words
            else 4 if q in SETTINGS.scale_words else 0)


def _allowed(kind, bound, other):
    """Whether ``other`` is a value that a qualifier of ``kind`` (``_qclass``) on ``bound`` allows —
    "more than 300" allows 340. Element-wise on numpy arrays as well as on numbers."""
    return (((kind == 1) & (other >= bound)) | ((kind == 2) & (other <= bound))
            | ((kind == 3) & (abs(other - bound) <= SETTINGS.approx_rel * bound))
            | ((kind == 4) & (bound <= other) & (other < bound * 1000)))


class _ClaimTable:
    """Every claim of a story as arrays per unit, so "does an independent outlet give a value
    compatible with this one?" is one vectorised test (``_compatible`` over all of them)."""

    def __init__(self, arts: list[Article]):
        rows: dict[str, list[tuple[float, int, int]]] = {}
        for a in arts:
            for c in a.claims:
                rows.setdefault(c["unit"] or "", []).append((c["value"], _qclass(c["qualifier"]), a.source))
        self.by_unit = {u: tuple(np.array(col) for col in zip(*r, strict=True)) for u, r in rows.items()}

    def matched_elsewhere(self, c: dict, group: int) -> bool:
        if (c["unit"] or "") not in self.by_unit:
            return False
        v, q, g = self.by_unit[c["unit"] or ""]
        v1 = c["value"]
        ok = np.abs(v - v1) <= SETTINGS.same_value_rel * np.maximum(np.abs(v), abs(v1))
        ok |= _allowed(_qclass(c["qualifier"]), v1, v)  # this claim's qualifier allows their value
        ok |= _allowed(q, v, v1)  # or theirs allows this one
        return bool((ok & (g != group)).any())


def exclusives(arts: list[Article], figures: Iterable[Finding] = ()) -> list[Finding]:
    """Sentences carrying a name or a number that no independent outlet reports, in any words
    (never in an appended second story). A figure another outlet gives compatibly (``figures``:
    the number findings, whose evidence sentences hold it) is not exclusive."""
    told = {(e.article, e.start) for f in figures if f.kind in {FindingKind.AGREEMENT, FindingKind.COMPATIBLE}
            for e in f.evidence}
    out = []
    rows = [(a.source, s.vec) for a in arts for s in a.sentences if a.own(s.start)]
    mat = np.stack([v for _, v in rows]) if rows else np.zeros((0, 0), dtype=np.float32)
    row_group = np.array([g for g, _ in rows])
    entity_groups: dict[str, set[int]] = {}
    for a in arts:
        for s in a.sentences:
            if a.own(s.start):
                for e in s.entities:
                    entity_groups.setdefault(e, set()).add(a.source)
    table = _ClaimTable(arts)
    for a in arts:
        if not any(b.source != a.source for b in arts):
            continue
        elsewhere = row_group != a.source
        if a.sentences and elsewhere.any():
            sims = np.stack([s.vec for s in a.sentences]) @ mat[elsewhere].T
            restated = sims.max(axis=1)
        else:
            restated = np.zeros(len(a.sentences))
        unmatched = {i: not table.matched_elsewhere(c, a.source) for i, c in enumerate(a.claims)}
        for n, s in enumerate(a.sentences):
            if not a.own(s.start):
                continue
            anchors = sorted(name for e in s.entities if entity_groups[e] <= {a.source}
                             and len((name := a.names.get(e, e)).strip(" .")) >= SETTINGS.anchor_min_chars)
            for i, c in enumerate(a.claims):
                written = a.body[c["start"]:c["end"]]
                if s.start <= c["start"] < s.end + 1 and unmatched[i] and (a.id, s.start) not in told and Q.specific(
                        Quantity(c["value"], Q.bound_of(c["qualifier"]), unit=c["unit"]), written):
                    anchors.append(written)
            if not anchors or restated[n] >= SETTINGS.restated_cos:
                continue
            out.append(Finding(finding_id(FindingKind.EXCLUSIVE, (a.id, s.idx)), FindingKind.EXCLUSIVE,
                               ExclusiveFacts(a.outlet, tuple(anchors[:SETTINGS.exclusive_anchors])), (cite_sentence(s),)))
    return out
