"""The story's timeline: dated and weekday-dated events in order, each with its evidence sentences."""
from __future__ import annotations

from storyline.model import Evidence, Finding, FindingKind, TimelineFacts
from storyline.reconcile.article import WEEKDAYS, Article, cite_sentence, finding_id
from storyline.reconcile.settings import SETTINGS


# ---------------------------------------------------------------- timeline
def timeline(arts: list[Article]) -> list[Finding]:
    """Dated and weekday-dated events in order, each with its evidence sentences."""
    events: dict[tuple, tuple[dict, list[Evidence]]] = {}
    for a in arts:
        for t in a.time_refs:
            if t["precision"] not in {"day", "weekday", "month"} or not a.own(t["start"]):
                continue
            s = a.sent_at(t["start"])
            if (s is None or SETTINGS.comparison_before.search(a.body[max(s.start, t["start"] - 60):t["start"]])
                    or SETTINGS.caption_cue.search(s.text)):
                continue  # "France's equivalent to July 4", a caption's "appear Thursday": no event
            key = (t["resolved"] or "", (t["weekday"] or "").lower(), t["event"] or "")
            _, evs = events.setdefault(key, (t, []))
            if all(x.start != s.start or x.article != a.id for x in evs):
                evs.append(cite_sentence(s))
    order = sorted(events.values(), key=lambda e: (e[0]["resolved"] or "9999",
                                                   WEEKDAYS.index(e[0]["weekday"].lower()) if e[0]["weekday"] else 7,
                                                   e[0]["event"] or ""))
    return [Finding(finding_id(FindingKind.TIMELINE, [t["resolved"], t["weekday"], t["event"], evs[0].article, evs[0].start]),
                    FindingKind.TIMELINE, TimelineFacts(n, t["resolved"], t["weekday"], t["precision"], t["event"]),
                    tuple(evs)) for n, (t, evs) in enumerate(order)]
