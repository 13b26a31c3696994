"""Events, not topics, on articles written for this test (a fictional country, agency and people):
two launches of one rocket from one spaceport five weeks apart, each reported by three outlets,
share every name and most words. They must be two stories, whatever order the articles arrive in."""
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
    ("Valley Courier", "2031-04-09", "Veloria launches second Kestrel rocket, this time with a mapping satellite",
     "The Veloria Space Agency launched a Kestrel rocket from the Marrow Point spaceport on Tuesday, placing the "
     "Terra-2 mapping satellite in orbit, agency director Ilsa Marren said.\n"
     "The rocket lifted off in the evening of April 8, on the first attempt.\n"
     "\"Terra-2 will map our farmland and forests every week,\" Marren told reporters at the launch site.\n"
     "The satellite weighs 640 kilograms and will circle the Earth at an altitude of 510 kilometres."),
    ("Northern Ledger", "2031-04-08", "Kestrel rocket lifts Terra-2 mapping satellite",
     "A Kestrel rocket carrying the Terra-2 mapping satellite lifted off from Marrow Point on Tuesday evening, "
     "the Veloria Space Agency said.\n"
     "Director Ilsa Marren said the launch went exactly as planned, with no delay this time.\n"
     "Terra-2, a 640-kilogram craft, will survey farmland and forests across the country.\n"
     "It is the agency's first mapping satellite."),
    ("Harbor Times", "2031-04-09", "Mapping satellite Terra-2 reaches orbit on first attempt",
     "Veloria's new mapping satellite reached orbit on Tuesday aboard a Kestrel rocket launched from Marrow Point.\n"
     "The Veloria Space Agency launched on its first attempt, Ilsa Marren, its director, said on Wednesday.\n"
     "Surveyors expect the Terra-2 satellite to send its first maps of farmland within two weeks.\n"
     "Its orbit lies 510 kilometres above the Earth."),
]


def _write(path: Path, rows: list[tuple[int, tuple[str, str, str, str]]]) -> None:
    path.write_text("".join(json.dumps({"outlet": o, "published": p, "title": t, "text": b, "url": f"u{i}"}) + "\n"
                            for i, (o, p, t, b) in rows), encoding="utf-8")


def _stories(tmp_path: Path, name: str, order: list[int], one_by_one: bool) -> set[frozenset[int]]:
    """Ingest the six articles in ``order`` (each in its own run when ``one_by_one``) and return the
    stories as sets of article numbers (0-2 the first launch, 3-5 the second)."""
    articles = FIRST + SECOND
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


def test_two_launches_weeks_apart_sharing_every_name_are_two_stories_in_any_arrival_order(tmp_path):
    expected = {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert _stories(tmp_path, "in-order", list(range(6)), one_by_one=False) == expected
    for seed in (1, 2):
        order = list(range(6))
        random.Random(seed).shuffle(order)
        assert _stories(tmp_path, f"shuffled{seed}", order, one_by_one=True) == expected, order
