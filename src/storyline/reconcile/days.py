"""Days of the story's events across outlets: the same event on different days is a conflict,
on the same day an agreement."""
from __future__ import annotations

from datetime import date

from storyline.model import AgreementFacts, ConflictFacts, Day, Evidence, Finding, FindingKind
from storyline.reconcile.article import WEEKDAYS, Article, Sent, cite, finding_id
from storyline.reconcile.settings import SETTINGS

SPEECH = SETTINGS.speech_lemmas


# ---------------------------------------------------------------- events and days
def _day(t: dict) -> tuple[str | None, str | None]:
    """(ISO day or None, weekday name or None) of a day-precision or weekday time ref."""
    if t["precision"] in {"day", "weekday"} and t["resolved"] and len(t["resolved"]) >= 10:
        d = date.fromisoformat(t["resolved"][:10])
        return d.isoformat(), WEEKDAYS[d.weekday()]
    if t["precision"] == "weekday" and t["weekday"]:
        return None, t["weekday"].lower()
    return None, None


def _differ(t1: dict, t2: dict) -> bool | None:
    """Whether two day references name different days (a weekday and a date of that weekday
    agree); None when they cannot be compared."""
    d1, w1 = _day(t1)
    d2, w2 = _day(t2)
    if d1 and d2:
        return d1 != d2
    if w1 and w2:
        return w1 != w2
    return None


def _days_apart(p1: str | None, p2: str | None) -> int:
    """Days between two publication dates (0 when either is unknown)."""
    if not p1 or not p2:
        return 0
    try:
        return abs((date.fromisoformat(p1[:10]) - date.fromisoformat(p2[:10])).days)
    except ValueError:
        return 0


def _names_day(a: Article, s: Sent, t: dict) -> bool:
    """Whether sentence ``s`` of ``a`` itself names the day of time ref ``t``."""
    return any(s.start <= u["start"] < s.end and _differ(u, t) is False for u in a.time_refs)


def _tells_on(t: dict, s: Sent, own: list[tuple[dict, Sent]]) -> bool:
    """Whether an article tells of the event of ``t`` (in sentence ``s`` of another article) on its
    day too: one of its own event-dating references (``own``) names that day, of the same event or in
    a sentence as alike as two that date one event (``event_cos``)."""
    return any(_differ(u, t) is False and (u["event"] == t["event"] or float(su.vec @ s.vec) >= SETTINGS.event_cos)
               for u, su in own)


def day_of(a: Article, s: Sent) -> str | None:
    """The weekday a sentence of ``a`` names (of a date or a weekday), or None (none, or two)."""
    named = {w for t in a.time_refs if s.start <= t["start"] < s.end for w in [_day(t)[1]] if w}
    return named.pop() if len(named) == 1 else None


def _dayfact(t: dict) -> Day:
    d, w = _day(t)
    return Day(t["text"], d, w, t["event"])


def event_findings(arts: list[Article]) -> list[Finding]:
    """Same event (same predicate, shared participants, similar sentences) on different days →
    conflict; on the same day → agreement."""
    refs = []
    for a in arts:
        for t in a.time_refs:
            if t["event"] and t["event"] not in SPEECH and (_day(t)[1] is not None) and a.own(t["start"]):
                s = a.sent_at(t["start"])
                if s is not None:
                    refs.append((a, t, s))
    out: list[Finding] = []
    conflicts: dict[str, tuple[list[Evidence], list[Day]]] = {}
    agreed: dict[tuple[str, str | None], tuple[list[Evidence], list[int], Day]] = {}
    by_event: dict[str, list[int]] = {}
    dated: dict[str, list[tuple[dict, Sent]]] = {a.id: [] for a in arts}
    for a, t, s in refs:
        dated[a.id].append((t, s))
    for i, (_, t, _) in enumerate(refs):
        by_event.setdefault(t["event"], []).append(i)
    pairs = sorted((x, y) for ids in by_event.values() for n, x in enumerate(ids) for y in ids[n + 1:])
    for x, y in pairs:
        (a, t1, s1), (b, t2, s2) = refs[x], refs[y]
        if a.source == b.source:
            continue
        shared = s1.entities & s2.entities
        cos = float(s1.vec @ s2.vec)
        if not shared or cos < SETTINGS.event_cos:
            continue
        differ = _differ(t1, t2)
        if differ is None or (differ and _days_apart(a.published, b.published) > SETTINGS.event_report_days):
            continue
        if differ and (_names_day(a, s1, t2) or _names_day(b, s2, t1)):
            continue  # a sentence that names both days ("issued Friday … the report Thursday") contradicts neither
        if differ and (_tells_on(t2, s2, dated[a.id]) or _tells_on(t1, s1, dated[b.id])):
            # an article that itself dates an event to the other's day ("launched a rocket on Friday …
            # the rocket fired on Tuesday flew 950 km") tells of two occurrences, not a disputed day
            continue
        ev = [cite(a, s1.start, s1.end), cite(b, s2.start, s2.end)]
        days = [_dayfact(t1), _dayfact(t2)]
        if differ:  # one conflict per disputed event, with every side that took part in it
            have_ev, have_days = conflicts.setdefault(t1["event"], ([], []))
            for e, d in zip(ev, days, strict=True):
                if all((h.article, h.start) != (e.article, e.start) for h in have_ev):
                    have_ev.append(e)
                    have_days.append(d)
        else:  # one agreement per event and day, with every outlet that gives it
            d = days[0]
            have_ev, srcs, _ = agreed.setdefault((t1["event"], d.date or d.weekday), ([], [], d))
            for e, src in zip(ev, (a.source, b.source), strict=True):
                if all((h.article, h.start) != (e.article, e.start) for h in have_ev):
                    have_ev.append(e)
                    srcs.append(src)
    for (event, _), (ev_list, srcs, d) in agreed.items():
        out.append(Finding(finding_id(FindingKind.AGREEMENT, [event] + [(e.article, e.start) for e in ev_list]),
                           FindingKind.AGREEMENT, AgreementFacts(len(set(srcs)), 0, day=d), tuple(ev_list)))
    for event, (ev_list, day_list) in conflicts.items():
        out.append(Finding(finding_id(FindingKind.CONFLICT, [event] + [(e.article, e.start) for e in ev_list]),
                           FindingKind.CONFLICT, ConflictFacts(days=tuple(day_list)), tuple(ev_list)))
    return out
