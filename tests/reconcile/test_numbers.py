"""Big stories: the pair pruning in number findings must not lose a pair the full comparison keeps."""
from __future__ import annotations

import random

import pytest

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.model import AgreementFacts, CompatibleFacts, ConflictFacts, FindingKind
from storyline.reconcile import numbers
from storyline.reconcile import quantities as Q
from storyline.store import Store
from tests.support.gen import article_record


def _claims(rng: random.Random, n: int):
    words = ["people", "ships", "tonnes of oil", "cease-fire", "ceasefire", "homes", None]
    out = []
    for _ in range(n):
        c = {"value": rng.choice([3, 40, 40.1, 300, 301, 302, 5000, -7]), "counted": rng.choice(words),
             "qualifier": None, "unit": None}
        out.append((None, c, None, numbers._counted(c)))
    return out


def test_claim_pairs_keep_every_pair_that_can_be_about_the_same_thing():
    rng = random.Random(5)
    for unit in ("", "t"):
        claims = _claims(rng, 120)
        got = numbers._claim_pairs(unit, claims)
        kept = set(got)
        assert got == sorted(got) and len(kept) == len(got)  # the order of a full double loop
        for x in range(len(claims)):
            for y in range(x + 1, len(claims)):
                c1, c2 = claims[x][1], claims[y][1]
                shares = bool(claims[x][3] & claims[y][3])
                bare = c1["counted"] is None and c2["counted"] is None
                same = abs(c1["value"] - c2["value"]) <= 0.005 * max(abs(c1["value"]), abs(c2["value"]))
                if shares or (bare and (unit or same)):
                    assert (x, y) in kept, (unit, c1, c2)
        full = len(claims) * (len(claims) - 1) // 2
        assert len(got) < full  # and it does prune


@pytest.mark.parametrize("before, counted, named", [
    ("The gunman fired on the Route ", None, True),  # "Route 91 Harvest festival": a name
    ("It could carry a fully booked Boeing ", None, True),
    ("Ericsson brought it out on lap ", "lap", True),  # "lap 13": a number that names a lap
    ("The gunman killed ", "people", False),
    ("Eyewitnesses quoted by NASA, ", None, False),  # a comma between: the number counts
    ("Martin Bamford, ", None, False),
    ("Seven ", None, False),
])
def test_a_number_in_a_name_is_no_figure(before, counted, named):
    assert Q.in_name(before, counted) is named


FOUNDATION = [
    ("Orsk Herald", "2031-05-02T09:00:00+02:00", "The Lunds' tax returns", [
        "Petra and Jon Lund released their tax returns on Friday, showing an income of $140 million over ten years.",
        "They also donated $15 million to charity, and paid an additional $13.6 million in state taxes.",
        "The couple live in Orsk, where Jon Lund runs the family shipping line."]),
    ("Coast Wire", "2031-05-02T11:00:00+02:00", "Lunds release tax returns", [
        "Petra and Jon Lund released their tax returns on Friday, showing an income of $140 million over ten years.",
        "They gave nearly $15 million to charity, or an average of 10.8 percent of their earnings.",
        "Jon Lund runs the family shipping line from its old harbour office in Orsk."]),
]


def test_a_figure_is_set_beside_its_own_telling_in_the_other_article_not_another_figure(tmp_path):
    """"Nearly $15 million" to charity is the $15 million to charity of the other report, not the
    $13.6 million of taxes beside it, which it would also fit."""
    (tmp_path / "in.jsonl").write_text("\n".join(article_record(*r) for r in FOUNDATION) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert pipeline.ingest(iter_inputs([str(tmp_path / "in.jsonl")], 10**7), store).ingested == 2
    (story,) = store.stories()
    found = store.findings(story["id"])
    beside = [f for f in found if f.kind in {FindingKind.COMPATIBLE, FindingKind.CONFLICT}]
    assert not [f for f in beside if isinstance(f.facts, CompatibleFacts | ConflictFacts)
                and 13.6e6 in {q.value for q in f.facts.quantities}], beside
    assert [f for f in found if f.kind in {FindingKind.AGREEMENT, FindingKind.COMPATIBLE}
            and any("nearly $15 million" in e.text for e in f.evidence)]


FLIGHT = [
    ("Orsk Herald", "2031-05-02T09:00:00+02:00", "Airline apologises to two rowers", [
        "Kestrel Air apologised on Tuesday to two Orsk rowers who were put off a flight in Vell after a "
        "flight attendant accused them of stealing blankets.",
        "Two first-class passengers gave the rowers their blankets as they headed to their seats in coach.",
        "The airline said it was reviewing what happened on the Vell flight."]),
    ("Coast Wire", "2031-05-02T11:00:00+02:00", "Kestrel Air sorry for removing rowers", [
        "The airline Kestrel Air has said sorry to two rowers from Orsk who were removed from a plane at "
        "Vell when a flight attendant wrongly said they had stolen blankets.",
        "Earlier complaints included a man who had to give up his seats on a flight to Orsk because he "
        "answered rude remarks made to him by two unruly passengers; a woman was moved to coach.",
        "A spokesman said the company had opened a review of the incident."]),
]


def test_a_small_count_is_one_figure_only_when_the_clauses_holding_it_are_alike(tmp_path):
    """Two passengers who gave the rowers blankets are not the two unruly passengers of an older
    complaint, though both sentences are about passengers on a Kestrel Air flight; the two rowers
    are one figure."""
    (tmp_path / "in.jsonl").write_text("\n".join(article_record(*r) for r in FLIGHT) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert pipeline.ingest(iter_inputs([str(tmp_path / "in.jsonl")], 10**7), store).ingested == 2
    (story,) = store.stories()
    figures = [f for f in store.findings(story["id"]) if isinstance(f.facts, AgreementFacts)
               and f.facts.quantity is not None and f.facts.quantity.value == 2]
    said = [" ".join(e.text for e in f.evidence) for f in figures]
    assert any("rowers" in s for s in said), said
    assert not any("unruly" in s for s in said), said
