"""Disputes an article reports, with both parties: a rebuttal read from the parse ("X disputed Y's
report") or a denial right after a quoted claim; one finding per dispute across outlets."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from storyline.analyze.rebuttals import read_rebuttals
from storyline.model import ClaimNoun, DisputedFacts, Evidence, Finding, FindingKind, Rebuttal
from storyline.nlp import parsed
from storyline.reconcile.article import Article, Sent, cite, cite_sentence, finding_id
from storyline.reconcile.settings import SETTINGS


# ---------------------------------------------------------------- disputes
def _party(a: Article, s: Sent, quotes: list[dict]) -> str | None:
    """Who speaks in a sentence: the speaker of a quote in it, else the first name in it."""
    for q in quotes:
        if s.start <= q["start"] < s.end + 1 and q.get("speaker"):
            return q["speaker"]
    names = sorted((a.body.find(a.names.get(e, "")), a.names[e]) for e in s.entities if e in a.names)
    return names[0][1] if names else None


_REBUTTALS: dict[str, tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]]] = {}


def _read_rebuttals(a: Article, own: list[Sent]) -> dict[int, tuple[list[ClaimNoun], list[tuple[Rebuttal, ClaimNoun]]]]:
    """Each own sentence's claim nouns and rebuttals (with the claim noun each rebuts), in body
    characters: as analyze stored them, or for articles stored before that, from the parse of
    each sentence here (the only parse reconcile still makes for disputes)."""
    out: dict[int, tuple[list[ClaimNoun], list[tuple[Rebuttal, ClaimNoun]]]] = {s.idx: ([], []) for s in own}
    if a.rebuttals is not None:
        nouns, rebuttals = a.rebuttals
        for n in nouns:
            if n.sentence in out:
                out[n.sentence][0].append(n)
        for r in rebuttals:
            if r.sentence in out:
                out[r.sentence][1].append((r, nouns[r.claim]))
        return out
    read = parsed((s.text for s in own), read_rebuttals, _REBUTTALS)
    for s in own:  # in sentence characters: moved to the body's
        nouns, rebuttals = read[s.text]
        moved = [replace(n, start=n.start + s.start, end=n.end + s.start, at=n.at + s.start, sentence=s.idx)
                 for n in nouns]
        out[s.idx] = (moved, [(replace(r, start=r.start + s.start, end=r.end + s.start, sentence=s.idx),
                               moved[r.claim]) for r in rebuttals])
    return out


def _reported(a: Article) -> list[tuple[Sent, Rebuttal, ClaimNoun, str, frozenset[str]]]:
    """Rebuttals an article reports ("X disputed Y's report"), each with the claim noun rebutted
    and its claimant: the owner of the claim noun, or for "the report" the last named owner of a
    claim noun before it."""
    own = [s for s in a.sentences if a.own(s.start)]
    read = _read_rebuttals(a, own)
    out = []
    last: tuple[str, frozenset[str]] | None = None
    for s in own:
        owned, rebuttals = read[s.idx]
        for r, claim in rebuttals:
            owner = (claim.owner, claim.owner_keys) if claim.owner else (last if claim.definite else None)
            if owner and not owner[1] & r.rebutter_keys:
                out.append((s, r, claim, owner[0], owner[1]))
        for o in owned:
            if o.owner:
                last = (o.owner, o.owner_keys)
    return out


@dataclass
class _Dispute:
    article: Article
    claim: Evidence
    rebuttal: Evidence
    claimant: str | None
    rebutter: str | None
    keys: tuple[frozenset[str], frozenset[str]] | None  # (claimant, rebutter) words, when read from the parse
    vec: np.ndarray


def disputes(arts: list[Article]) -> list[Finding]:
    """Disputes inside an article, with both parties: a rebuttal it reports ("X disputed Y's
    report", read from the parse), or a statement that points back at a quoted claim just before
    it ("X said …; Y denied these claims"). The same dispute told by several outlets (the same
    rebutter of the same claimant, or in another outlet of the story; close rebuttals between
    unnamed parties) is one finding."""
    found: list[_Dispute] = []
    for a in arts:
        for s, r, claim, claimant, ckeys in _reported(a):
            found.append(_Dispute(a, cite(a, claim.start, claim.end), cite_sentence(s), claimant,
                                  r.rebutter, (ckeys, r.rebutter_keys), s.vec))
        said: dict[int, set[str | None]] = {}
        for q in a.quotes:
            qs = a.sent_at(q["start"])
            if qs is not None:
                said.setdefault(qs.idx, set()).add(q.get("speaker_entity") or q.get("speaker"))
        for s in a.sentences:
            if not (a.own(s.start) and SETTINGS.refute.search(s.text) and SETTINGS.refuted_object.search(s.text)):
                continue
            own = said.get(s.idx, set())
            candidates = [p for p in a.sentences if s.idx - SETTINGS.dispute_window <= p.idx < s.idx
                          and p.idx in said and not (said[p.idx] & own - {None})]
            if not candidates:
                continue
            target = max(candidates, key=lambda p: float(p.vec @ s.vec))
            found.append(_Dispute(a, cite_sentence(target), cite_sentence(s), _party(a, target, a.quotes),
                                  _party(a, s, a.quotes), None, s.vec))
    merged: list[list[_Dispute]] = []
    for d in found:
        for g in merged:
            e = g[0]
            if d.keys and e.keys:
                # one rebutter of one claimant; or one rebutter in two outlets of the story, who name
                # the claimant differently (the accuser in one, the paper that printed it in another)
                same = bool(d.keys[1] & e.keys[1]) and (
                    bool(d.keys[0] & e.keys[0]) or d.article.source != e.article.source
                    or float(d.vec @ e.vec) >= SETTINGS.dispute_merge_cos)
            else:
                same = d.article.source != e.article.source and (
                    bool(d.claimant and d.rebutter and (d.claimant, d.rebutter) == (e.claimant, e.rebutter))
                    or float(d.vec @ e.vec) >= SETTINGS.dispute_merge_cos)
            if same:
                g.append(d)
                break
        else:
            merged.append([d])
    out = []
    for g in merged:
        ev = tuple(e for d in g for e in (d.claim, d.rebuttal))
        out.append(Finding(finding_id(FindingKind.DISPUTED, [(e.article, e.start) for e in ev]), FindingKind.DISPUTED,
                           DisputedFacts(g[0].claimant, g[0].rebutter, len({d.article.source for d in g}),
                                         reported=all(d.keys is not None for d in g)), ev))
    return out
