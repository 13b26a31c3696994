"""Big stories: the pair pruning in number findings must not lose a pair the full comparison keeps."""
from __future__ import annotations

import random

import pytest

from storyline.reconcile import numbers
from storyline.reconcile import quantities as Q


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
