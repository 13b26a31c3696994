"""What an article brings to story assignment besides its vector: its words and names weighted by
rarity, its key numbers, and the days it is about.

Rarity is measured against general English (the ``wordfreq`` tables shipped in its wheel), not
against the store: a word's weight never depends on which articles arrived first, so assignment
in any order, and ``recluster``, weigh every article alike. Rarity is ``ZIPF_CEIL - zipf``:
"the" (7.7) weighs almost nothing, "senate" (4.8) about 3, a name no table knows 8.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from wordfreq import zipf_frequency

from storyline.names import name_key

#: Zipf value (log10 of occurrences per billion words) taken as "never seen": rarity is CEIL - zipf.
ZIPF_CEIL = 8.0
#: Words at least this common ("the", "said", "would") carry no sign of an event and are skipped.
COMMON_ZIPF = 6.0
#: A term this common still weighs this much (keeps a word present in the table from vanishing).
RARITY_FLOOR = 0.5
#: Entity types whose shared names tie an article to a story; the place types among them.
KEY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
#: An article's heaviest words kept for its term vector (its rarest and most repeated).
ARTICLE_TERMS = 80
#: Words shorter than this are not terms (initials, stray letters).
MIN_TERM_CHARS = 2

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
YEAR = re.compile(r"(?:19|20)\d\d")
#: A number with fewer significant digits than this ("3 people", "10 days") says little about which event.
MIN_NUMBER_DIGITS = 2


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """How rare a lower-case word or name is in general English (0 for the commonest words)."""
    return max(0.0, ZIPF_CEIL - zipf_frequency(word, "en"))


def _unit(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def term_vector(text: str, keep: int = ARTICLE_TERMS) -> dict[str, float]:
    """Unit-length sublinear-tf × rarity weights of the text's ``keep`` heaviest words (the common
    ones skipped)."""
    counts = Counter(WORD.findall(text.lower().replace("’", "'")))
    weights: dict[str, float] = {}
    for word, n in counts.items():
        term = word[:-2] if word.endswith("'s") else word
        if len(term) < MIN_TERM_CHARS:
            continue
        r = rarity(term)
        if r <= ZIPF_CEIL - COMMON_ZIPF:
            continue
        weights[term] = weights.get(term, 0.0) + n
    scored = {t: (1.0 + math.log(n)) * max(rarity(t), RARITY_FLOOR) for t, n in weights.items()}
    if len(scored) > keep:
        scored = dict(sorted(scored.items(), key=lambda tw: (-tw[1], tw[0]))[:keep])
    return _unit(scored)


def key_numbers(text: str) -> frozenset[str]:
    """The numbers that can tell one event from another: not years, not one-digit counts."""
    out = set()
    for m in NUMBER.finditer(text):
        raw = m.group().replace(",", "")
        if YEAR.fullmatch(raw):
            continue
        if len(raw.split(".")[0].lstrip("0")) + len(raw.partition(".")[2].rstrip("0")) >= MIN_NUMBER_DIGITS:
            out.add(raw.rstrip("0").rstrip(".") if "." in raw else raw)
    return frozenset(out)


def entity_keys(entities: Iterable[tuple[str, str]]) -> frozenset[str]:
    """``TYPE|normalised name`` for the article's names of the key types."""
    return frozenset(f"{t}|{k}" for n, t in entities if t in KEY_TYPES and (k := name_key(n, t)))


def key_rarity(key: str) -> float:
    """The rarity of an entity key's name (its multi-word frequency as wordfreq estimates it)."""
    return rarity(key.partition("|")[2])


def is_place(key: str) -> bool:
    return key.partition("|")[0] in PLACE_TYPES


def parse_day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s and len(s) >= 10 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ArticleFeatures:
    """One article as story assignment sees it."""

    id: str
    vector: np.ndarray  # unit article vector
    keys: frozenset[str] | set[str]  # entity keys (``TYPE|name``)
    published: str | None
    terms: Mapping[str, float] = field(default_factory=dict)  # unit rarity-weighted terms of title + body
    title: Mapping[str, float] = field(default_factory=dict)  # the same over the title alone
    numbers: frozenset[str] = frozenset()
    days: tuple[str, ...] = ()  # ISO days it speaks of: its day-precise time expressions and its publication

    def __post_init__(self) -> None:
        pub = self.published[:10] if self.published and parse_day(self.published) else None
        if pub and pub not in self.days:
            object.__setattr__(self, "days", tuple(sorted({*self.days, pub})))


def article_features(aid: str, vector: np.ndarray, published: str | None, title: str | None, body: str,
                     entities: Iterable[tuple[str, str]], days: Iterable[str]) -> ArticleFeatures:
    return ArticleFeatures(aid, vector, entity_keys(entities), published,
                           term_vector(f"{title or ''}\n{body}"), term_vector(title or ""),
                           key_numbers(body), tuple(sorted({d[:10] for d in days if parse_day(d)})))
