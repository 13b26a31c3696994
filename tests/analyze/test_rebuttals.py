"""Reported rebuttals read once from the parse at analyze time (``analyze.rebuttals``), on our own
fictional sentences: who rebuts, which claim noun and whose, in body characters; the look-alikes
that are not rebuttals (negated, hypothetical, a rejected proposal, a dismissed person)."""
from __future__ import annotations

import pytest

from storyline.model import Analysis, ClaimNoun, Rebuttal


def _one(a: Analysis) -> tuple[Rebuttal, ClaimNoun]:
    (r,) = a.rebuttals
    return r, a.claim_nouns[r.claim]


def test_a_reported_rebuttal_has_both_parties(analyze):
    body = "The harbour authority disputed the Coastal Times report that the pier had collapsed."
    r, claim = _one(analyze(body))
    assert {"authority", "harbour"} & r.rebutter_keys
    assert claim.owner == "Coastal Times" and claim.owner_keys & {"coastal", "times"}
    assert body[r.start:r.end] == "disputed" and body[claim.at:claim.at + 6] == "report"
    assert body[claim.start:claim.end].startswith("the Coastal Times report")
    assert claim.definite and r.sentence == claim.sentence == 0


def test_calling_a_claim_false_is_a_rebuttal_by_the_one_who_says_it(analyze):
    r, claim = _one(analyze("The mayor's spokesman said the newspaper's account was false."))
    assert "mayor" in r.rebutter_keys and "account" not in r.rebutter_keys
    assert "newspaper" in claim.owner_keys


def test_spans_and_sentences_are_the_article_s(analyze):
    """A later sentence's rebuttal points at its own sentence and at body characters, and an
    unowned "the report" keeps no owner (reconcile takes the last owned one before it)."""
    body = ("The Coastal Times published a report on Monday that the pier had collapsed.\n"
            "The harbour authority denied the report on Tuesday.")
    a = analyze(body)
    (r,) = a.rebuttals
    claim = a.claim_nouns[r.claim]
    assert r.sentence == claim.sentence == 1 and body[r.start:r.end] == "denied"
    assert body[claim.start:claim.end] == "the report" and claim.owner is None and claim.definite
    first = a.claim_nouns[0]
    assert first.sentence == 0 and first.owner_keys & {"coastal", "times"}


@pytest.mark.parametrize("sentence", [
    "The harbour authority did not dispute the Coastal Times report.",  # negated
    "The company could refute the claims at a trial.",  # may happen, did not
    "The council rejected the mayor's budget on Tuesday.",  # a proposal, not a claim
    "The chairman dismissed the witness after an hour.",  # a person, not a claim
    "The harbour master said the Coastal Times story was not false.",  # negated "false"
])
def test_look_alikes_are_not_rebuttals(analyze, sentence):
    assert analyze(sentence).rebuttals == ()


def test_a_rebutter_named_after_the_verb_and_an_owner_without_its_possessive(analyze):
    r, _ = _one(analyze("“The Coastal Times story is false,” said Harald Brenn, the harbour master."))
    assert r.rebutter == "Harald Brenn"
    _, claim = _one(analyze("The harbour authority disputed the Coastal Times’s report about the pier."))
    assert claim.owner == "the Coastal Times"
    r, _ = _one(analyze("“The report is false,” said the special counsel, who leads the inquiry."))
    assert r.rebutter == "the special counsel"


def test_a_word_hung_on_the_rebutter_across_a_comma_is_not_its_name(analyze):
    r, _ = _one(analyze("As such, independent harbour inspectors have disputed the Coastal Times account."))
    assert not r.rebutter.lower().startswith("such") and "inspectors" in r.rebutter
