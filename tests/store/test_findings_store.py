"""The store returns the typed findings it was given (facts read back into their dataclasses)."""
from __future__ import annotations

import pytest

from storyline.model import (
    FACTS_OF,
    AgreementFacts,
    Bound,
    Evidence,
    EvolvingFacts,
    Finding,
    FindingKind,
    Quantity,
    SeriesPoint,
    Span,
    VariantFacts,
)
from storyline.store.codec import facts_from_json, facts_json


def test_every_stored_finding_comes_back_typed_and_equal(example_store):
    for s in example_store.stories():
        found = example_store.findings(s["id"])
        for f in found:
            assert isinstance(f.kind, FindingKind) and isinstance(f.facts, FACTS_OF[f.kind])
            assert all(isinstance(e, Evidence) for e in f.evidence)
        example_store.replace_findings(s["id"], s["title"], s["summary"], found)
        assert sorted(example_store.findings(s["id"]), key=lambda f: f.id) == sorted(found, key=lambda f: f.id)


def test_nested_facts_round_trip():
    q = Quantity(30, Bound.RANGE, 40, "km", "people", "kill", None)
    for facts, kind in ((AgreementFacts(3, 1, quantity=q), FindingKind.AGREEMENT),
                        (EvolvingFacts("people", "kill", None, (SeriesPoint("2025-09-01", "A", q, 0),)),
                         FindingKind.EVOLVING),
                        (VariantFacts("X", ((Span("a", 1, 4),), ())), FindingKind.VARIANT)):
        assert facts_from_json(kind, facts_json(facts)) == facts


def test_a_finding_carries_the_facts_of_its_kind():
    with pytest.raises(TypeError):
        Finding("x", FindingKind.CONFLICT, AgreementFacts(2), ())
