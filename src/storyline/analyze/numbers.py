"""Numeric claims: numbers in digits and words, with scale, unit, qualifier, counted noun, claimant.

Calendar dates, clock times, years and ordinals are not claims; durations ("30-day", "19 years")
are. The claimant comes from the same attribution as quotes.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.analyze.attribution import attribute
from storyline.analyze.entities import DocEntities
from storyline.analyze.measures import measure_facts
from storyline.model import Claim

UNITS_WORD = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1e6, "billions": 1e9}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "sixth": 1 / 6, "tenth": 0.1,
             "thirds": 1 / 3, "quarters": 0.25, "fifths": 0.2}
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB", "₹": "INR"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                  "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH", "yen": "JPY"}
MEASURES = {
    "percent": "%", "per cent": "%", "%": "%", "km": "km", "kilometer": "km", "kilometre": "km", "mile": "mi",
    "meter": "m", "metre": "m", "foot": "ft", "feet": "ft", "tonne": "t", "ton": "t", "kilogram": "kg",
    "kg": "kg", "litre": "l", "liter": "l", "barrel": "barrel", "day": "day", "week": "week", "month": "month",
    "year": "year", "hour": "hour", "minute": "minute", "second": "second", "square": "sq", "acre": "acre",
    "hectare": "ha", "mph": "mph", "kph": "km/h", "km/h": "km/h", "knot": "knot",
}
QUALIFIERS = [
    "more than", "over", "at least", "about", "some", "around", "nearly", "almost", "up to", "roughly",
    "approximately", "fewer than", "less than", "at most", "as many as", "close to", "an estimated",
    "upwards of", "under", "just over", "just under", "as much as", "around", "estimated", "below", "above",
]
MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
WEEKDAYS = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)", re.I)
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$|^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$", re.I)
DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def _num_word(t: Token) -> bool:
    low = t.lower_
    return bool(DIGITS.match(t.text)) or low in UNITS_WORD or low in SCALES and t.i > 0 and _num_word_basic(t.doc[t.i - 1])


def _num_word_basic(t: Token) -> bool:
    return bool(DIGITS.match(t.text)) or t.lower_ in UNITS_WORD


def parse_number(words: Sequence[str]) -> float | None:
    """'1,100' → 1100; 'two' → 2; '40 billion' → 4e10; 'twenty five' → 25; None when not a number."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        low = w.lower()
        if DIGITS.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif low in UNITS_WORD:
            current += UNITS_WORD[low]
            seen = True
        elif low in SCALES and seen:
            scale = SCALES[low]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif low in {"-", "and"}:
            continue
        else:
            return None
    return total + current if seen else None


#: verbs that "over" right after makes a phrasal verb whose object is the number's noun ("ran over
#: 10 people", "handed over 300 files"): there "over" is no bound ("killed over 80 people" is)
PHRASAL_OVER = frozenset({"run", "hand", "turn", "knock", "mow"})


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """The qualifier before a number ("more than 50", "more than $5 billion": across its currency
    sign) and the token it starts at."""
    sign = 1 if start > 0 and doc[start - 1].text in CURRENCY else 0
    before = doc[max(0, start - sign - 3):start - sign].text.lower()
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if before.endswith(q) and (len(before) == len(q) or not before[-len(q) - 1].isalnum()):
            n = len(q.split())
            at = start - sign - n
            if q == "over" and at > 0 and doc[at - 1].pos_ in {"VERB", "AUX"} and doc[at - 1].lemma_.lower() in PHRASAL_OVER:
                return None, start
            return q, at
    return None, start


def _is_date_like(doc: Doc, s: int, e: int, value: float) -> bool:
    toks = doc[s:e]
    ent = toks[0].ent_type_
    near = [doc[j] for j in range(max(0, s - 2), min(len(doc), e + 2))]
    if any(MONTHS.match(t.text) and t.is_title for t in near) and value <= 31:
        return True
    if ent == "TIME" and any(":" in t.text or t.lower_ in {"a.m.", "p.m.", "am", "pm"} for t in near):
        return True
    clock = re.fullmatch(r"(\d{1,2})[:.](\d{2})", toks.text)
    # "7:30", "11.04": a time of day, unless it cannot be one or is a sum ("$41.20", "£2.50")
    if clock and int(clock[1]) <= 24 and int(clock[2]) < 60 and not (s > 0 and doc[s - 1].text in CURRENCY):
        return True
    if e - s == 1 and re.fullmatch(r"(1[6-9]|20|21)\d\d", toks.text):
        if any(MONTHS.match(t.text) and t.is_title for t in near):
            return True
        nxt = doc[e] if e < len(doc) else None
        # a year unless it counts something plural ("2022 soldiers")
        return not (nxt is not None and nxt.tag_ == "NNS" and toks[0].dep_ == "nummod")
    return False


def _counted_and_unit(doc: Doc, s: int, e: int) -> tuple[str | None, str | None]:
    unit = None
    for j in range(max(0, s - 1), s):
        if doc[j].text in CURRENCY:
            unit = CURRENCY[doc[j].text]
    if e < len(doc):
        nxt = doc[e]
        low = nxt.lower_
        if nxt.text == "%" or low in {"percent", "pct"}:
            unit = "%"
        elif low in CURRENCY_WORDS:
            unit = CURRENCY_WORDS[low]
    head = doc[e - 1]
    # walk to the noun the number counts: nummod/compound/quantmod heads, across "30-day"
    noun = head.head if head.dep_ in {"nummod", "compound", "quantmod", "npadvmod", "amod"} else None
    if noun is None and e < len(doc) and doc[e].text == "-" and e + 1 < len(doc):
        noun = doc[e + 1]
    if noun is None and e < len(doc) and doc[e].pos_ in {"NOUN", "PROPN"}:
        noun = doc[e]
    counted = None
    if noun is not None and noun.pos_ in {"NOUN", "PROPN"}:
        lemma = noun.lemma_.lower()
        measure = MEASURES.get(lemma) or MEASURES.get(noun.lower_)
        if measure and unit is None:
            unit = PER_HOUR.get(measure, measure) if _per_hour(doc, noun.i + 1) else measure
            # "30-day cease-fire", "1,100 square kilometers": the thing measured is further up
            outer = noun.head if noun.dep_ in {"compound", "amod", "npadvmod", "nmod"} and noun.head.i != noun.i else None
            if lemma == "square" and outer is not None:
                unit = "sq " + (MEASURES.get(outer.lemma_.lower()) or outer.lemma_.lower())
                outer = outer.head if outer.head.i != outer.i and outer.dep_ in {"compound", "amod"} else None
            counted = outer.lemma_.lower() if outer is not None and outer.pos_ in {"NOUN", "PROPN"} else None
            if counted is None:  # "300 tonnes of fuel oil": what is measured follows "of"
                of = [c for c in noun.children if c.lower_ == "of"]
                objs = [c for o in of for c in o.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
                if objs:
                    head = objs[0]
                    mods = [c.lower_ for c in head.children if c.dep_ == "compound" and c.i < head.i]
                    counted = " ".join(mods + [head.lemma_.lower()])
        elif noun.text != "%":
            counted = noun.text if noun.pos_ == "PROPN" else noun.lemma_.lower()
    if counted is None and unit == "%":
        # "80% of the cases"
        pct = doc[e] if e < len(doc) else None
        if pct is not None:
            of = [c for c in pct.children if c.lower_ == "of"]
            objs = [c for o in of for c in o.children if c.dep_ == "pobj"]
            counted = objs[0].lemma_.lower() if objs else None
    return counted, unit


#: a length unit followed by "per hour" or "/h" is a speed
PER_HOUR = {"km": "km/h", "mi": "mph"}


def _per_hour(doc: Doc, i: int) -> bool:
    """Whether "per hour", "an hour" or "/h" follows at token ``i`` ("50 km/h", "43 miles per hour")."""
    words = [t.lower_ for t in doc[i:i + 2]]
    return len(words) == 2 and words[0] in {"per", "an", "a", "/"} and words[1] in {"hour", "h", "hr"}


def number_spans(doc: Doc) -> list[tuple[int, int, float, str | None]]:
    """(token start, token end, value, vague word) of every number expression that is not a date."""
    out: list[tuple[int, int, float, str | None]] = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        low = t.lower_
        if low in VAGUE and t.pos_ in {"NOUN", "NUM"}:
            out.append((i, i + 1, float(VAGUE[low]), low))
            i += 1
            continue
        if low in FRACTIONS and i > 0 and doc[i - 1].lower_ in {"a", "one"} and t.pos_ in {"NOUN", "ADJ", "NUM"}:
            out.append((i - 1, i + 1, FRACTIONS[low], None))
            i += 1
            continue
        if not _num_word_basic(t) or ORDINAL.match(t.text) or t.ent_type_ == "ORDINAL":
            i += 1
            continue
        j = i + 1
        while j < n and (_num_word(doc[j]) or (doc[j].text == "-" and j + 1 < n and doc[j + 1].lower_ in UNITS_WORD
                                                and t.lower_ in UNITS_WORD)):
            j += 1
        words = [x.text for x in doc[i:j]]
        value = parse_number(words)
        if value is None:
            i = j
            continue
        if t.lower_ == "one" and j == i + 1 and t.dep_ != "nummod":
            i = j
            continue
        if _is_date_like(doc, i, j, value):
            i = j
            continue
        out.append((i, j, value, None))
        i = j
    return out


#: a quoted phrase this short names something ("the so-called “HR 1” measure"): a number in it is
#: not a statement of whoever the phrase is attributed to (counted with its two marks)
QUOTED_NAME_TOKENS = 5


def extract_claims(doc: Doc, ents: DocEntities, quoted: Sequence[tuple[int, int]],
                   quote_speakers: dict[tuple[int, int], int | None]) -> list[Claim]:
    claims: list[Claim] = []
    for s, e, value, vague in number_spans(doc):
        qualifier, qstart = _qualifier(doc, s)
        if vague:
            qualifier = qualifier or vague
        counted, unit = _counted_and_unit(doc, s, e)
        sent = ents.sent(s)
        inside = next((span for span in quoted if span[0] <= s < span[1]), None)
        described = None
        if inside is not None and quote_speakers.get(inside) is not None \
                and inside[1] - inside[0] > QUOTED_NAME_TOKENS:
            cluster = quote_speakers[inside]
        else:
            attr = attribute(doc, ents, (s, e), (sent.start, sent.end), quoted, claim=True)
            cluster, described = attr.cluster, attr.described
        start_tok = doc[qstart] if qstart < s else doc[s]
        if s > 0 and doc[s - 1].text in CURRENCY:
            start_tok = doc[s - 1] if qstart >= s else start_tok
        end_char = doc[e - 1].idx + len(doc[e - 1].text)
        if e < len(doc) and doc[e].text == "%":
            end_char = doc[e].idx + 1
        measured, measure, frame = measure_facts(doc.char_span(start_tok.idx, end_char, alignment_mode="expand"))
        claims.append(Claim(
            start=start_tok.idx, end=end_char, text=sent.text.strip(), value=value, unit=unit,
            qualifier=qualifier, counted=counted,
            claimant=ents.clusters[cluster].name if cluster is not None else described, claimant_cluster=cluster,
            measure=measure, measured=measured, frame=frame,
        ))
    return claims
