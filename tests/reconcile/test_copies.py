"""Copies of one text by the sentences they share (``reconcile.copies``), on our own fictional wire
story: printed whole, cut short, and with another story appended; an early and a late
write-through; two reports that quote one statement without copying each other; two editions of
one outlet."""
from __future__ import annotations

import pytest

from storyline.clean.meta import outlet_name
from storyline.reconcile import article as F
from storyline.reconcile import copies as C

WIRE = [
    "A passenger ferry ran aground on a sandbank off the island of Varn early on Saturday, the coastguard said.",
    "All 212 passengers and 14 crew were taken off the ferry Halden by lifeboats and fishing boats within three hours.",
    "The coastguard said four passengers were treated for hypothermia at the harbour clinic in Varn town.",
    "The ferry company said the Halden had left the mainland port of Ostby on schedule on Friday night.",
    "Investigators from the maritime authority were flown to the island by helicopter on Saturday afternoon.",
    "Fishermen on Varn said the channel had shifted after last month's storms and was badly marked.",
    "The company said a replacement vessel would run the Ostby to Varn crossing from Monday.",
    "The Halden was built in 1998 and carries up to 400 passengers and 60 cars, according to the company.",
]
SEAPLANE = [
    "In a separate incident, a seaplane with two people on board made an emergency landing on Lake Mirren.",
    "Both were unhurt and the aircraft was towed to the jetty at Mirren by a rescue boat, police said.",
    "The pilot reported engine trouble shortly after taking off from the lake's northern shore.",
]


def _art(aid: str, outlet: str, sentences: list[str]) -> F.Article:
    return F.Article(aid, outlet, None, None, "\n".join(sentences), [], [], [], [])


def test_a_wire_story_in_three_outlets_is_one_group_and_one_source():
    whole = _art("a", "Varn Herald", WIRE)
    cut = _art("b", "Coast Daily", ["OSTBY (Wire) - The ferry Halden ran aground off Varn on Saturday morning.",
                                    *WIRE[1:5]])
    appended = _art("c", "Island Times", [*WIRE[:6], *SEAPLANE])
    own = _art("d", "Northern Post", [
        "Lifeboat crews from Varn brought everyone ashore after the Halden stuck fast on a sandbank, they told us.",
        "Passengers described a sudden jolt and the lights going out in the lounge shortly after dawn.",
        "One woman said the crew had handed out blankets and kept everyone calm on the upper deck.",
        "The maritime authority has opened an inquiry into how the ferry strayed from the marked channel."])
    groups = C.syndication_groups([whole, cut, appended, own])
    assert sorted(sorted(a.id for a in g) for g in groups) == [["a", "b", "c"], ["d"]]
    assert whole.source == cut.source == appended.source != own.source, "a copy confirms nothing on its own"
    (found,) = C.syndicated(groups)
    assert {c.article for c in found.facts.copies} == {"a", "b", "c"}  # type: ignore[union-attr]
    # the cut copy prints four of its five sentences from the wire text (its own first line is the fifth)
    assert found.facts.shared == 0.8  # type: ignore[union-attr]


def test_an_early_and_a_late_write_through_of_one_story_are_one_text():
    early = _art("e", "Wire", WIRE[:5])
    late = _art("l", "Wire", [
        "A maritime inquiry began on Sunday into how the ferry Halden ran aground off Varn with 226 people aboard.",
        *WIRE[1:5],
        "The inquiry will hear from the captain and the harbour pilot on Monday, the authority said.",
        "The company said it would pay for passengers' hotel rooms on the mainland until the crossing reopens.",
        "Divers who inspected the hull on Sunday found a dent but no breach, the company said."])
    C.syndication_groups([early, late])
    assert early.group == late.group


def test_two_reports_quoting_one_statement_are_not_copies():
    statement = ("\"All passengers are safe and accounted for, and we are working with the authorities to understand "
                 "what happened,\" the company said in a statement.")
    a = _art("x", "Varn Herald", [WIRE[0], statement,
                                  "Residents of Varn town gathered at the harbour to watch the lifeboats come in.",
                                  "The island's only hotel opened its dining room to passengers waiting for news.",
                                  "A local teacher said her class had watched the rescue from the school windows.",
                                  "The mayor of Varn thanked the fishing crews who joined the rescue before dawn."])
    b = _art("y", "Coast Daily", ["The Halden, a 26-year-old ferry, stuck fast on a sandbank as it neared Varn.",
                                  statement,
                                  "Shipping analysts said channels around the island are surveyed only every five years.",
                                  "The ferry company's shares fell four percent in early trading on Monday.",
                                  "A rival operator offered to run extra crossings while the Halden is repaired.",
                                  "The maritime authority said its report would take at least six months."])
    C.syndication_groups([a, b])
    assert a.group != b.group and a.source != b.source


@pytest.mark.parametrize("given, url, name", [
    ("usa.orskdaily.com", None, "orskdaily.com"),
    ("europe.orskdaily.com", None, "orskdaily.com"),  # two editions of one outlet: one outlet
    ("www.varnherald.co.uk", None, "varnherald.co.uk"),
    ("The Varn Herald", "https://www.varnherald.co.uk/x", "The Varn Herald"),  # a name the page gives is kept
    (None, "https://news.varnherald.co.uk/2031/ferry", "varnherald.co.uk"),
    (None, None, None),
])
def test_an_outlet_is_one_name_for_its_editions(given, url, name):
    assert outlet_name(given, url) == name


def test_two_editions_of_one_outlet_are_one_source():
    a = _art("u", outlet_name("usa.orskdaily.com", None) or "", WIRE[:2])
    b = _art("v", outlet_name("europe.orskdaily.com", None) or "", SEAPLANE)
    C.syndication_groups([a, b])
    assert a.group != b.group and a.source == b.source


def _dated(aid: str, outlet: str, published: str, sentences: list[str]) -> F.Article:
    import numpy as np  # noqa: PLC0415

    body, sents = "", []
    for n, text in enumerate(sentences):
        sents.append(F.Sent(aid, n, len(body), len(body) + len(text), text, np.zeros(3, dtype=np.float32)))
        body += text + "\n"
    return F.Article(aid, outlet, None, published, body.rstrip("\n"), sents, [], [], [])


def test_a_flash_and_the_story_its_outlet_printed_after_it_are_one_text():
    """A one-sentence wire flash, then the full story in the same outlet that day, its lead worded
    anew: one group. Another outlet's one-liner of the same words in its own order is not a copy."""
    flash = _dated("f", "Varn Herald", "2031-05-03T06:10",
                   ["VARN — The ferry Halden, carrying 212 passengers, ran aground off Varn on Saturday, coastguard says."])
    full = _dated("w", "Varn Herald", "2031-05-03T08:40", [
        "VARN — The ferry Halden ran aground on a sandbank off Varn early on Saturday with 212 passengers on "
        "board, the coastguard said.", *WIRE[1:5]])
    other = _dated("o", "Coast Daily", "2031-05-03T07:00",
                   ["Saturday: coastguard says 212 passengers were aboard when the ferry Halden ran aground off Varn."])
    groups = C.syndication_groups([full, flash, other])
    assert sorted(sorted(a.id for a in g) for g in groups) == [["f", "w"], ["o"]]
    # a day later it is another report, not the flash's write-through
    later = _dated("w", "Varn Herald", "2031-05-04T08:40", full.sentences and [s.text for s in full.sentences])
    assert C.flashes([later, _dated("f", "Varn Herald", "2031-05-03T06:10", [flash.sentences[0].text])]) == []
