"""Headings of findings are what the articles say, never the lemma of a verb (issue 28)."""
from __future__ import annotations

from storyline.model import AgreementFacts, Day, Evidence, Finding, FindingKind, TimelineFacts
from storyline.present.words import HEADING_CHARS, describe

SAID = "The ferry Nordlys ran aground off Skarvik on Tuesday, the harbour master said."


def test_a_timeline_entry_is_headed_by_its_day_and_sentence():
    f = Finding("t1", FindingKind.TIMELINE, TimelineFacts(0, "2031-03-04", "tuesday", "day", "run"),
                (Evidence("a1", 0, len(SAID), SAID),))
    assert describe(f) == f"2031-03-04: {SAID}"


def test_a_day_agreement_is_headed_by_the_day_and_a_sentence_that_names_it():
    other = "On Tuesday the Nordlys struck the reef, officials in Skarvik confirmed."
    f = Finding("d1", FindingKind.AGREEMENT, AgreementFacts(2, 1, day=Day("Tuesday", "2031-03-04", "tuesday", "run")),
                (Evidence("a1", 0, len(SAID), SAID), Evidence("a2", 0, len(other), other)))
    assert describe(f) == f"Tuesday: {other}"
    assert "run on" not in describe(f)


def test_a_long_sentence_is_cut_at_a_word():
    long = " ".join(["The ferry Nordlys ran aground"] * 20) + "."
    f = Finding("t2", FindingKind.TIMELINE, TimelineFacts(0, "2031-03-04", None, "day", "run"),
                (Evidence("a1", 0, len(long), long),))
    head = describe(f)
    assert head.endswith(" …") and len(head) <= len("2031-03-04: ") + HEADING_CHARS + 2
    assert long.startswith(head[len("2031-03-04: "):-2])
