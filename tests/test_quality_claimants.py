"""The claimant scorer's matching rule (``quality/claimants.py``) on made-up labels."""
from __future__ import annotations

from quality.claimants import GoldClaim, right


def _gold(kind: str, claimant: str | None) -> GoldClaim:
    return GoldClaim(line=1, surface="40", occurrence=0, kind=kind, claimant=claimant, sure=True, split="tune")


def test_named_claimant_matches_on_the_last_name_token():
    g = _gold("name", "Ida Marsh")
    assert right("Senator Ida Marsh", g) and right("Marsh's", g)
    assert not right("Tomas Reyes", g) and not right(None, g)


def test_described_claimant_matches_its_head_or_the_body_it_belongs_to():
    g = _gold("described", "two Harbour Board officials")
    assert right("officials", g) and right("Harbour Board", g)
    assert not right("Ida Marsh", g)


def test_own_voice_is_right_only_without_a_claimant():
    g = _gold("none", None)
    assert right(None, g) and not right("Ida Marsh", g)
