"""Findings on the example corpus (planted facts) and the rules behind them."""
from __future__ import annotations

import numpy as np
import pytest

from storyline.model import Quantity
from storyline.reconcile import article as F
from storyline.reconcile import copies as C
from storyline.reconcile import days, timeline
from storyline.reconcile import quantities as Q
from storyline.reconcile.settings import SETTINGS


@pytest.fixture(scope="module")
def tanker(example_export):
    by_id = {a["id"]: a for a in example_export["articles"]}
    story = max(example_export["stories"], key=lambda s: len(s["articles"]))
    outlet = lambda ref: by_id[ref["article"]]["outlet"]  # noqa: E731
    return story, by_id, outlet


def test_unrelated_article_has_its_own_story(example_export):
    by_id = {a["id"]: a for a in example_export["articles"]}
    library = [s for s in example_export["stories"]
               if any("library" in (by_id[a]["title"] or "") for a in s["articles"])]
    assert len(library) == 1 and len(library[0]["articles"]) == 1
    assert len(example_export["stories"]) == 2


def test_planted_day_conflict(tanker):
    story, _, outlet = tanker
    day = [c for c in story["conflicts"] if "day of" in c["about"]]
    assert len(day) == 1
    outlets = {outlet(s) for s in day[0]["sides"]}
    assert {"Harbor Gazette", "The Avera Courier"} <= outlets
    assert any("on Wednesday" in s["text"] for s in day[0]["sides"])
    assert any("late on Tuesday" in s["text"] for s in day[0]["sides"])


def test_compatible_numbers_are_not_conflicts(tanker):
    story, _, _ = tanker
    assert any("more than 300" in c["about"] and "340" in c["about"] for c in story["compatible"])
    assert not any("300" in c["about"] or "340" in c["about"] for c in story["conflicts"])


def test_paraphrased_quote_is_one_variant_group(tanker):
    story, _, outlet = tanker
    group = next(g for g in story["quote_variants"] if any("two decades" in r["text"] for r in g))
    assert any("twenty years" in r["text"] for r in group)
    assert len({outlet(r) for r in group}) >= 3


def test_exclusive_and_agreement(tanker):
    story, _, outlet = tanker
    seabirds = [e for e in story["exclusives"] if "40 oiled seabirds" in e["text"]]
    assert seabirds and outlet(seabirds[0]) == "Harbor Gazette"
    crew = [a for a in story["agreements"] if a["about"] == "rescued: 23 members"]  # what happened, then how many
    assert crew and len({outlet(s) for s in crew[0]["support"]}) >= 3
    # every agreement has evidence from at least two independent outlets
    for a in story["agreements"]:
        assert len({outlet(s) for s in a["support"]}) >= 2


def test_syndicated_copy_counts_once(tanker):
    story, by_id, _ = tanker
    assert len(story["syndicated"]) == 1
    copies = {c["outlet"] for c in story["syndicated_outlets"][0]}
    assert copies == {"Northern Wire", "Bayside Herald"}
    ids = set(story["syndicated"][0])
    for a in story["agreements"]:
        assert not ids <= {s["article"] for s in a["support"]} or len({s["article"] for s in a["support"]}) > 2


def test_timeline_is_ordered_with_evidence(tanker):
    story, _, _ = tanker
    dated = [e["date"] for e in story["timeline"] if e["date"]]
    assert dated == sorted(dated) and dated
    assert all(e["evidence"] for e in story["timeline"])
    assert any(e["event"] == "run" and e["date"] == "2025-06-10" for e in story["timeline"])


def test_evidence_spans_point_into_the_bodies(tanker):
    story, by_id, _ = tanker
    refs = [r for g in story["quote_variants"] for r in g] + [r for c in story["conflicts"] for r in c["sides"]] \
        + [r for a in story["agreements"] for r in a["support"]] + story["exclusives"]
    for r in refs:
        assert by_id[r["article"]]["body"][r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("a, b, want", [
    (dict(value=400, qualifier="more than"), dict(value=430, qualifier=None), "compatible"),
    (dict(value=430, qualifier=None), dict(value=430, qualifier=None), "same"),
    (dict(value=0.2, qualifier="about"), dict(value=0.2, qualifier="roughly"), "same"),
    (dict(value=1000, qualifier="thousands"), dict(value=3500, qualifier=None), "compatible"),
    (dict(value=24, qualifier=None), dict(value=31, qualifier=None), None),
    (dict(value=300, qualifier="up to"), dict(value=340, qualifier=None), None),
])
def test_number_compatibility(a, b, want):
    def q(c):
        return Quantity(c["value"], Q.bound_of(c["qualifier"]), qualifier=c["qualifier"])
    got = Q.relation(q(a), q(b))
    assert {Q.Relation.SAME: "same", Q.Relation.COMPATIBLE: "compatible", Q.Relation.DISJOINT: None}[got] == want


def test_days_differ():
    wed = dict(precision="day", resolved="2025-03-12", weekday="Wednesday")
    thu_only = dict(precision="weekday", resolved=None, weekday="Thursday")
    wed_only = dict(precision="weekday", resolved=None, weekday="Wednesday")
    assert days._differ(wed, thu_only) is True
    assert days._differ(wed, wed_only) is False
    assert days._differ(dict(precision="month", resolved="2025-03", weekday=None), wed) is None


def test_one_outlets_articles_are_one_source_but_not_copies():
    def art(aid: str, outlet: str | None, body: str) -> F.Article:
        return F.Article(aid, outlet, None, None, body, [], [], [], [])

    a = art("a", "Harbor Gazette", "The tanker ran aground near Port Avera on Tuesday morning, officials said.")
    b = art("b", "harbor gazette ", "Salvage crews began pumping fuel from the stranded tanker on Wednesday.")
    c = art("c", "The Avera Courier", "The tanker ran aground near Port Avera on Tuesday morning, officials said.")
    d = art("d", None, "Divers found no damage to the reef, the environment office said on Thursday.")
    groups = C.syndication_groups([a, b, c, d])
    assert a.group != b.group, "two texts of one outlet are not wire copies"
    assert a.source == b.source, "but one outlet's pages never corroborate or contradict each other"
    assert a.group == c.group and a.source == c.source, "a copy under another masthead is one source"
    assert d.source not in {a.source}, "an article with no known outlet is its own source"
    assert sorted(len(g) for g in groups) == [1, 1, 2]
    # a text three outlets print is an agency's: the Gazette's own story is another source than the
    # agency copy the Gazette also carries (two wire texts one outlet printed stay two sources)
    e = art("e", "Valley News", "The tanker ran aground near Port Avera on Tuesday morning, officials said.")
    C.syndication_groups([a, b, c, d, e])
    assert a.group == c.group == e.group and a.source == c.source == e.source
    assert b.source != a.source, "the Gazette's own story and the agency's text it carries are two sources"


@pytest.mark.parametrize("sentence, points_back", [
    ("The port authority refuted these claims on its website.", True),
    ("The agency denied it, saying there is no evidence the tanker was speeding.", True),
    ("The owner rejected the account, saying the report was completely false.", True),
    ("The owner's lawyers disputed the allegations.", False),  # answers claims reported elsewhere
    ("The crew denied the claims in the newspaper article.", False),
    ("The captain was charged with making false statements.", False),
])
def test_a_refutation_must_point_back_at_a_claim_just_made(sentence, points_back):
    assert bool(SETTINGS.refute.search(sentence)) or not points_back
    assert bool(SETTINGS.refuted_object.search(sentence)) is points_back


@pytest.mark.parametrize("before, rank", [("kept the No. ", True), ("ranked #", True), ("is number ", True),
                                          ("evacuated ", False), ("Route ", False)])
def test_a_number_after_no_is_a_rank_not_a_quantity(before, rank):
    assert bool(SETTINGS.rank_before.search(before)) is rank


def test_day_conflicts_need_reports_of_about_the_same_time():
    assert days._days_apart("2025-03-12", "2025-03-13T20:00:00+00:00") == 1
    assert days._days_apart("2012-12-09", "2012-12-13") == 4 > SETTINGS.event_report_days
    assert days._days_apart(None, "2012-12-13") == 0 and days._days_apart("n/a", "2012-12-13") == 0


def test_a_day_named_for_comparison_is_no_timeline_entry():
    body = "Bastille Day is France's equivalent to July 4, and the parade went ahead on July 14."
    sent = F.Sent("a", 0, 0, len(body), body, np.zeros(3, dtype=np.float32))
    refs = [{"start": body.index("July 4"), "end": body.index("July 4") + 6, "text": "July 4", "resolved": "2031-07-04",
             "precision": "day", "weekday": None, "event": None},
            {"start": body.index("July 14"), "end": body.index("July 14") + 7, "text": "July 14",
             "resolved": "2031-07-14", "precision": "day", "weekday": None, "event": "go"}]
    art = F.Article("a", "Quay Post", None, "2031-07-15", body, [sent], [], [], refs)
    assert [f.facts.date for f in timeline.timeline([art])] == ["2031-07-14"]  # type: ignore[union-attr]


@pytest.mark.parametrize("body, named", [
    ("Bitcoin fell to its lowest level since Nov. 26, traders said on Tuesday.", "Nov. 26"),
    ("Some of the freed girls appear Thursday in a photo obtained by the broadcaster.", "Thursday"),
])
def test_a_record_s_reference_day_and_a_caption_make_no_timeline_entry(body, named):
    sent = F.Sent("a", 0, 0, len(body), body, np.zeros(3, dtype=np.float32))
    at = body.index(named)
    refs = [{"start": at, "end": at + len(named), "text": named, "resolved": "2031-11-26", "precision": "day",
             "weekday": None, "event": None}]
    art = F.Article("a", "Quay Post", None, "2031-12-02", body, [sent], [], [], refs)
    assert timeline.timeline([art]) == []


def test_an_event_told_with_a_photo_is_still_an_event():
    body = "On Friday, the founder revealed the design in a photo slideshow posted to his account."
    sent = F.Sent("a", 0, 0, len(body), body, np.zeros(3, dtype=np.float32))
    refs = [{"start": 3, "end": 9, "text": "Friday", "resolved": "2031-12-19", "precision": "day", "weekday": "Friday",
             "event": "reveal"}]
    art = F.Article("a", "Quay Post", None, "2031-12-20", body, [sent], [], [], refs)
    assert [f.facts.date for f in timeline.timeline([art])] == ["2031-12-19"]  # type: ignore[union-attr]
