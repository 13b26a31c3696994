"""Ages of the story's named people across outlets: one person given two ages by independent sources
of about the same time is a conflict ("Stephen Paddock, 64," / "63-year-old Stephen Paddock").

An age is read only where the article ties it to a name the parse found: right after it ("Paddock,
64,", "Paddock, a 64-year-old retired accountant") or right before it ("64-year-old Stephen
Paddock"). An age without a name ("the 37-year-old driver", "a 4-year-old boy") has no holder to
compare; two people of one description are two people. An article that gives one person two ages
(a correction in its own text) contradicts no other outlet about it."""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from storyline.model import Bound, ConflictFacts, Finding, FindingKind, Quantity
from storyline.reconcile.article import Article, Sent, cite, finding_id, own_sentence, same_time
from storyline.reconcile.settings import SETTINGS

#: what follows the number of an age written as one ("64-year-old", "64 years old")
YEARS_OLD = re.compile(r"-?\s?years?[- ]old\b", re.I)
#: between a name and the age that follows it: ", 64," / ", a 64-year-old" / " (64)"
AFTER_NAME = re.compile(r"^(?:,\s+(?:an?\s+)?|\s\()$")
#: after a bare age set off after a name: ", 64," / " (64)"
BARE_END = re.compile(r"^\s*[,)]")


@dataclass(frozen=True)
class Aged:
    """One article's age of one named person."""

    article: Article
    sent: Sent
    person: str  # entity id
    name: str  # as the article gives it
    years: int


def _holder(a: Article, start: int, end: int) -> str | None:
    """The person an age at ``start``…``end`` is tied to (see the module's text), or None."""
    i = bisect.bisect_left(a.persons, (start, -1, ""))
    if i > 0:
        p_start, p_end, key = a.persons[i - 1]
        if AFTER_NAME.match(a.body[p_end:start]):
            return key
    if i < len(a.persons):
        p_start, p_end, key = a.persons[i]
        if 0 < p_start - end <= SETTINGS.age_window and a.body[end:p_start].strip() == "":
            return key
    return None


def aged(a: Article) -> list[Aged]:
    """Every age the article ties to a named person, in its own story (not a background sentence)."""
    out = []
    for c, q in a.quants:
        if q.bound is not Bound.EXACT or q.value != int(q.value) or not 0 < q.value <= SETTINGS.age_max:
            continue
        s = own_sentence(a, c["start"])
        if s is None:
            continue
        after = a.body[c["end"]:c["end"] + SETTINGS.age_window]
        written = YEARS_OLD.match(after)
        if written is not None and q.unit in (None, "year"):
            end = c["end"] + written.end()
        elif q.unit is None and q.counted is None and BARE_END.match(after) \
                and a.body[max(0, c["start"] - 2):c["start"]].endswith((", ", "(")):
            end = c["end"]
        else:
            continue
        key = _holder(a, c["start"], end)
        if key is not None:
            out.append(Aged(a, s, key, a.names.get(key, ""), int(q.value)))
    return out


def age_findings(arts: list[Article]) -> list[Finding]:
    """One conflict per person whom independent sources of about the same time give different ages,
    with every side."""
    by_person: dict[str, list[Aged]] = defaultdict(list)
    for a in arts:
        told = aged(a)
        ages_of: dict[str, set[int]] = defaultdict(set)
        for x in told:
            ages_of[x.person].add(x.years)
        firsts: dict[str, Aged] = {}
        for x in told:
            if len(ages_of[x.person]) == 1:  # two ages in one article: its own correction, not a side
                firsts.setdefault(x.person, x)
        for person, x in firsts.items():
            by_person[person].append(x)
    out = []
    for person, told in sorted(by_person.items()):
        sides: list[Aged] = []
        for i, x in enumerate(told):
            if any(x.years != y.years and x.article.source != y.article.source
                   and same_time(x.article.published, y.article.published) for y in told[:i] + told[i + 1:]):
                sides.append(x)
        if len({x.years for x in sides}) < 2:
            continue
        ev = tuple(cite(x.article, x.sent.start, x.sent.end) for x in sides)
        qs = tuple(Quantity(x.years, unit="year", counted=f"age of {x.name or told[0].name}", holder=x.name or None)
                   for x in sides)
        out.append(Finding(finding_id(FindingKind.CONFLICT, ["age", person, *((e.article, e.start) for e in ev)]),
                           FindingKind.CONFLICT, ConflictFacts(quantities=qs), ev))
    return out
