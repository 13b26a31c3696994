"""Quantities: a numeric claim as a value (or range, or bound) of a unit, of a counted thing.

``quantity`` turns a stored claim into a ``model.Quantity``: "between 30 and 40" and "30-40" are
one range, "more than 400" a lower bound, "about 430" an approximation; what happened to the
counted thing ("30 people were killed" → people, kill) was read from the parse at analyze time
(``analyze.measures``) and stored with the claim. ``relation``
compares two quantities of one thing after unit conversion (pint) and rounding: the same figure,
compatible figures (both can be true) or disjoint ones.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pint
from spacy.tokens import Doc

from storyline.analyze.measures import frame_of, measure_of
from storyline.model import Bound, Quantity
from storyline.nlp import parsed
from storyline.reconcile.settings import SETTINGS

#: storyline's unit names (``analyze.numbers.MEASURES``) → pint's; units not here (%, currencies,
#: unknown measures) compare only with the same unit, never converted
PINT_NAMES = {"km": "kilometer", "mi": "mile", "m": "meter", "ft": "foot", "t": "metric_ton", "kg": "kilogram",
              "l": "liter", "barrel": "oil_barrel", "day": "day", "week": "week", "month": "month",
              "year": "year", "hour": "hour", "minute": "minute", "second": "second", "sq km": "kilometer ** 2",
              "sq mi": "mile ** 2", "sq m": "meter ** 2", "sq ft": "foot ** 2", "acre": "acre", "ha": "hectare",
              "mph": "mile / hour", "km/h": "kilometer / hour", "knot": "knot"}


class Relation(StrEnum):
    SAME = "same"  # one figure (after conversion and rounding)
    COMPATIBLE = "compatible"  # different statements that can both be true
    DISJOINT = "disjoint"  # cannot both be true of one thing at one time


@lru_cache(maxsize=1)
def _ureg() -> pint.UnitRegistry:
    return pint.UnitRegistry()  # the definitions shipped inside the package: no network


def bound_of(qualifier: str | None) -> Bound:
    q = (qualifier or "").lower()
    if q in SETTINGS.more_words:
        return Bound.AT_LEAST
    if q in SETTINGS.less_words:
        return Bound.AT_MOST
    if q in SETTINGS.approx_words:
        return Bound.APPROX
    if q in SETTINGS.scale_words:
        return Bound.SCALE
    return Bound.EXACT


def quantities(claims: Sequence[dict[str, Any]], body: str) -> list[tuple[dict[str, Any], Quantity]]:
    """Each claim's quantity; two claims joined as a range ("30-40", "30 to 40", "between 30 and
    40") become one, kept under the first claim."""
    order = sorted(claims, key=lambda c: c["start"])
    out: list[tuple[dict[str, Any], Quantity]] = []
    skip = ratio_next = -1
    for n, c in enumerate(order):
        if n in (skip, ratio_next):
            continue
        nxt = order[n + 1] if n + 1 < len(order) else None
        between = body[c["end"]:nxt["start"]] if nxt is not None and nxt["start"] >= c["end"] else None
        unit = c["unit"] or (nxt["unit"] if nxt is not None else None)
        if (nxt is not None and between is not None and SETTINGS.range_join.match(between)
                and nxt["value"] > c["value"] and (c["unit"] in (None, nxt["unit"]))
                and (between.strip() != "and" or body[max(0, c["start"] - 9):c["start"]].lower().rstrip()
                     .endswith("between"))
                and not c["qualifier"]):
            counted = c["counted"] or nxt["counted"]
            out.append((c, Quantity(c["value"], Bound.RANGE, nxt["value"], unit, counted, None, None)))
            skip = n + 1
            continue
        if between is not None and SETTINGS.ratio_join.match(between):
            ratio_next = n + 1  # "2 in 3", "one-in-three": a ratio, not two quantities
            continue
        out.append((c, Quantity(c["value"], bound_of(c["qualifier"]), None, c["unit"], c["counted"], None,
                                c["qualifier"])))
    return out


def in_name(before: str, counted: str | None) -> bool:
    """Whether a number is part of a name or names something rather than counting: right after a
    capitalised word inside its sentence ("Route 91", "Delta 4", "Apollo 11") or right after its own
    counted noun ("lap 48"). ``before``: the sentence's text up to the number."""
    words = before.split()
    if len(words) < 2 or not before[-1:].isspace() or words[-1][-1] in ",;:)":
        return False  # the sentence's first word is capitalised anyway; "said NASA, 30 people" counts
    last = words[-1]
    return last[:1].isupper() or bool(counted and last.lower().startswith(counted.split()[-1].lower()))


def specific(q: Quantity, written: str) -> bool:
    """Whether a figure says something when two outlets give it: not the word "one" ("at one
    point", "one count" are words, not figures) and not an order of magnitude ("dozens")."""
    if q.bound is Bound.SCALE:
        return False
    return not (q.value == 1 and q.unit is None and not any(ch.isdigit() for ch in written))


def _base(q: Quantity) -> tuple[str, float, float | None, bool]:
    """(dimension key, value, high, converted?) in base units when pint knows the unit."""
    name = PINT_NAMES.get(q.unit or "")
    if name is None:
        return q.unit or "", q.value, q.high, False
    ureg = _ureg()
    unit = ureg.parse_units(name)
    factor = float(ureg.Quantity(1.0, unit).to_base_units().magnitude)
    dim = str(ureg.Quantity(1.0, unit).dimensionality)
    return dim, q.value * factor, None if q.high is None else q.high * factor, True


def dimension(q: Quantity) -> str:
    """Quantities compare only within one dimension (length, mass, %, USD …)."""
    return _base(q)[0]


def _half_step(v: float) -> float:
    """Half the last stated digit of ``v``: 8 → 0.5, 8,000 → 500, 2.5 → 0.05 (rounding room)."""
    if v == 0:
        return 0.5
    if v != int(v):
        decimals = len(f"{v:g}".split(".")[-1]) if "." in f"{v:g}" else 0
        return 0.5 * 10 ** -decimals
    n, zeros = int(abs(v)), 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return 0.5 * 10 ** zeros


def _interval(q: Quantity, v: float, hi: float | None, slack: float) -> tuple[float, float]:
    if q.bound is Bound.RANGE and hi is not None:
        return v - slack, hi + slack
    if q.bound is Bound.AT_LEAST:
        return v - slack, math.inf
    if q.bound is Bound.AT_MOST:
        return -math.inf, v + slack
    if q.bound is Bound.APPROX:
        return v * (1 - SETTINGS.approx_rel) - slack, v * (1 + SETTINGS.approx_rel) + slack
    if q.bound is Bound.SCALE:
        return v, v * 1000
    return v - slack, v + slack


def relation(q1: Quantity, q2: Quantity) -> Relation | None:
    """How two quantities of one counted thing relate; None when they cannot be compared (units
    of different dimensions)."""
    d1, v1, h1, conv1 = _base(q1)
    d2, v2, h2, conv2 = _base(q2)
    if d1 != d2:
        return None
    converted = conv1 and conv2 and q1.unit != q2.unit
    f1 = v1 / q1.value if q1.value else 1.0
    f2 = v2 / q2.value if q2.value else 1.0
    s1 = max(SETTINGS.same_value_rel * abs(v1), _half_step(q1.value) * f1 if converted else 0.0)
    s2 = max(SETTINGS.same_value_rel * abs(v2), _half_step(q2.value) * f2 if converted else 0.0)
    slack = max(s1, s2)
    if (h1, h2) == (None, None) and abs(v1 - v2) <= slack and (q1.bound == q2.bound or Bound.EXACT in (q1.bound, q2.bound)):
        return Relation.SAME
    if q1.bound is Bound.RANGE and q2.bound is Bound.RANGE and h1 is not None and h2 is not None \
            and abs(v1 - v2) <= slack and abs(h1 - h2) <= slack:
        return Relation.SAME
    lo1, up1 = _interval(q1, v1, h1, s1)
    lo2, up2 = _interval(q2, v2, h2, s2)
    return Relation.COMPATIBLE if lo1 <= up2 and lo2 <= up1 else Relation.DISJOINT


# ---------------------------------------------------------------- a fallback for older databases
def read(sentences: Sequence[tuple[str, int]],
         spans: Sequence[tuple[int, int]]) -> list[tuple[str | None, str | None, str | None]]:
    """(counted, measure, frame) for each claim span, each read from the parse of its sentence
    (``sentences[i]`` = (text, offset of the text in the body)). Only for articles stored before
    these were computed at analyze time and kept with each claim (``analyze.measures``)."""
    numbers = parsed((t for t, _ in sentences), _numbers, _NUMBERS)
    out: list[tuple[str | None, str | None, str | None]] = []
    for (text, offset), (start, end) in zip(sentences, spans, strict=True):
        first = next((read for idx, read in numbers[text] if start - offset <= idx < end - offset), None)
        out.append(first or (None, None, None))
    return out


#: per sentence text: (character offset, (counted, measure, frame)) of each number token, in order
_NUMBERS: dict[str, list[tuple[int, tuple[str | None, str | None, str | None]]]] = {}


def _numbers(doc: Doc) -> list[tuple[int, tuple[str | None, str | None, str | None]]]:
    return [(t.idx, (*measure_of(t), frame_of(t))) for t in doc if t.like_num or t.pos_ == "NUM"]
