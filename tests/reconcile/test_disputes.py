"""Disputes read from the parse, on our own fictional sentences: a rebuttal an outlet reports
("X disputed Y's report", "X said the report was false") with both parties, one finding across
outlets, and the look-alikes that are not disputes (negated, hypothetical, a rejected proposal,
a dismissed person)."""
from __future__ import annotations

import numpy as np
import pytest

from storyline.model import DisputedFacts, FindingKind
from storyline.nlp import parse
from storyline.reconcile import findings as F


def _read(sentence: str) -> tuple[tuple[F._Owned, ...], tuple[F._Rebuttal, ...]]:
    return F._claims_and_rebuttals(next(iter(parse([sentence]))))


def test_a_reported_rebuttal_has_both_parties():
    _, (r,) = _read("The harbour authority disputed the Coastal Times report that the pier had collapsed.")
    assert "authority" in r.rebutter_keys or "harbour" in r.rebutter_keys
    assert r.claim.owner_keys & {"coastal", "times"}


def test_calling_a_claim_false_is_a_rebuttal_by_the_one_who_says_it():
    _, (r,) = _read("The mayor's spokesman said the newspaper's account was false.")
    assert "mayor" in r.rebutter_keys and "account" not in r.rebutter_keys
    assert "newspaper" in r.claim.owner_keys


@pytest.mark.parametrize("sentence", [
    "The harbour authority did not dispute the Coastal Times report.",  # negated
    "The company could refute the claims at a trial.",  # may happen, did not
    "The council rejected the mayor's budget on Tuesday.",  # a proposal, not a claim
    "The chairman dismissed the witness after an hour.",  # a person, not a claim
])
def test_look_alikes_are_not_rebuttals(sentence):
    assert _read(sentence)[1] == ()


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
    found = F.disputes([a, b])
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


def test_a_rebutter_named_after_the_verb_and_an_owner_without_its_possessive():
    _, (r,) = _read("“The Coastal Times story is false,” said Harald Brenn, the harbour master.")
    assert r.rebutter == "Harald Brenn"
    _, (r,) = _read("The harbour authority disputed the Coastal Times’s report about the pier.")
    assert r.claim.owner == "the Coastal Times"
    _, (r,) = _read("“The report is false,” said the special counsel, who leads the inquiry.")
    assert r.rebutter == "the special counsel"


def test_one_rebutter_in_two_outlets_naming_the_claimant_differently_is_one_dispute():
    a = _article("a", "Harbour Daily", 1, "The harbour authority denied the Coastal Times report about the pier.")
    b = _article("b", "Valley Post", 2, "The harbour authority rejected the diver's account of the collapse.")
    c = _article("c", "Valley Post", 2, "The harbour authority rejected the union's claims about the ferries.")
    for x in c.sentences:
        x.vec = np.array([0, 1.0, 0, 0])  # not the same sentence as b's
    found = F.disputes([a, b])
    assert len(found) == 1 and {e.article for e in found[0].evidence} == {"a", "b"}
    # within one outlet, two claimants are two disputes
    assert len(F.disputes([b, c])) == 2
