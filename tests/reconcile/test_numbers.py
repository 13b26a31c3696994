"""Big stories: the pair pruning in number findings must not lose a pair the full comparison keeps."""
from __future__ import annotations

import random

from storyline.reconcile import numbers


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
