"""Title, outlet, published date and authors from the furniture around the article.

The outlet comes from what a page says about itself (a copyright line, "Support X", "A message
from X", "X news desk", "journalists of X"), never from a list of outlets.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import dateparser
from courlan import extract_domain

from storyline.clean.lines import BYLINE, PHOTO_CREDIT, READ_TIME, Line

_TOKEN = r"[A-Z][\w&'’-]*(?:\.[a-z]{2,})?"
NAME = rf"((?:[Tt]he\s+)?{_TOKEN}(?:\s+(?:of\s+|&\s+)?{_TOKEN}){{0,5}})"
OUTLET_CUES = [
    re.compile(rf"(?:©|\(c\)|[Cc]opyright)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*,?\s*{NAME}"),
    re.compile(rf"^[Ss]upport\s+{NAME}\s*[!.]?$"),
    re.compile(rf"[Mm]essage from\s+{NAME}"),
    re.compile(rf"{NAME}\s+(?:news desk|newsroom|staff|editorial (?:team|board))\b"),
    re.compile(rf"\b(?:journalists|editors|team|readers|subscribers) (?:of|at)\s+{NAME}"),
    re.compile(rf"\b(?:supporting|support|subscribe to|sign up for)\s+{NAME}"),
    re.compile(rf"\b(?:read|reads)\s+{NAME}"),
]
_NOT_NAME = {"all", "rights", "reserved", "us", "our", "we", "you", "the", "a", "an", "today", "now"}

MONTHS = {m: i for i, ms in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"], 1)
    for m in ms.split()}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_MDY = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\s+(\d{{4}})\b", re.I)
DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")


def find_date(text: str) -> str | None:
    """The first full calendar date written in ``text``, as ISO."""
    found: list[tuple[int, date]] = []
    for m in DATE_MDY.finditer(text):
        found += _mk(m.start(), m.group(3), MONTHS.get(m.group(1).lower()), m.group(2))
    for m in DATE_DMY.finditer(text):
        found += _mk(m.start(), m.group(3), MONTHS.get(m.group(2).lower()), m.group(1))
    for m in DATE_ISO.finditer(text):
        found += _mk(m.start(), m.group(1), int(m.group(2)), m.group(3))
    return min(found)[1].isoformat() if found else None


def _mk(pos: int, y: str, mth: int | None, d: str) -> list[tuple[int, date]]:
    try:
        return [(pos, date(int(y), int(mth or 0), int(d)))]
    except (TypeError, ValueError):
        return []


def normalize_date(value: str | None) -> str | None:
    """ISO date from metadata strings such as '2024-11-11T19:28:00Z' or 'November 11, 2024'."""
    if not value:
        return None
    return find_date(value) or find_date(value.replace("/", "-"))


#: A stamp written in ISO 8601: its date, then (optionally) its time and zone.
ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$")
#: A time of day in free text ("5:47 PM", "17:47"): only then is a written stamp read for its time.
TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
#: dateparser as used here: English, no guessing of a missing day or year from today.
_DATEPARSER = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}


def _stamp(t: datetime) -> str:
    """ISO 8601 to the minute, with the zone when known. A midnight without a zone is how date-only
    metadata is written as a datetime ("2016-11-09T00:00:00"): it is a date, not a fake midnight."""
    if t.tzinfo is None and (t.hour, t.minute, t.second) == (0, 0, 0):
        return t.date().isoformat()
    return t.isoformat(timespec="minutes")


#: A time of day written beside a date in a page's stamp ("Updated 5:47 PM EDT, July 14, 2016"):
#: hours and minutes, a.m./p.m., a zone abbreviation in capitals.
STAMP_TIME = re.compile(r"\b(\d{1,2}[:.]\d{2})(?:\s*([ap])\.?\s?m\b\.?)?(?:\s+([A-Z]{2,4})\b)?", re.I)
#: How far from its date a stamp's time may be written.
STAMP_WINDOW = 40
#: The US zones written without their season ("ET"): their clock is the zone's, summer or winter.
SEASONLESS_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                    "PT": "America/Los_Angeles"}


def written_stamp(text: str) -> str | None:
    """A page's written stamp to the minute with its zone, where a time stands beside the date
    ("Updated 5:47 PM EDT, Thu July 14, 2016" → "2016-07-14T17:47-04:00"; "Oct. 2, 2017 2:31 a.m.
    ET" → "2017-10-02T02:31-04:00"); None where no time is written near a full date."""
    m = DATE_MDY.search(text) or DATE_DMY.search(text)
    if m is None:
        return None
    lo = max(0, m.start() - STAMP_WINDOW)
    t = STAMP_TIME.search(text[lo:m.end() + STAMP_WINDOW])
    if t is None:
        return None
    clock, half, zone = t.group(1), t.group(2), t.group(3)
    if "." in clock and not half:  # "3.45 million" is no time; "3.45pm" is
        return None
    clock = clock.replace(".", ":")
    zone = zone if zone and zone.isupper() else None
    seasonless = SEASONLESS_ZONES.get(zone or "")
    written = " ".join(filter(None, [m.group(0), clock, f"{half}m" if half else None,
                                     None if seasonless else zone]))
    parsed = dateparser.parse(written, languages=["en"], settings=_DATEPARSER)
    if parsed is None:
        return None
    if seasonless and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(seasonless))
    return _stamp(parsed)


def normalize_published(value: str | None) -> str | None:
    """A publication stamp from metadata, to the minute and with its zone where the value has them
    ('2016-07-14T17:47:00-04:00' → '2016-07-14T17:47-04:00', 'July 14, 2016 5:47 PM EDT' alike); a
    date alone where it has no time; None where it holds no full date."""
    if not value or not (text := value.strip()):
        return None
    if ISO_STAMP.match(text):
        try:
            return _stamp(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return normalize_date(text)
    if TIME_OF_DAY.search(text):
        t = dateparser.parse(text, languages=["en"], settings=_DATEPARSER)
        if t is not None:
            return _stamp(t)
    return normalize_date(text)


#: an outlet given as a host name ("www.chinadaily.com.cn", "edition.cnn.com"), not as a name
HOSTNAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.I)


def outlet_name(outlet: str | None, url: str | None) -> str | None:
    """The outlet as one name for all its editions, subdomains and mirrors: a name from the page as
    given ("The Guardian"); a host name as its registrable domain ("usa.chinadaily.com.cn" and
    "africa.chinadaily.com.cn" are both chinadaily.com.cn, "edition.cnn.com" is cnn.com); none
    given: the registrable domain of the article's address."""
    if outlet and not HOSTNAME.match(outlet.strip()):
        return outlet
    host = (outlet or "").strip()
    domain = extract_domain(f"http://{host}/" if host else (url or "")) if host or url else None
    return domain or outlet


def _clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" .,:;!-")
    name = re.sub(r"^the\s", "The ", name)
    words = name.split()
    while words and words[-1].lower() in _NOT_NAME:
        words.pop()
    if not words or all(w.lower() in _NOT_NAME for w in words):
        return None
    if len(words) == 1 and words[0].lower() == "the":
        return None
    return " ".join(words)


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


def find_outlet(lines: Iterable[Line]) -> str | None:
    """The publication a page names as itself in its furniture (most-cited wins)."""
    votes: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for ln in lines:
        if ln.body:
            continue
        for i, rx in enumerate(OUTLET_CUES):
            for m in rx.finditer(ln.text):
                name = _clean_name(m.group(1))
                if not name:
                    continue
                k = _key(name)
                votes[k] += 3 if i < 4 else 1
                if k not in surface or name.lower().startswith("the "):
                    surface[k] = name
    if not votes:
        return None
    best, score = votes.most_common(1)[0]
    return surface[best] if score >= 2 else None


def find_title(lines: Sequence[Line]) -> str | None:
    """The headline: the longest heading-like line above the body, preferring one right before a byline."""
    candidates: list[tuple[float, Line]] = []
    for i, ln in enumerate(lines):
        if ln.body:
            break
        if ln.kind not in ("heading", "prose") or ln.repeated or ln.appeal >= 1.5:
            continue
        if not 3 <= ln.words <= 30 or ln.text.endswith(":"):
            continue
        score = float(ln.words)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and (nxt.kind == "byline" or nxt.body):
            score += 5
        if ln.kind == "prose":
            score -= 4
        candidates.append((score, ln))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], -c[1].index))[1].text


def find_byline(lines: Sequence[Line]) -> Line | None:
    for ln in lines:
        if ln.body:
            break
        if ln.kind == "byline":
            return ln
    return None


def find_published(lines: Sequence[Line]) -> str | None:
    """A date from the byline/dateline zone above the body (captions excluded), to the minute with
    its zone where the stamp writes a time ("Updated 5:47 PM EDT, July 14, 2016")."""
    byline = find_byline(lines)
    if byline is not None and (d := written_stamp(byline.text) or find_date(byline.text)):
        return d
    for ln in lines:
        if ln.body:
            break
        if ln.kind == "caption" or PHOTO_CREDIT.search(ln.text) or ln.words > 25:
            continue
        if d := written_stamp(ln.text) or find_date(ln.text):
            return d
    return None


_AUTHOR_STOP = re.compile(r"\b(desk|staff|newsroom|team|editor|editors|agency|agencies|reporters?|"
                          r"correspondents?|contributors?)\b", re.I)


def find_authors(lines: Sequence[Line]) -> tuple[str, ...]:
    byline = find_byline(lines)
    if byline is None or not BYLINE.search(byline.text):
        return ()
    text = re.sub(r"^\s*(?:written |words |reporting )?by\s+", "", byline.text, count=1, flags=re.I)
    text = DATE_MDY.split(text)[0]
    text = READ_TIME.split(text)[0]
    out = []
    for part in re.split(r",|\band\b|&|\|", text):
        part = part.strip(" .")
        words = part.split()
        if not 2 <= len(words) <= 4 or _AUTHOR_STOP.search(part) or words[0].lower() == "the":
            continue
        if all(w[:1].isupper() for w in words):
            out.append(part)
    return tuple(out)
