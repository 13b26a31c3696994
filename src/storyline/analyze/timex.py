"""Time expressions resolved against the article's published date.

News convention: a bare weekday ("on Wednesday", "late Wednesday") is the latest such day on or
before publication; "next" moves it forward. Month names without a year are the latest such month
not after publication ("in December", "last June"). Without a published date a weekday stays a
weekday (precision "weekday") so the timeline can still order and compare it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc

from storyline.model import TimeRef

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAY_RX = re.compile(r"\b(?:(last|next|this|late|early)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                        r"(?:\s+(morning|afternoon|evening|night))?\b", re.I)
MONTH_DAY_RX = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
DAY_MONTH_RX = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+(\d{{4}}))?\b", re.I)
MONTH_RX = re.compile(rf"\b(?:(last|next|this|in|early|late|mid)[\s-]+)?{_MON}(?:\s+(\d{{4}}))?\b", re.I)
YEAR_RX = re.compile(r"\b(last|next|this) year\b|\b(?:in|since|of|by|until)\s+((?:19|20)\d\d)\b", re.I)
RELATIVE_RX = re.compile(r"\b(yesterday|today|tomorrow|tonight)\b", re.I)
FUTURE_VERBS = {"expect", "schedule", "plan", "intend", "aim", "due", "set"}
#: words just before a time expression that put it ahead of the writing: "until Friday", "as soon as
#: Jan. 4", "no later than March", "by mid-January"
AHEAD_BEFORE = re.compile(r"\b(?:until|till|as soon as|no (?:earlier|later) than|by|due|scheduled for)(?:\s+the)?(?:\s+mid-?)?\s*$")


def _looks_ahead(span) -> bool:
    """The clause the expression belongs to speaks of the future: "will meet on Thursday",
    "is expected to board on Thursday", "until Friday"."""
    doc = span.doc
    before = doc[max(0, span.start - 4):span.start].text.lower()
    if AHEAD_BEFORE.search(before):
        return True
    verb = span.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head.i == verb.i:
            return False
        verb = verb.head
    chain = [verb] + [verb.head] if verb.dep_ in {"xcomp"} else [verb]
    for v in chain:
        # "would begin on Tuesday" in a report of what was said is the future of the saying
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "shall", "'ll", "would", "'d"} for c in v.children):
            return True
        if v.lemma_ in FUTURE_VERBS and any(c.dep_ == "xcomp" for c in v.children):
            return True
        if v.dep_ == "xcomp" and v.head.lemma_ in FUTURE_VERBS:
            return True
    return False

MEANINGFUL = re.compile(rf"\b(last|next|this|past|coming)\s+(week|month|year|summer|winter|spring|autumn|fall|weekend)\b|"
                        rf"\b{_MON}\b|\b(19|20)\d\d\b|\b(yesterday|today|tomorrow|tonight)\b", re.I)
DURATION = re.compile(r"\d+\s*-?\s*(day|week|month|year|hour)s?\b|\b(days|weeks|months|years|hours)\b", re.I)


def _month_index(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(w[:3]))


def _weekday(base: date | None, name: str, mod: str | None, future: bool = False) -> tuple[str | None, str]:
    if base is None:
        return None, "weekday"
    target = WEEKDAYS.index(name.lower())
    back = (base.weekday() - target) % 7
    d = base - timedelta(days=back)
    if back == 6 and not (mod and mod.lower() == "last"):
        # the day after a date-only stamp: the stamp is another time zone's date (a US-evening
        # report stamped with the day before, or after, in UTC), not a week-old event
        d = base + timedelta(days=1)
    if mod and mod.lower() == "next":
        d = base + timedelta(days=(target - base.weekday()) % 7 or 7)
    elif future and not (mod and mod.lower() == "last"):
        # "the flight is scheduled to leave on Sunday", written on a Sunday: that same day
        d = base + timedelta(days=(target - base.weekday()) % 7)
    return d.isoformat(), "day"


def _month(base: date | None, month: int, year: str | None, mod: str | None,
           future: bool = False) -> tuple[str | None, str]:
    if year:
        return f"{int(year):04d}-{month:02d}", "month"
    if base is None:
        return None, "unknown"
    y = base.year
    if (mod and mod.lower() == "next") or (future and not (mod and mod.lower() == "last")):
        # "will burn up sometime in March", written in December: the coming March
        y = y if month >= base.month and not (mod and mod.lower() == "next" and month == base.month) else y + 1
    elif mod and mod.lower() == "last":
        y = y if month < base.month else y - 1
    elif month > base.month:
        y -= 1
    return f"{y:04d}-{month:02d}", "month"


def _day(base: date | None, month: int, day: int, year: str | None, future: bool = False) -> tuple[str | None, str]:
    try:
        if year:
            return date(int(year), month, day).isoformat(), "day"
        if base is None:
            return None, "unknown"
        d = date(base.year, month, day)
        if future and d < base - timedelta(days=1):
            d = date(base.year + 1, month, day)  # "as soon as Jan. 4", written in December
        elif d > base + timedelta(days=31):
            d = date(base.year - 1, month, day)
        return d.isoformat(), "day"
    except ValueError:
        return None, "unknown"


def resolve(expr: str, base: date | None, future: bool = False) -> tuple[str | None, str, str | None]:
    """(resolved ISO date or month or year, precision, weekday) of one expression.

    ``future``: the sentence looks ahead ("will", "expected to", "until"), so a bare weekday is
    the next one rather than the last one."""
    if m := MONTH_DAY_RX.search(expr):
        return (*_day(base, _month_index(m.group(1)), int(m.group(2)), m.group(3), future), None)
    if m := DAY_MONTH_RX.search(expr):
        return (*_day(base, _month_index(m.group(2)), int(m.group(1)), m.group(3), future), None)
    if m := WEEKDAY_RX.search(expr):
        resolved, precision = _weekday(base, m.group(2), m.group(1), future)
        return resolved, precision, m.group(2).capitalize()
    if m := RELATIVE_RX.search(expr):
        if base is None:
            return None, "unknown", None
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m.group(1).lower()]
        return (base + timedelta(days=shift)).isoformat(), "day", None
    if m := MONTH_RX.search(expr):
        if m.group(2).lower().rstrip(".") in {"may", "mar"} and not (m.group(1) or m.group(3)):
            return None, "unknown", None  # "may" the verb, "mar" the verb
        return (*_month(base, _month_index(m.group(2)), m.group(3), m.group(1), future), None)
    if m := YEAR_RX.search(expr):
        if m.group(2):
            return m.group(2), "year", None
        if base is None:
            return None, "unknown", None
        shift = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        return str(base.year + shift), "year", None
    if m := re.fullmatch(r"\s*((?:19|20)\d\d)\s*", expr):
        return m.group(1), "year", None
    return None, "unknown", None


def extract_time_refs(doc: Doc, published: str | None) -> list[TimeRef]:
    base = None
    if published:
        try:
            base = date.fromisoformat(published[:10])
        except ValueError:
            base = None
    text = doc.text  # Doc.text joins every token on each access: read it once
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            spans.append((ent.start_char, ent.end_char))
    for m in WEEKDAY_RX.finditer(text):  # weekdays NER missed
        if not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    out = []
    for s, e in sorted(spans):
        expr = text[s:e]
        # widen a weekday to its modifier: "late Wednesday", "Tuesday night"
        wide = WEEKDAY_RX.search(text, max(0, s - 6), min(len(text), e + 10))
        if wide and wide.start() <= s < wide.end() + 1:
            s, e = min(s, wide.start()), max(e, wide.end())
            expr = text[s:e]
        span = doc.char_span(s, e, alignment_mode="expand")
        resolved, precision, weekday = resolve(expr, base, future=span is not None and _looks_ahead(span))
        if precision == "unknown" and (DURATION.search(expr) or not MEANINGFUL.search(expr)):
            continue  # "30-day", "three years", "annual": a length or a frequency, not a point in time
        out.append(TimeRef(start=s, end=e, text=expr, resolved=resolved, precision=precision, weekday=weekday,
                           event=_event(span) if span is not None else None))
    return _explicit_date_wins(out, text)


#: what may stand between a weekday and the date that spells it out: "last Sunday (September 3)",
#: "Sunday, September 3", "September 3 (Sunday)"
_BESIDE = re.compile(r"^[\s,(\[–—-]*$")


def _explicit_date_wins(refs: list[TimeRef], text: str) -> list[TimeRef]:
    """A weekday written beside the date it names says nothing the date does not: the date is the
    one entry, whatever day the weekday alone would resolve to."""
    dates = [r for r in refs if r.weekday is None and r.precision == "day"]
    out = []
    for r in refs:
        if r.weekday is not None and not MONTH_DAY_RX.search(r.text) and not DAY_MONTH_RX.search(r.text) and any(
                (d.start >= r.end and _BESIDE.match(text[r.end:d.start]))
                or (d.end <= r.start and _BESIDE.match(text[d.end:r.start].replace(")", "")))
                for d in dates):
            continue
        out.append(r)
    return out


LIGHT_VERBS = {"make", "pay", "hold", "conduct", "carry", "take", "give", "have", "stage", "launch", "do"}


def _event(span) -> str | None:
    """The predicate a time expression dates: "visited … on Thursday" → visit; "made a visit" → visit."""
    tok = span.root
    for _ in range(5):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ == "VERB" or (tok.pos_ == "NOUN" and tok.dep_ in {"pobj", "dobj", "nsubj"} and tok.i < span.start):
            break
    if tok.pos_ == "VERB" and tok.lemma_.lower() in LIGHT_VERBS:
        objs = [c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
        if objs:
            return objs[0].lemma_.lower()
    return tok.lemma_.lower() if tok.pos_ in {"VERB", "NOUN"} else None
