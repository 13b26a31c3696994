"""Events, not topics, on articles written for this test (fictional countries, agencies, towns and
people). Two launches of the same kind six days apart, by two agencies from two spaceports, each
reported by three outlets, share the topic's words and none of their names: two stories, whatever
order the articles arrive in. A ferry disaster whose toll rises over three days, reported by five
outlets, is one story, however its numbers and wording move."""
from __future__ import annotations

import json
import random
from pathlib import Path

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.store import Store

FIRST = [
    ("Valley Courier", "2031-03-05", "Veloria launches Kestrel rocket carrying weather satellite",
     "The Veloria Space Agency launched a Kestrel rocket from the Marrow Point spaceport on Tuesday, "
     "placing the Aster-4 weather satellite in orbit, agency director Ilsa Marren said.\n"
     "The rocket lifted off at dawn on March 4 after a two-day delay caused by high winds over the coast.\n"
     "\"Aster-4 will give our forecasters a sharper view of the storms that reach us from the west,\" Marren told "
     "reporters at the launch site.\n"
     "The satellite weighs 1,150 kilograms and will circle the Earth at an altitude of 820 kilometres."),
    ("Northern Ledger", "2031-03-04", "Kestrel rocket puts Aster-4 satellite into orbit",
     "A Kestrel rocket carrying the Aster-4 weather satellite lifted off from Marrow Point on Tuesday morning, "
     "the Veloria Space Agency said.\n"
     "Director Ilsa Marren said the launch, delayed twice by strong winds, went exactly as planned.\n"
     "Aster-4, a 1,150-kilogram craft, is meant to improve storm forecasts for the western coast.\n"
     "It is the agency's third weather satellite in orbit."),
    ("Harbor Times", "2031-03-05", "Weather satellite Aster-4 reaches orbit after windy delays",
     "Veloria's new weather satellite reached orbit on Tuesday aboard a Kestrel rocket launched from Marrow Point.\n"
     "The Veloria Space Agency had postponed the launch twice because of high winds, Ilsa Marren, its director, "
     "said on Wednesday.\n"
     "Forecasters expect the Aster-4 satellite to send its first images of western storms within ten days.\n"
     "Its orbit lies 820 kilometres above the Earth."),
]
SECOND = [
    ("Valley Courier", "2031-03-11", "Ostmark launches Harrier rocket with first communications satellite",
     "The Ostmark Orbital Office launched a Harrier rocket from the Selby Flats range on Monday, placing the "
     "Linnet-1 communications satellite in orbit, its chief engineer Tomas Brandvik said.\n"
     "The rocket lifted off in the afternoon of March 10, on the first attempt.\n"
     "\"Linnet-1 will carry telephone calls to the islands that have never had a reliable line,\" Brandvik "
     "told reporters at the range.\n"
     "The satellite weighs 640 kilograms and will circle the Earth at an altitude of 510 kilometres."),
    ("Northern Ledger", "2031-03-10", "Harrier rocket lifts Linnet-1 into orbit",
     "A Harrier rocket carrying the Linnet-1 communications satellite lifted off from Selby Flats on Monday "
     "afternoon, the Ostmark Orbital Office said.\n"
     "Chief engineer Tomas Brandvik said the launch went exactly as planned.\n"
     "Linnet-1, a 640-kilogram craft, will link the outer islands to the mainland telephone network.\n"
     "It is the office's first satellite of its own."),
    ("Harbor Times", "2031-03-11", "Ostmark's first communications satellite reaches orbit",
     "Ostmark's first communications satellite reached orbit on Monday aboard a Harrier rocket launched from "
     "Selby Flats.\n"
     "The Ostmark Orbital Office launched on its first attempt, Tomas Brandvik, its chief engineer, said on "
     "Tuesday.\n"
     "Engineers expect Linnet-1 to carry its first calls to the outer islands within two weeks.\n"
     "Its orbit lies 510 kilometres above the Earth."),
]
#: A ferry capsizes on a Sunday evening; the toll rises from 12 to 31 to 38 over three days.
FERRY = [
    ("Valley Courier", "2031-09-07", "Ferry capsizes off Port Ambry, at least 12 dead",
     "A passenger ferry capsized in a storm off Port Ambry on Sunday evening, killing at least 12 people, "
     "the Brannock coastguard said.\n"
     "The ferry Saint Odile was carrying about 200 passengers from Port Ambry to the island of Cray when it "
     "overturned in high seas.\n"
     "Coastguard commander Freya Lund said rescuers had pulled 140 people from the water by midnight."),
    ("Northern Ledger", "2031-09-08", "Port Ambry ferry toll rises to 31 as divers search the wreck",
     "The number of people killed when the ferry Saint Odile capsized off Port Ambry on Sunday has risen to 31, "
     "the Brannock coastguard said on Monday.\n"
     "Divers searched the overturned hull through the morning, commander Freya Lund said, and dozens of "
     "passengers are still missing.\n"
     "The ferry was sailing to the island of Cray with about 200 people aboard."),
    ("Harbor Times", "2031-09-08", "Survivors of Saint Odile describe panic as ferry rolled over",
     "Survivors of the Saint Odile ferry disaster off Port Ambry described the moment the vessel rolled over "
     "in Sunday's storm, as the coastguard said 31 people were now known to have died.\n"
     "\"The water came in through the car deck and then everything tipped,\" said Anselm Korr, a teacher "
     "travelling to Cray.\n"
     "Commander Freya Lund said the search would go on through the night."),
    ("Island Post", "2031-09-09", "Saint Odile toll reaches 38; Brannock orders inquiry",
     "The death toll from the sinking of the ferry Saint Odile off Port Ambry rose to 38 on Tuesday, and "
     "Brannock's transport minister Oren Vale ordered an inquiry into why the ferry sailed into the storm.\n"
     "The coastguard's commander, Freya Lund, said divers had recovered seven more bodies from the hull.\n"
     "About 200 passengers were aboard when the ferry overturned on its way to Cray."),
    ("Coast Wire", "2031-09-09", "Brannock minister orders Saint Odile inquiry as toll hits 38",
     "Transport minister Oren Vale ordered an inquiry on Tuesday into the capsizing of the ferry Saint Odile, "
     "whose death toll has risen to 38, the coastguard said.\n"
     "The ferry overturned in a storm off Port Ambry on Sunday evening while carrying about 200 passengers "
     "to Cray.\n"
     "Commander Freya Lund said eight people were still missing."),
]


def _write(path: Path, rows: list[tuple[int, tuple[str, str, str, str]]]) -> None:
    path.write_text("".join(json.dumps({"outlet": o, "published": p, "title": t, "text": b, "url": f"u{i}"}) + "\n"
                            for i, (o, p, t, b) in rows), encoding="utf-8")


def _stories(tmp_path: Path, name: str, articles: list, order: list[int], one_by_one: bool) -> set[frozenset[int]]:
    """Ingest ``articles`` in ``order`` (each in its own run when ``one_by_one``) and return the
    stories as sets of article numbers."""
    store = Store(f"sqlite:///{tmp_path / name}.db")
    try:
        batches = [[i] for i in order] if one_by_one else [order]
        for n, batch in enumerate(batches):
            path = tmp_path / f"{name}-{n}.jsonl"
            _write(path, [(i, articles[i]) for i in batch])
            assert pipeline.ingest(iter_inputs([str(path)], 10**7), store).ok
        number = {a["url"]: int(a["url"][1:]) for a in (store.get_article(i) for i in store.article_ids())
                  if a is not None}
        return {frozenset(number[store.get_article(a)["url"]] for a in s["articles"])  # type: ignore[index]
                for s in store.stories()}
    finally:
        store.close()


def test_two_launches_of_one_kind_in_one_week_are_two_stories_in_any_arrival_order(tmp_path):
    expected = {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    articles = FIRST + SECOND
    assert _stories(tmp_path, "in-order", articles, list(range(6)), one_by_one=False) == expected
    for seed in (1, 2):
        order = list(range(6))
        random.Random(seed).shuffle(order)
        assert _stories(tmp_path, f"shuffled{seed}", articles, order, one_by_one=True) == expected, order


def test_a_toll_that_rises_over_three_days_in_five_outlets_is_one_story(tmp_path):
    expected = {frozenset(range(len(FERRY)))}
    assert _stories(tmp_path, "ferry", FERRY, list(range(len(FERRY))), one_by_one=False) == expected
    order = list(range(len(FERRY)))
    random.Random(3).shuffle(order)
    assert _stories(tmp_path, "ferry-shuffled", FERRY, order, one_by_one=True) == expected, order
