"""Headings of findings are what the articles say, never the lemma of a verb (issue 28)."""
from __future__ import annotations

import pytest

from storyline.model import AgreementFacts, Bound, Day, Evidence, Finding, FindingKind, Quantity, TimelineFacts
from storyline.present.words import HEADING_CHARS, describe, quantity

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


def test_a_day_is_headed_by_a_whole_sentence_of_its_tellings_when_one_fits():
    """A day's tellings are all whole sentences: when the one that names it best is too long to
    quote, a shorter whole one heads the finding, never a sentence cut off mid-way (issue 28)."""
    longer = ("SKARVIK, Norway — The ferry Nordlys, carrying 140 passengers and a crew of twelve on its "
              "morning run from Skarvik to Vell, struck the reef off the harbour mouth on Tuesday in a squall "
              "that had come up within minutes, the coastguard and the ferry company said.")
    whole = ("The ferry Nordlys struck the reef off Skarvik harbour on Tuesday with 140 passengers aboard "
             "during a squall that the harbour master said had come up within minutes of its departure.")
    assert len(longer) > 200 >= len(whole) > HEADING_CHARS
    f = Finding("d2", FindingKind.AGREEMENT, AgreementFacts(2, 0, day=Day("Tuesday", "2031-03-04", "tuesday", "strike")),
                (Evidence("a1", 0, len(longer), longer), Evidence("a2", 0, len(whole), whole)))
    assert describe(f) == f"Tuesday: {whole}"


@pytest.mark.parametrize("q, said", [
    (Quantity(143e6, counted="consumer"), "143 million"),
    (Quantity(145.5e6, bound=Bound.APPROX, qualifier="roughly"), "roughly 145.5 million"),
    (Quantity(10097.58, unit="USD"), "$10,097.58"),
    (Quantity(41.2, unit="USD", bound=Bound.AT_LEAST, qualifier="more than"), "more than $41.20"),
    (Quantity(4250, unit="GBP"), "£4,250"),
    (Quantity(5, bound=Bound.RANGE, high=7, unit="USD"), "$5–$7"),
    (Quantity(1234567), "1,234,567"),  # not a round count of millions: every digit
])
def test_a_figure_is_written_as_a_reporter_writes_it(q, said):
    assert quantity(q) == said
