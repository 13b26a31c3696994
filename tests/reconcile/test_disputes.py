"""Disputes, on our own fictional sentences: a rebuttal an outlet reports ("X disputed Y's
report") with both parties, one finding across outlets, from the rebuttals analyze stored or, for
articles stored before, from the parse here (the parse itself: tests/analyze/test_rebuttals.py)."""
from __future__ import annotations

import numpy as np

from storyline.model import DisputedFacts, FindingKind
from storyline.reconcile import article as F
from storyline.reconcile import disputes


def _article(aid: str, outlet: str, source: int, body: str) -> F.Article:
    sents, at = [], 0
    for i, text in enumerate(s.strip() for s in body.split("\n")):
        start = body.index(text, at)
        at = start + len(text)
        sents.append(F.Sent(aid, i, start, at, text, np.ones(4) / 2))
    vec = np.ones(4) / 2 if source == 1 else np.array([1.0, 0, 0, 0])  # two outlets: unlike sentences
    for x in sents:
        x.vec = vec
    return F.Article(aid, outlet, None, None, body, sents, [], [], [], source=source)


def test_one_dispute_told_by_two_outlets_is_one_finding_and_another_stays_apart():
    a = _article("a", "Harbour Daily", 1,
                 "The Coastal Times published a report on Monday that the pier had collapsed.\n"
                 "The harbour authority denied the report on Tuesday.")
    b = _article("b", "Valley Post", 2,
                 "The harbour authority disputed the Coastal Times report about the pier.\n"
                 "The ferry company rejected the union's claims about safety on the boats.")
    found = disputes.disputes([a, b])
    assert [f.kind for f in found] == [FindingKind.DISPUTED] * 2
    pier = next(f for f in found if {e.article for e in f.evidence} == {"a", "b"})
    facts = pier.facts
    assert isinstance(facts, DisputedFacts)
    assert facts.outlets == 2 and facts.reported
    assert "Coastal Times" in (facts.claimant or "") and "authority" in (facts.rebutter or "")
    # claim and rebuttal spans of each article point into its body
    for e in pier.evidence:
        body = (a if e.article == "a" else b).body
        assert body[e.start:e.end] == e.text
    ferry = next(f for f in found if f is not pier)
    assert {e.article for e in ferry.evidence} == {"b"}


def test_one_rebutter_in_two_outlets_naming_the_claimant_differently_is_one_dispute():
    a = _article("a", "Harbour Daily", 1, "The harbour authority denied the Coastal Times report about the pier.")
    b = _article("b", "Valley Post", 2, "The harbour authority rejected the diver's account of the collapse.")
    c = _article("c", "Valley Post", 2, "The harbour authority rejected the union's claims about the ferries.")
    for x in c.sentences:
        x.vec = np.array([0, 1.0, 0, 0])  # not the same sentence as b's
    found = disputes.disputes([a, b])
    assert len(found) == 1 and {e.article for e in found[0].evidence} == {"a", "b"}
    # within one outlet, two claimants are two disputes
    assert len(disputes.disputes([b, c])) == 2
