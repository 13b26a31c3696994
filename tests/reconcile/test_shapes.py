"""The shapes reconcile must get right, on our own fictional sentences and articles: a range, a
unit conversion, a rising toll, a weekday and a date of one day, a wire copy with a changed first
line, an appended second story."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from storyline import pipeline
from storyline.analyze.timex import resolve
from storyline.ingest import iter_inputs
from storyline.model import Bound, EvolvingFacts, FindingKind, Quantity
from storyline.nlp import parse
from storyline.present import dossier as D
from storyline.present.render import dossier_html, dossier_markdown
from storyline.reconcile import article as F
from storyline.reconcile import copies as C
from storyline.reconcile import days
from storyline.reconcile import quantities as Q
from storyline.reconcile.story import load_article
from storyline.store import Store
from tests.support.gen import article_record


def _claims(body: str, *numbers: str) -> list[dict]:
    out, at = [], 0
    for n in numbers:
        start = body.index(n, at)
        at = start + len(n)
        out.append(dict(start=start, end=at, value=float(n), unit=None, qualifier=None, counted=None))
    return out


@pytest.mark.parametrize("body", ["Officials said between 30 and 40 people were hurt.",
                                  "Officials said 30-40 people were hurt.",
                                  "Officials said 30 to 40 people were hurt."])
def test_a_range_is_one_value(body):
    (claim, q), = Q.quantities(_claims(body, "30", "40"), body)
    assert (q.bound, q.value, q.high) == (Bound.RANGE, 30, 40)
    assert Q.relation(q, Quantity(35)) is Q.Relation.COMPATIBLE
    assert Q.relation(q, Quantity(55)) is Q.Relation.DISJOINT


def test_two_numbers_joined_by_and_are_not_a_range():
    body = "The ferry carried 30 passengers and 40 cars."
    assert len(Q.quantities(_claims(body, "30", "40"), body)) == 2


def test_units_are_converted_before_comparing():
    assert Q.relation(Quantity(5, unit="mi"), Quantity(8, unit="km")) is Q.Relation.SAME  # 8.05 km, rounded
    assert Q.relation(Quantity(5, unit="mi"), Quantity(12, unit="km")) is Q.Relation.DISJOINT
    assert Q.relation(Quantity(3000, unit="ft"), Quantity(900, unit="m")) is Q.Relation.SAME  # 914 m
    assert Q.relation(Quantity(5, unit="mi"), Quantity(5, unit="%")) is None  # not one dimension
    assert Q.relation(Quantity(400, Bound.AT_LEAST, unit="t"), Quantity(430, unit="t")) is Q.Relation.COMPATIBLE


def test_a_weekday_and_a_date_of_that_day_agree():
    wed = dict(precision="day", resolved="2025-03-12", weekday=None)
    assert days._differ(wed, dict(precision="weekday", resolved=None, weekday="Wednesday")) is False
    assert days._differ(wed, dict(precision="day", resolved="2025-03-12", weekday="Wednesday")) is False
    assert days._differ(wed, dict(precision="day", resolved="2025-03-13", weekday="Thursday")) is True


def test_a_stamp_a_day_early_does_not_push_a_weekday_back_a_week():
    # a report stamped Thursday (another time zone's date) that says "on Friday" means the next day
    assert resolve("Friday", date(2025, 3, 13)) == ("2025-03-14", "day", "Friday")
    assert resolve("last Friday", date(2025, 3, 13)) == ("2025-03-07", "day", "Friday")
    assert resolve("Friday", date(2025, 3, 15)) == ("2025-03-14", "day", "Friday")


WIRE = ("Heavy rain sent the Lerran river over its banks early on Monday, flooding the lower streets of the old "
        "market town of Osk and cutting the main road to the coast. Emergency crews moved more than two hundred "
        "residents to a school gym on the hill, the regional fire service said in a statement. The water reached "
        "the first floor of the town hall, where clerks carried archive boxes to the attic through the night. "
        "Forecasters expect the river to crest on Tuesday afternoon before it slowly falls later in the week. "
        "A spokeswoman for the rail operator said trains between Osk and the capital would not run until the "
        "tracks near the old bridge had been inspected by engineers. Farmers upstream reported flooded fields "
        "and drowned livestock, and the agriculture office promised to send inspectors as soon as roads reopen.")


def _art(aid: str, outlet: str, body: str) -> F.Article:
    return F.Article(aid, outlet, None, None, body, [], [], [], [])


def test_a_wire_copy_with_a_changed_first_line_a_caption_and_a_trimmed_end_is_one_text():
    lines = WIRE.split(". ")
    copy = ". ".join(["OSK (Valley Post) - The Lerran river flooded the market town of Osk on Monday"] + lines[1:3]
                     + ["Residents wade through a flooded street in Osk. Photo: Valley Post"] + lines[3:-1])
    other = ("The national football team beat its neighbours two goals to one on Sunday night in a friendly match "
             "played in front of a half-empty stadium, with both goals scored in the last ten minutes of play.")
    a, b, c = _art("a", "Northern Wire", WIRE), _art("b", "Valley Post", copy), _art("c", "Valley Post", other)
    groups = C.syndication_groups([a, b, c])
    assert a.group == b.group != c.group
    found = C.syndicated(groups)
    assert [f.kind for f in found] == [FindingKind.SYNDICATED]
    assert {x.article for x in found[0].facts.copies} == {"a", "b"}  # type: ignore[union-attr]


# ---------------------------------------------------------------- end to end, real models
FLOOD = "A landslide buried homes in the mountain village of Brenna after days of rain"


def _record(outlet: str, published: str, title: str, paragraphs: list[str]) -> str:
    return article_record(outlet, published, title, paragraphs, url=f"https://{outlet[:4]}.example/x")


LANDSLIDE = [
    _record("Brenna Courier", "2025-09-01", "Landslide hits Brenna", [
        f"{FLOOD}, officials said on Monday.",
        "At least 12 people were killed when the landslide buried homes in Brenna, officials said on Monday.",
        "Rescue teams with dogs searched the mud through the night, the regional governor said.",
        "The road to the village was closed and rescuers reached it on foot."]),
    _record("Valley Post", "2025-09-02", "Toll rises in Brenna landslide", [
        f"{FLOOD}, officials said on Tuesday.",
        "At least 30 people were killed when the landslide buried homes in Brenna, officials said on Tuesday.",
        "Rescue teams with dogs searched the mud through a second night, the regional governor said.",
        "Relatives waited at the school that serves as a shelter for those who lost their homes."]),
    _record("Mountain Daily", "2025-09-03", "Brenna mourns landslide victims", [
        f"{FLOOD}, officials said this week.",
        "At least 41 people were killed when the landslide buried homes in Brenna, officials said on Wednesday.",
        "Rescue teams with dogs kept searching the mud, the regional governor said on Wednesday.",
        "Relatives of the missing waited at the school in Brenna that now shelters families whose homes were buried.",
        "The road to the village was closed after the landslide and rescuers reached Brenna on foot.",
        "The government declared three days of mourning for the victims of the Brenna landslide.",
        "The Avel City Orchestra, led by the conductor Mira Talvik, announced 24 symphony concerts for its season.",
        "Season tickets for the orchestra's concert series go on sale at the opera house box office."]),
]


@pytest.fixture(scope="module")
def landslide(tmp_path_factory):
    d = tmp_path_factory.mktemp("landslide")
    records = LANDSLIDE
    (d / "landslide.jsonl").write_text("\n".join(records) + "\n")
    store = Store(f"sqlite:///{d / 'db.sqlite'}")
    summary = pipeline.ingest(iter_inputs([str(d / "landslide.jsonl")], 10**7), store)
    assert summary.ok and summary.ingested == 3
    stories = [s for s in store.stories() if len(s["articles"]) == 3]
    assert stories, "one landslide, one story"
    return store, stories[0]


def test_a_rising_toll_is_evolving_not_a_conflict(landslide):
    store, story = landslide
    found = store.findings(story["id"])
    assert not [f for f in found if f.kind is FindingKind.CONFLICT]
    evolving = [f for f in found if f.kind is FindingKind.EVOLVING]
    assert len(evolving) == 1
    facts = evolving[0].facts
    assert isinstance(facts, EvolvingFacts)
    assert [p.quantity.value for p in facts.series] == [12, 30, 41]
    assert [p.published for p in facts.series] == ["2025-09-01", "2025-09-02", "2025-09-03"]
    assert facts.measure == "kill"


def test_an_appended_second_story_is_neither_exclusive_nor_agreement(landslide):
    store, story = landslide
    found = store.findings(story["id"])
    for f in found:
        if f.kind in {FindingKind.EXCLUSIVE, FindingKind.AGREEMENT}:
            assert not any("rchestra" in e.text or "concert" in e.text for e in f.evidence), f
    tailed = [a for aid in story["articles"] if (a := load_article(store, aid))]
    F.mark_appended(tailed)
    assert [a.outlet for a in tailed if a.tail is not None] == ["Mountain Daily"]


def test_mark_appended_cuts_the_tail_only():
    vec = {"flood": np.array([1.0, 0.0, 0.0], dtype=np.float32), "music": np.array([0.0, 1.0, 0.0], dtype=np.float32)}

    def art(aid: str, kinds: list[str]) -> F.Article:
        body, sents = "", []
        for n, k in enumerate(kinds):
            text = f"{k} sentence {n}."
            sents.append(F.Sent(aid, n, len(body), len(body) + len(text), text, vec[k]))
            body += text + " "
        return F.Article(aid, "o" + aid, None, None, body, sents, [], [], [])

    a, b = art("a", ["flood"] * 4), art("b", ["flood"] * 5 + ["music"] * 3)
    F.mark_appended([a, b])
    assert a.tail is None
    assert b.tail == b.sentences[5].start and not b.own(b.sentences[6].start) and b.own(b.sentences[4].start)


def test_a_ratio_is_not_two_quantities():
    body = "She said there was a 2 in 3 chance of winning, and 40 seats were at stake."
    assert [q.value for _, q in Q.quantities(_claims(body, "2", "3", "40"), body)] == [40]


def test_the_dossier_shows_the_evolving_figure(landslide):
    store, story = landslide
    d = D.build(store, story["id"])
    assert [r["value"] for r in d["evolving"][0]["series"]] == ["at least 12", "at least 30", "at least 41"]
    md = dossier_markdown(d)
    assert "changed over time" in md and "at least 41" in md
    assert "changed over time" in dossier_html(store, d)


@pytest.mark.parametrize("sentence, frame", [("The 48-page indictment was released on Tuesday.", "indictment"),
                                             ("The council approved a 12-month budget.", "budget"),
                                             ("Rescuers found 12 people alive.", None)])
def test_the_noun_a_counted_modifier_measures(sentence, frame):
    doc = next(parse([sentence]))
    tok = next(t for t in doc if t.like_num)
    assert Q.frame_of(tok) == frame


def test_two_extensions_of_two_things_are_two_frames():
    a = next(parse(["It did not include a 13-month extension of unemployment insurance."]))
    b = next(parse(["Critics attacked the two-year extension of tax cuts for the rich."]))
    fa = Q.frame_of(next(t for t in a if t.like_num))
    fb = Q.frame_of(next(t for t in b if t.like_num))
    assert fa and fb and fa != fb
