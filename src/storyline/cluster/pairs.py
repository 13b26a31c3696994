"""Does this article belong to this story? A learned scorer over a few signals of the pair.

A story keeps a profile of what its articles brought (``StoryProfile``): their names, their
rarity-weighted words and title words (summed, the heaviest kept), key numbers, the days they speak
of and their publication range. ``pair_features`` compares an article with a profile; a logistic
regression fitted on the development events (``python -m quality.stories train``) turns the
features into the probability that both report the same event. Its weights ship beside this file
as JSON; loading them needs no network and no scikit-learn.

The time signals count as the articles make them count. A story that develops over weeks (a toll
revised, a suspect named, a company's total of affected customers raised a month on) keeps its
rare, distinguishing names and its title words however late the article; two events of one kind
share common names and the topic's words, and are told apart by their days: the publication gap,
and the days the article speaks of against the days its story does. The scorer weighs each signal
(fitted on the development events *and* the developing stories of ``../shared/dev/breaking``, each
set counting alike): no similarity is faded by a fixed clock, so a follow-up weeks later with the
story's rare names and title words still joins it.
"""
from __future__ import annotations

import bisect
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.signals import ArticleFeatures, is_place, key_rarity, parse_day

WEIGHTS = Path(__file__).with_name("story_model.json")

#: What a story profile keeps, heaviest first (ties by name): bounded rows, whatever the story's size.
TERMS_KEPT = 120
TITLE_TERMS_KEPT = 40
KEYS_KEPT = 100
NUMBERS_KEPT = 40
DAYS_KEPT = 30
#: Summed weights are kept to this many decimals, in memory as in the store (so a story read back
#: scores exactly as the one built in memory did).
WEIGHT_DECIMALS = 4
#: Gaps in days are read on a log scale and capped here: a year apart is as far as it gets.
MAX_GAP_DAYS = 365

#: The pair features, in the order of the model's weights.
FEATURES = ("embedding", "body_terms", "title_terms", "names", "places", "numbers", "rare_names", "no_shared_name",
            "published_gap", "day_gap", "day_share")
#: A shared name counts towards ``rare_names`` by how much rarer it is than this (``signals.key_rarity``:
#: "trump" 3.1, "comey" 4.7, "equifax" 5.6, "tiangong" 6.3): the names that tell one story from the
#: others of its topic, whatever the gap.
RARE_NAME = 5.0


def _top(weights: Mapping[str, float], n: int) -> dict[str, float]:
    if len(weights) <= n:
        return dict(weights)
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _norm(weights: Mapping[str, float]) -> float:
    return math.sqrt(math.fsum(w * w for w in weights.values()))


@dataclass
class StoryProfile:
    """What a story's articles brought, summed (an update is one article's worth of work)."""

    keys: Counter[str] = field(default_factory=Counter)
    terms: dict[str, float] = field(default_factory=dict)
    title: dict[str, float] = field(default_factory=dict)
    numbers: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    first_date: str | None = None
    last_date: str | None = None
    terms_norm: float = 0.0
    title_norm: float = 0.0
    _ordinals: list[int] = field(default_factory=list, repr=False)  # sorted days as ordinals

    def __post_init__(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.terms_norm, self.title_norm = _norm(self.terms), _norm(self.title)
        self._ordinals = sorted({d.toordinal() for s in self.days if (d := parse_day(s))})

    def add(self, art: ArticleFeatures) -> None:
        d = art.published[:10] if art.published and parse_day(art.published) else None
        self._sum(art.keys, art.terms, art.title, art.numbers, art.days, d, d)

    def absorb(self, other: StoryProfile) -> None:
        """Add another story's profile (two stories merged), kept to the same bounds as ``add``."""
        self._sum(other.keys, other.terms, other.title, other.numbers, other.days, other.first_date, other.last_date)

    def _sum(self, keys: Iterable[str] | Mapping[str, int], terms: Mapping[str, float], title: Mapping[str, float],
             numbers: Iterable[str] | Mapping[str, int], days: Iterable[str] | Mapping[str, int],
             first: str | None, last: str | None) -> None:
        """Add what an article or another story brought, keeping the heaviest of each part."""
        self.keys.update(keys)
        self.keys = Counter(_top(self.keys, KEYS_KEPT))
        for mine, theirs, kept in ((self.terms, terms, TERMS_KEPT), (self.title, title, TITLE_TERMS_KEPT)):
            for t, w in theirs.items():
                mine[t] = round(mine.get(t, 0.0) + w, WEIGHT_DECIMALS)
            if len(mine) > kept:
                top = _top(mine, kept)
                mine.clear()
                mine.update(top)
        self.numbers.update(numbers)
        self.numbers = Counter(_top(self.numbers, NUMBERS_KEPT))
        self.days.update(days)
        self.days = Counter(_top(self.days, DAYS_KEPT))
        if first:
            self.first_date = min(filter(None, [self.first_date, first]))
        if last:
            self.last_date = max(filter(None, [self.last_date, last]))
        self._refresh()

    def to_json(self) -> str:
        return json.dumps({"keys": self.keys, "terms": self.terms, "title": self.title, "numbers": self.numbers,
                           "days": self.days}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None, first_date: str | None, last_date: str | None) -> StoryProfile:
        """A stored profile; a store written before profiles existed holds a plain list of keys."""
        data: Any = json.loads(text or "[]")
        if isinstance(data, list):
            data = {"keys": dict.fromkeys(data, 1)}
        return cls(Counter(data.get("keys", {})), dict(data.get("terms", {})), dict(data.get("title", {})),
                   Counter(data.get("numbers", {})), Counter(data.get("days", {})), first_date, last_date)


def _cosine(a: Mapping[str, float], b: Mapping[str, float], b_norm: float) -> float:
    """``a`` is unit length; ``b`` a sum of unit vectors with its norm."""
    if not a or not b_norm:
        return 0.0
    if len(a) > len(b):
        return sum(w * a.get(t, 0.0) for t, w in b.items()) / b_norm
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / b_norm


def _shared_mass(art_keys: Sequence[str], story: Mapping[str, int]) -> float:
    """The share of the article's name rarity that the story's articles also name."""
    total = math.fsum(key_rarity(k) for k in art_keys)
    if not total:
        return 0.0
    return math.fsum(key_rarity(k) for k in art_keys if k in story) / total


def _gap(days: int) -> float:
    return math.log1p(min(max(days, 0), MAX_GAP_DAYS))


def dated(art: ArticleFeatures, story: StoryProfile) -> bool:
    """Whether the publication gap of an article and a story is known (both carry a date)."""
    return bool(parse_day(art.published) and parse_day(story.first_date) and parse_day(story.last_date))


def pair_features(art: ArticleFeatures, story: StoryProfile, cosine: float) -> list[float]:
    """The values of ``FEATURES`` for an article and a story (``cosine``: of their vectors)."""
    day_gap = day_share = 0.0
    # an undated article or story: the gap is unknown, not zero; the model reads it as the usual gap
    # (missing-value imputation by the training mean), so a missing date neither joins nor parts
    published_gap = math.nan
    pub, first, last = parse_day(art.published), parse_day(story.first_date), parse_day(story.last_date)
    if pub and first and last:
        published_gap = _gap(max((first - pub).days, (pub - last).days))
    ords = story._ordinals
    art_days = [d.toordinal() for s in art.days if (d := parse_day(s))]
    if art_days and ords:
        gaps = []
        for o in art_days:
            i = bisect.bisect_left(ords, o)
            gaps.append(min(abs(ords[j] - o) for j in (i - 1, i) if 0 <= j < len(ords)))
        day_gap = _gap(min(gaps))
        day_share = sum(g <= 1 for g in gaps) / len(gaps)
    keys = sorted(art.keys)
    names = [k for k in keys if not is_place(k)]
    places = [k for k in keys if is_place(k)]
    rare = math.fsum(max(0.0, key_rarity(k) - RARE_NAME) for k in keys if k in story.keys)
    # names on both sides and not one of them shared: two occurrences of a kind (another agency's
    # launch, an attack in another town), whatever words of the topic they share
    none_shared = float(bool(names) and bool(story.keys) and not any(k in story.keys for k in names))
    return [cosine, _cosine(art.terms, story.terms, story.terms_norm),
            _cosine(art.title, story.title, story.title_norm), _shared_mass(names, story.keys),
            _shared_mass(places, story.keys), math.log1p(sum(1 for n in art.numbers if n in story.numbers)),
            math.log1p(rare), none_shared, published_gap, day_gap, day_share]


def as_article(story_id: str, vector: np.ndarray, profile: StoryProfile) -> ArticleFeatures:
    """A whole story read as one article (its summed words, names, numbers and days, published on its
    last day): what ``pair_features`` compares with another story when two may be one."""
    def unit(weights: Mapping[str, float]) -> dict[str, float]:
        n = _norm(weights)
        return {t: w / n for t, w in weights.items()} if n else {}
    return ArticleFeatures("story:" + story_id, vector, frozenset(profile.keys), profile.last_date, unit(profile.terms),
                           unit(profile.title), frozenset(profile.numbers), tuple(sorted(profile.days)))


@dataclass(frozen=True)
class PairModel:
    """Logistic regression over standardised ``FEATURES``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        """P(same event) for each row of feature values."""
        if not len(rows):
            return np.zeros(0)
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        x = np.nan_to_num(x, nan=0.0)  # an unknown value (NaN) stands at the training mean
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PairModel:
        feats = tuple(data["features"])
        if feats != FEATURES:
            raise ValueError(f"story model features {feats} do not match this storyline's {FEATURES}")
        return cls(feats, np.asarray(data["mean"], dtype=np.float64), np.asarray(data["scale"], dtype=np.float64),
                   np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]))


@cache
def load_model() -> PairModel:
    """The shipped weights (``story_model.json``)."""
    return PairModel.from_dict(json.loads(WEIGHTS.read_text(encoding="utf-8")))
