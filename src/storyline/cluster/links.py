"""Linked stories: two stories of one arc (the attack, then the charges weeks later).

The pair scorer keeps events apart — their days differ, or what they say does — yet an arc's
events name the same rare people and bodies: the suspect, the victim, the congressman. After
assignment, each story touched is compared with its nearest stories by vector (the candidates
assignment itself uses: the ANN index or the exact scan, never every pair), and linked to those
whose *distinguishing* names it shares: the names most of each story's articles carry (not one
article's passing mention), weighted by their rarity in general English (``signals.key_rarity``),
places left out (a city is the setting of many unrelated events); a name that distinguishes one
story and is only named in the other counts in part. The link is a follow-up when
the later story starts days after the earlier one ends, parallel when they run over the same days.
A lone article's story is also linked to a story the pair scorer placed it close to without joining
it (``story_link_min_probability``): a sidebar, a retrospective, a programme's page on the event.

Links never merge stories: the grouping (and its B-cubed) is the assignment's alone.

An ingest replaces the links of the stories it touched, found from their side; ``recluster`` finds
every story's from its side. A pair whose stories are each among the other's nearest is found
either way; where only the untouched story has the other among its nearest, an ingest can miss a
link that ``recluster`` finds (the next ingest touching either story, or a recluster, restores it).
On the dev events (ingested as one run, or replayed) both give the same 11 links.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from storyline.cluster.pairs import StoryProfile
from storyline.cluster.signals import is_place, key_rarity, parse_day
from storyline.config import Settings
from storyline.model import LinkBasis, LinkRelation, StoryLink

__all__ = ["distinguishing_names", "link_stories", "story_link"]


def distinguishing_names(profile: StoryProfile, size: int, s: Settings) -> dict[str, float]:
    """A story's names carried by at least ``story_link_central_share`` of its articles, not places,
    at least ``story_link_min_rarity`` rare: each with its rarity."""
    need = max(1, math.ceil(size * s.story_link_central_share))
    out = {}
    for key, n in profile.keys.items():
        if n >= need and not is_place(key) and (r := key_rarity(key)) >= s.story_link_min_rarity:
            out[key] = r
    return out


def _profile_cosine(a: Mapping[str, float], a_norm: float, b: Mapping[str, float], b_norm: float) -> float:
    if not a_norm or not b_norm:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * big.get(t, 0.0) for t, w in small.items()) / (a_norm * b_norm)


def day_gap(a: StoryProfile, b: StoryProfile) -> int | None:
    """Days between the end of the earlier story and the start of the later one (0: they overlap)."""
    a0, a1, b0, b1 = (parse_day(d) for d in (a.first_date, a.last_date, b.first_date, b.last_date))
    if not (a0 and a1 and b0 and b1):
        return None
    return max(0, (b0 - a1).days, (a0 - b1).days)


def _order(a_id: str, a: StoryProfile, b_id: str, b: StoryProfile) -> tuple[str, str]:
    ka, kb = (a.first_date or "9999", a_id), (b.first_date or "9999", b_id)
    return (a_id, b_id) if ka <= kb else (b_id, a_id)


def link_features(a: StoryProfile, a_size: int, b: StoryProfile, b_size: int,
                  s: Settings) -> tuple[float, float, list[str]]:
    """(share of the smaller side's distinguishing-name rarity the two have in common, cosine of their
    rarity-weighted words, the shared names rarest first).

    A name distinguishing both stories counts whole; one distinguishing one story and only named in
    some article of the other counts ``story_link_mentioned_weight``: an arc's next act names the
    first act's protagonists, if not in every article (the leader who blocked the bill, quoted once
    in the story of the deal)."""
    na, nb = distinguishing_names(a, a_size, s), distinguishing_names(b, b_size, s)
    rarity = {**nb, **na}
    shared = sorted({k for k in na if k in b.keys} | {k for k in nb if k in a.keys}, key=lambda k: (-rarity[k], k))
    mass = math.fsum(rarity[k] * (1.0 if k in na and k in nb else s.story_link_mentioned_weight) for k in shared)
    smaller = min(math.fsum(na.values()), math.fsum(nb.values()))
    share = min(1.0, mass / smaller) if smaller else 0.0
    return share, _profile_cosine(a.terms, a.terms_norm, b.terms, b.terms_norm), shared


def _relation(gap: int | None, s: Settings) -> LinkRelation:
    """A follow-up when the later story starts days after the earlier ends, else parallel."""
    return LinkRelation.FOLLOW_UP if gap is not None and gap >= s.story_link_follow_days else LinkRelation.PARALLEL


def story_link(a_id: str, a: StoryProfile, a_size: int, b_id: str, b: StoryProfile, b_size: int,
               cosine: float, s: Settings, joins: float | None = None) -> StoryLink | None:
    """The link between two different stories (``cosine``: of their vectors; ``joins``: when one is
    a lone article, the pair scorer's probability that it reports the other's event), or None."""
    if a_id == b_id:
        return None
    gap = day_gap(a, b)
    if joins is not None and joins >= s.story_link_min_probability:
        earlier, later = _order(a_id, a, b_id, b)
        return StoryLink(earlier, later, _relation(gap, s), round(joins, 4), gap,
                         tuple(link_features(a, a_size, b, b_size, s)[2]), LinkBasis.SCORER)
    if cosine < s.story_link_min_cosine:
        return None
    if gap is not None and gap > s.story_link_max_gap_days:
        return None
    share, terms, shared = link_features(a, a_size, b, b_size, s)
    if share < s.story_link_min_share or terms < s.story_link_min_terms or not shared:
        return None
    relation = _relation(gap, s)
    earlier, later = _order(a_id, a, b_id, b)
    return StoryLink(earlier, later, relation, round(share, 4), gap, tuple(shared))


def link_stories(pairs: Iterable[tuple[str, StoryProfile, int, str, StoryProfile, int, float]],
                 s: Settings, joins: Mapping[tuple[str, str], float] | None = None) -> list[StoryLink]:
    """The links among candidate pairs, each pair once (whichever side proposed it), in id order
    (``joins``: the pair scorer's probability for a pair whose one side is a lone article)."""
    found: dict[tuple[str, str], StoryLink] = {}
    for a_id, a, a_size, b_id, b, b_size, cos in pairs:
        p = (joins or {}).get((a_id, b_id))
        if (link := story_link(a_id, a, a_size, b_id, b, b_size, cos, s, p)) is not None:
            found.setdefault((link.earlier, link.later), link)
    return [found[k] for k in sorted(found)]
