"""Times of day of the story's events across outlets: one event given two exact times of one day
that no rounding reconciles ("the truck drove into the crowd at 10:30 p.m." / "… at 10:45 p.m.")
is a conflict.

Only a sentence that gives one time of day, as an exact time ("at 10:30 p.m.", not "about",
"shortly after" or "by"), is read: a sentence with two (a span, a time and its conversion to GMT)
or a live report's entry stamp ("9.45 p.m.: …") dates nothing here. Two such sentences tell of one
event when they are very alike (``clock_event_cos``), come from independent sources of about
the same time, name no two different days and no two different clocks (a time zone); a sentence
the other article tells with its own time ("at 10:30 p.m." in both) is an agreement there, and no
other of its sentences is set against it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from scipy.cluster.hierarchy import DisjointSet

from storyline.model import ConflictFacts, Day, Finding, FindingKind
from storyline.reconcile.article import Article, Sent, background, cite, entries, finding_id, same_time
from storyline.reconcile.days import day_of
from storyline.reconcile.settings import SETTINGS


@dataclass(frozen=True)
class Told:
    """One sentence's time of day."""

    article: Article
    sent: Sent
    text: str  # the time as written ("10:30 p.m.")
    minutes: int  # after midnight
    zone: str  # the clock it is on, as written after it ("ET", "local"), lower case; "" when none
    weekday: str | None  # the one weekday the sentence names (``days.day_of``), if any


def _minutes(m: re.Match[str]) -> int | None:
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    return (hour % 12 + (12 if m.group(3).lower() == "p" else 0)) * 60 + minute


def told(arts: list[Article]) -> list[Told]:
    """Every exact time of day the articles give for an event of this story (see the module's text)."""
    out = []
    for a in arts:
        stamps = {at for at, _ in entries(a)}
        for s in a.sentences:
            found = list(SETTINGS.clock_time.finditer(s.text))
            if len(found) != 1 or not a.own(s.start) or background(a, s):
                continue
            m = found[0]
            at = s.start + m.start()
            minutes = _minutes(m)
            before = s.text[:m.start()]
            if (minutes is None or any(abs(at - x) <= SETTINGS.clock_stamp_reach for x in stamps)
                    or SETTINGS.clock_loose.search(before)):
                continue
            zone = SETTINGS.clock_zone.match(s.text[m.end():])
            out.append(Told(a, s, m.group(0).strip(), minutes, zone.group(1).lower() if zone else "", day_of(a, s)))
    return out


def _one_event(x: Told, y: Told) -> bool:
    """Whether two sentences tell of one event at one time of one day (their times aside)."""
    if x.article.source == y.article.source or x.zone != y.zone:
        return False
    if not same_time(x.article.published, y.article.published):
        return False
    if x.weekday is not None and y.weekday is not None and x.weekday != y.weekday:
        return False
    return float(x.sent.vec @ y.sent.vec) >= SETTINGS.clock_event_cos


def clock_findings(arts: list[Article]) -> list[Finding]:
    """One conflict per event told at times of day that differ by ``clock_conflict_minutes`` or more,
    with every side that took part in it."""
    times = told(arts)
    pairs = [(i, j) for i in range(len(times)) for j in range(i + 1, len(times)) if _one_event(times[i], times[j])]
    apart = [abs(times[i].minutes - times[j].minutes) >= SETTINGS.clock_conflict_minutes for i, j in pairs]
    # a sentence the other article tells at its own time (within the tolerance) agrees there
    agreed = {side for (i, j), far in zip(pairs, apart, strict=True) if not far
              for side in ((i, times[j].article.id), (j, times[i].article.id))}
    disputed = [(i, j) for (i, j), far in zip(pairs, apart, strict=True)
                if far and (i, times[j].article.id) not in agreed and (j, times[i].article.id) not in agreed]
    joined = DisjointSet(range(len(times)))
    for i, j in disputed:
        joined.merge(i, j)
    out = []
    for members in joined.subsets():
        if len(members) < 2:
            continue
        sides = sorted(members, key=lambda n: (times[n].article.id, times[n].sent.start))
        ev = tuple(cite(times[n].article, times[n].sent.start, times[n].sent.end) for n in sides)
        days = tuple(Day(times[n].text, None, None, None, clock=f"{times[n].minutes // 60:02d}:{times[n].minutes % 60:02d}")
                     for n in sides)
        out.append(Finding(finding_id(FindingKind.CONFLICT, ["clock", *((e.article, e.start) for e in ev)]),
                           FindingKind.CONFLICT, ConflictFacts(days=days), ev))
    return out
