"""A learned furniture model: one logistic regression over features of a line and its neighbours.

Plain text, JSON Lines ``text`` and the text trafilatura returns from HTML all reach
``lines.classify``, which asks this model how likely each line is page furniture. The features are
shapes, never phrases of an outlet: length, sentence shape, verbs, capitalisation, digits and
"N of M" counters, credit tails, speaker labels, link- and share-like lines, repetition, position
and the same for the neighbouring lines. The weights are trained on the development pages
(``python -m quality.furniture train``) and shipped beside this file as JSON; loading them needs
no network and no scikit-learn.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("furniture_model.json")
#: In a scraped page, a line the rules take for prose is still furniture at this probability.
THRESHOLD = 0.8
#: In text an HTML extractor already cut from the page, only lines this sure are dropped.
EXTRACTED_DROP = 0.9

COUNTER = re.compile(r"\b\d{1,3}\s*(?:of|/|von|de|di)\s*\d{1,3}\b", re.I)
AGENCY_CREDIT = re.compile(r"(getty\s*images|\bap\s*photo\b|\bafp\b|\breuters\b|\bepa\b|shutterstock|"
                           r"\bphoto(?:graph)?s?\s*(?:by|:|©|credit)|\bimage\s*(?:by|:|credit|source))", re.I)
SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.'’\- ]{1,40}(?:\([^)]*\))?:\s")
LINK_LIKE = re.compile(r"(https?://|www\.|\.com\b|\.org\b|\.net\b|@\w{2,}|pic\.twitter|#\w{3,}|\bt\.co/)", re.I)
SHARE_LIKE = re.compile(r"^(share|tweet|e-?mail|print|comments?|facebook|twitter|whatsapp|linkedin|pinterest|"
                        r"reddit|telegram|copy link|save|like|reply|more)\b", re.I)
#: The signature an embedded post ends with: "— Name (@handle) May 3, 2016", "pic.twitter.com/…".
EMBED_TAIL = re.compile(r"(pic\.twitter\.com/\w+|\(@\w{1,30}\)\s*\w+\.?\s+\d{1,2},?\s+\d{4}|"
                        r"\bA (?:post|photo|video) shared by\b|instagram\.com/p/)", re.I)
SEPARATORS = re.compile(r"[|•·»›>/]")
MONTH_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b", re.I)
SENTENCE_END = re.compile(r"[.!?][\"”’'\)\]]*(?=\s|$)")
QUOTE_MARK = re.compile(r"[\"“”«»„]")


@dataclass(frozen=True)
class LineShape:
    """What the model reads of one line (filled by ``lines._features`` from the parse)."""

    text: str
    words: int
    terminal: bool
    truncated: bool
    finite_verb: bool
    imperative: bool
    appeal: float
    repeated: bool
    rule: str  # the rule classifier's kind: prose | heading | caption | byline | copyright | furniture


RULE_KINDS = ("prose", "heading", "caption", "byline", "copyright", "furniture")


def _own(s: LineShape) -> list[float]:
    t = s.text
    words = t.split()
    caps = sum(w[:1].isupper() for w in words) / max(1, len(words))
    letters = [c for c in t if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    digits = sum(c.isdigit() for c in t) / max(1, len(t))
    short = s.words <= 12
    return [
        math.log1p(s.words), math.log1p(len(t)), float(s.terminal), float(s.truncated), float(s.finite_verb),
        float(s.imperative), min(s.appeal, 6.0), float(s.repeated),
        float(bool(COUNTER.search(t)) and short), float(bool(AGENCY_CREDIT.search(t))),
        float(bool(SPEAKER_LABEL.match(t))), float(bool(LINK_LIKE.search(t))),
        float(bool(SHARE_LIKE.match(t)) and short), min(len(SEPARATORS.findall(t)), 5) / 5.0,
        float(bool(MONTH_DATE.search(t)) and short), min(len(SENTENCE_END.findall(t)), 8) / 8.0,
        float(bool(QUOTE_MARK.search(t))), float(t.endswith(":")), caps, upper, digits,
        *(float(s.rule == k) for k in RULE_KINDS),
    ]


#: Where the rule kinds' one-hot columns start in a feature row (they close the line's own shape).
RULE_COLUMN = len(_own(LineShape("", 0, False, False, False, False, 0.0, False, "prose"))) - len(RULE_KINDS)


def _prose_like(s: LineShape | None) -> list[float]:
    if s is None:
        return [0.0, 0.0, 1.0]
    return [float(s.terminal and s.finite_verb and s.words >= 8), math.log1p(s.words), 0.0]


def features(shapes: Sequence[LineShape]) -> np.ndarray:
    """One row per line: its own features, its position, and its neighbours' shape."""
    n = len(shapes)
    rows = []
    for i, s in enumerate(shapes):
        pos = i / max(1, n - 1)
        prev = shapes[i - 1] if i > 0 else None
        nxt = shapes[i + 1] if i + 1 < n else None
        near = [x for x in shapes[max(0, i - 3):i + 4] if x is not s]
        prose_near = sum(x.terminal and x.finite_verb and x.words >= 8 for x in near) / max(1, len(near))
        rows.append([*_own(s), pos, float(i < 3), float(i >= n - 3), *_prose_like(prev), *_prose_like(nxt),
                     prose_near])
    return np.asarray(rows, dtype=np.float64).reshape(n, -1)


@cache
def load_model() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return (np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]),
            float(data["intercept"]))


def furniture_probability(shapes: Sequence[LineShape]) -> np.ndarray:
    """P(furniture) for each line, from the shipped weights."""
    if not shapes:
        return np.zeros(0)
    mean, scale, coef, intercept = load_model()
    x = (features(shapes) - mean) / scale
    return 1.0 / (1.0 + np.exp(-(x @ coef + intercept)))
