"""Figures followed over time: one measure of the story's own occurrence, reported with moving values.

A figure's frame is what is measured: the outcome that happened to the counted thing as analyze
read it from the parse ("seven people were killed", "five people are dead", "the gunman killed 58
people", "the death toll rose to 59": all people · kill), in one dimension (a count, dollars, km).
Every article's first own statement of a frame is one report of the figure, as of the article's
publication time. Reports of one frame with moving values, in time order and moving one way (a
toll that rises, a total that is revised up, a price that falls), are an **evolving** figure: a
later report supersedes an earlier one, it does not contradict it.

Not reports of this story's figure: a sentence about another occurrence (dated well before the
article: "in 2004, when seven people were killed"), a figure on an appended second story, a rank
("No. 3"), a vague word ("dozens").
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from storyline.model import VALUE_MEASURE, Bound, EvolvingFacts, Finding, FindingKind, Quantity, SeriesPoint
from storyline.reconcile import quantities as Q
from storyline.reconcile.article import Article, Sent, cite, entries, finding_id, own_sentence, when
from storyline.reconcile.settings import SETTINGS

#: counted words that stand for people in general: "seven people were killed", "seven were killed",
#: "500 others were injured", "the victims" count one thing
PEOPLE = frozenset({"people", "person", "other", "victim", "individual"})
#: outcomes whose counts only grow as a story develops (a lower later figure is a correction, shown
#: as the reports' disagreement, never as the figure moving)
CUMULATIVE = frozenset({"kill", "injure", "miss", "arrest", "detain", "charge", "evacuate", "rescue", "free",
                        "release", "displace", "affect", "infect", "hospitalize", "hospitalise", "expose"})
#: counted noun phrases that are themselves the measure ("the death toll rose to 59")
MEASURE_NOUNS = {"toll": "kill", "death": "kill", "fatality": "kill", "casualty": "injure", "injury": "injure"}


@dataclass(frozen=True)
class Report:
    """One article's statement of a figure: where, what value, as of when."""

    article: Article
    sent: Sent
    quantity: Quantity
    at: datetime
    date_only: bool
    #: the proper words naming whose the counted thing is, between the number and its noun
    #: ("400,000 UK consumers" → "UK", "8,000 Canadian citizens" → "Canadian"): a named population
    population: str = ""


def frame(q: Quantity) -> tuple[str, ...] | None:
    """(dimension, measure, counted) of a figure, or None when what it measures is not known. A
    figure of a unit (dollars, %, km; not a time) that the parse gives as the value of a named thing
    ("bitcoin was trading at $6,562", "the price of bitcoin fell to $5,920") is that thing's value."""
    measure = q.measure
    words = (q.counted or "").lower().split()
    if measure is None:
        measure = next((MEASURE_NOUNS[w] for w in words if w in MEASURE_NOUNS), None)
    if measure is None and q.holder and q.unit and Q.dimension(q) not in SETTINGS.unframed_dimensions_not:
        return Q.dimension(q), VALUE_MEASURE, q.holder.lower()
    if measure is None:
        return None
    # the counted noun as analyze lemmatised it ("consumers" → consumer)
    counted = "" if not words or words[-1] in PEOPLE or words[-1] in MEASURE_NOUNS else words[-1]
    return Q.dimension(q), measure, counted


def _reported(arts: Iterable[Article]) -> Iterator[tuple[Report, str, str, bool, bool]]:
    """Every figure an article states of this story at a known time: (the report, its sentence up to
    the figure, the figure as written, in an opening sentence (``_openings``)?, in an undated live
    report?). Not: a figure of an appended
    second story, an order of magnitude ("dozens"), a rank ("No. 3"), a figure of another, older
    occurrence, or a figure above the entries of an undated live report."""
    for a in arts:
        stamp = when(a.published)
        live = entries(a)
        if stamp is None and not live:
            continue  # a report of no known time has no place in a series
        starts = [x for x, _ in live]
        openings = _openings(a, starts)
        for c, q in sorted(a.quants, key=lambda cq: cq[0]["start"]):
            s = own_sentence(a, c["start"])
            if (s is None or q.bound is Bound.SCALE
                    or SETTINGS.rank_before.search(a.body[max(0, c["start"] - SETTINGS.rank_window):c["start"]])):
                continue
            entry = bisect.bisect_right(starts, c["start"]) - 1
            if entry < 0 and stamp is None:
                continue  # above the entries of an undated live report: of no known time
            at, date_only = (live[entry][1], False) if entry >= 0 else stamp  # type: ignore[misc]
            yield (Report(a, s, q, at, date_only, _population(a.body[c["end"]:s.end], q.counted)),
                   a.body[s.start:c["start"]], a.body[c["start"]:c["end"]],
                   s.start in openings, stamp is None)


def _openings(a: Article, entry_starts: list[int]) -> set[int]:
    """Where the opening sentences of an article start, and of each entry of a live report (its
    entries start at ``entry_starts``): where an update puts its latest figure."""
    starts = [x.start for x in a.sentences]
    out = set(starts[:SETTINGS.headline_sentences])
    for at in entry_starts:
        i = bisect.bisect_left(starts, at)
        out.update(starts[i:i + SETTINGS.headline_sentences])
    return out


def _headline(q: Quantity, before: str, written: str, opening: bool) -> bool:
    """Whether a figure without a known measure may be one the story follows: a specific count,
    sum or share in an opening sentence (``opening``: not a model's specifications further down),
    not a length, mass or time ("a 4-year-old boy", "70 m tall" describe, they do not move), and
    not part of a name or a number that names ("Delta 4", "Apollo 11", "lap 48": ``before``, the
    sentence up to the number, ends with a capitalised word or with its own counted noun)."""
    return (opening and Q.specific(q, written) and not Q.dimension(q).startswith("[")
            and not Q.in_name(before, q.counted))


def _population(after: str, counted: str | None) -> str:
    """The capitalised words right after a number and before its counted noun ("UK" of "400,000 UK
    consumers"), as written; "" when there are none or the number counts no noun."""
    if not counted:
        return ""
    m = SETTINGS.population_words.match(after)
    if m is None or not after[m.end():].lower().startswith(counted.split()[-1].lower()[:4]):
        return ""
    return " ".join(m.group(0).split())


def _kind(r: Report) -> str:
    """A report's counted kind (``_counted_kind``) with the population it names, if any."""
    return " ".join(x for x in (r.population.lower(), _counted_kind(r.quantity)) if x)


def _counted_kind(q: Quantity) -> str:
    """What a figure without a known measure counts, for grouping: its counted noun, "people" for
    people however named ("people", "victims", "Americans"), "" for a figure of no counted noun."""
    words = (q.counted or "").split()
    if not words:
        return ""
    return "people" if words[-1].lower() in PEOPLE or words[-1][:1].isupper() else words[-1].lower()


@dataclass
class _Figure:
    """Reports of one figure told in different words, grouped as they come (``_unframed``)."""

    first: Report
    low: float
    high: float
    members: list[Report]
    measure: str | None  # the one measure a report of it was read with, if any
    kind: str  # the counted kind (``_kind``: "people", a noun, "uk consumer", or "" for none)

    def fits(self, r: Report) -> bool:
        v, measure = abs(r.quantity.value), r.quantity.measure
        return (max(self.high, v) <= SETTINGS.figure_group_ratio * min(self.low, v)
                and _kind(r) == self.kind
                and (measure is None or self.measure is None or measure == self.measure)
                and max(float(m.sent.vec @ r.sent.vec) for m in self._alike()) >= SETTINGS.figure_group_cos)

    def _alike(self) -> list[Report]:
        """The reports a new one is compared with: the first and the latest few (a figure of a big
        story has hundreds of reports; comparing with all of them would grow with the story)."""
        return [self.members[0], *self.members[1:][-SETTINGS.figure_group_recent:]]

    def add(self, r: Report) -> None:
        v = abs(r.quantity.value)
        self.members.append(r)
        self.low, self.high = min(self.low, v), max(self.high, v)
        self.measure = self.measure or r.quantity.measure


def _unframed(found: list[Report]) -> list[_Figure]:
    """Reports whose measure the parse did not give ("143 million people", "Bitcoin was trading at
    $6,562", "19 points clear"), grouped into figures: one dimension, one counted kind, no two
    different measures, values within ``figure_group_ratio`` of one another, in
    sentences at least ``figure_group_cos`` alike to one of the figure's reports. Taken in time order,
    each report joins the first figure it fits. Blocked by dimension, so a story's many figures are
    not compared all with all."""
    groups: dict[str, list[_Figure]] = {}
    for r in sorted(found, key=lambda r: (r.at, r.article.id, r.sent.start)):
        dimension = Q.dimension(r.quantity)
        if r.quantity.value == 0 or dimension in SETTINGS.unframed_dimensions_not:
            continue  # "a 4-year-old boy", "two weeks from now": an age or a span, not a figure that moves
        block = groups.setdefault(dimension, [])
        fit = next((g for g in block if g.fits(r)), None)
        if fit is None:
            v = abs(r.quantity.value)
            block.append(_Figure(r, v, v, [r], r.quantity.measure, _kind(r)))
        else:
            fit.add(r)
    return [g for block in groups.values() for g in block
            if len(g.members) >= SETTINGS.unframed_min_reports
            or (g.first.population and len({m.article.id for m in g.members}) >= SETTINGS.unframed_min_reports_named)]


def reports(arts: Iterable[Article]) -> dict[tuple[str, ...], list[Report]]:
    """Each article's first own report of each figure (each entry's, in a live report), by figure.
    A figure is a frame the parse gave (``frame``); reports without one, and the reports of a frame
    that never takes two values, are grouped by value, counted kind and wording (``_unframed``).
    The entries of a live report without a publication date form a series of their own."""
    framed: dict[tuple[str, ...], list[Report]] = {}
    loose: dict[str, list[Report]] = {}
    seen: dict[tuple[tuple[str, ...], str, datetime], int] = {}
    found = list(_reported(arts))
    holders = {id(r): _as_written(r) for r, *_ in found if r.quantity.holder}
    named = _acronyms(set(holders.values()))
    for r, before, written, opening, undated in found:
        key = frame(r.quantity)
        if key is None:
            if _headline(r.quantity, before, written, opening):
                loose.setdefault(r.article.id if undated else "", []).append(r)
            continue
        if key[1] == VALUE_MEASURE and holders.get(id(r)) in named:
            key = (key[0], key[1], named[holders[id(r)]])
        if undated:
            key = (*key, r.article.id)
        at = seen.get((key, r.article.id, r.at))
        if at is None:
            seen[(key, r.article.id, r.at)] = len(framed.setdefault(key, []))
            framed[key].append(r)
        elif key[1] == VALUE_MEASURE and framed[key][at].quantity.bound is not Bound.EXACT and r.quantity.bound is Bound.EXACT:
            framed[key][at] = r  # "after dipping below $6,000, BTC is now priced at $6,116": the price is $6,116
    out: dict[tuple[str, ...], list[Report]] = {}
    for key, rs in framed.items():
        if len({r.quantity.value for r in rs}) >= 2:
            out[key] = rs
        else:  # one value only: no series of its own, but perhaps one report of a figure told otherwise
            loose.setdefault(key[-1] if key[-1] == rs[0].article.id else "", []).extend(rs)
    for owner, rs in loose.items():
        for g in _unframed(rs):
            first: dict[tuple[str, datetime], Report] = {}
            for r in g.members:
                first.setdefault((r.article.id, r.at), r)  # one report per article (per live entry)
            key = (Q.dimension(g.first.quantity), g.measure or "", g.kind, f"about {g.first.quantity.value:g}", owner)
            out[key] = list(first.values())
    return out


def _as_written(r: Report) -> str:
    """The holder of a report's value as its sentence writes it ("BTC"; analyze keeps it lower case)."""
    holder = r.quantity.holder or ""
    m = re.search(rf"\b{re.escape(holder)}\b", r.article.body[r.sent.start:r.sent.end], re.I)
    return m.group(0) if m else holder


def _acronyms(holders: set[str]) -> dict[str, str]:
    """Holders written as a short capitalised abbreviation of another holder of the story, with the
    holder they stand for: its initials ("GM" for General Motors) or, for one word, its letters in
    order from the first ("BTC" for bitcoin, "ETH" for ethereum)."""
    out = {}
    for short in holders:
        if not (SETTINGS.acronym_min <= len(short) <= SETTINGS.acronym_max and short.isalpha() and short.isupper()):
            continue
        low = short.lower()
        for full in sorted(holders - {short}, key=len):
            words = full.lower().split()
            if len(full) <= len(short) or words[0][:1] != low[:1]:
                continue
            letters = iter(words[0])
            if "".join(w[0] for w in words) == low or (len(words) == 1 and all(c in letters for c in low)):
                out[short] = full.lower()
                break
    return out


def restates(earlier: Quantity, later: Quantity) -> bool:
    """Whether a later report only restates the earlier value, more loosely or more exactly: "more
    than 50" after 51, 51 after "more than 50", "about 100" after 98, the same number again. Such a
    step is no move of the figure."""
    if later.value == earlier.value:
        return True
    # "more than 50", then 51: the exact count an open bound stood for, not a rise
    near = SETTINGS.approx_rel * abs(earlier.value)
    if earlier.bound is Bound.AT_LEAST and earlier.value <= later.value <= earlier.value + near:
        return True
    if earlier.bound is Bound.AT_MOST and earlier.value - near <= later.value <= earlier.value:
        return True
    if later.bound is Bound.AT_LEAST:
        return later.value <= earlier.value
    if later.bound is Bound.AT_MOST:
        return later.value >= earlier.value
    if later.bound in (Bound.APPROX, Bound.RANGE):
        return Q.relation(earlier, later) in (Q.Relation.SAME, Q.Relation.COMPATIBLE)
    return False


def _step(earlier: Quantity, later: Quantity, sign: int) -> bool | None:
    """A step of a series: True when the figure moved the series' way, False when the later report
    only restates the earlier value, None when it went the other way."""
    if restates(earlier, later):
        return False
    return True if sign * (later.value - earlier.value) > 0 else None


def _chain(seq: list[Report], sign: int) -> list[Report]:
    """The longest run of the reports (kept in time order) along which the figure only moves the
    series' way or is restated; a report off it (a misread, another measure) is left out."""
    best: list[list[Report]] = []
    for i, r in enumerate(seq):
        longest = [r]
        for j in range(i):
            if len(best[j]) + 1 > len(longest) and _step(best[j][-1].quantity, r.quantity, sign) is not None:
                longest = [*best[j], r]
        best.append(longest)
    return max(best, key=len) if best else []


def _ordered(rs: list[Report], signs: tuple[int, ...]) -> list[Report] | None:
    """The reports in time order along which the figure moves one way (a toll that rises, a price
    that falls) at least once; None when no such series holds most of them. A report dated only by
    its day may have come at any time of it: it is put at the start or at the end of its day,
    whichever keeps more of the series."""
    found: list[list[Report]] = []
    for sign in signs:
        for late in (timedelta(0), timedelta(days=1) - timedelta(microseconds=1)):
            seq = sorted(rs, key=lambda r: (r.at + late if r.date_only else r.at, sign * r.quantity.value))
            chain = _chain(seq, sign)
            if any(_step(a.quantity, b.quantity, sign) for a, b in zip(chain, chain[1:], strict=False)):
                found.append(chain)
    if not found:
        return None
    chain = max(found, key=len)
    return chain if len(chain) >= max(2, SETTINGS.evolving_kept_share * len(rs)) else None


def _ahead_dropped(seq: list[Report]) -> list[Report] | None:
    """The series without the reports that stand ahead of a later, looser one: "59 killed" stamped
    09:12, then "at least 50" at 15:08 and 21:20, is a page whose text was updated after its stamp,
    not a toll that read 59 first ("more than 500 injured", then "over 400", then 527, likewise).
    None when what is left does not move."""
    sign = 1 if seq[-1].quantity.value >= seq[0].quantity.value else -1
    kept = [r for n, r in enumerate(seq) if not any(_behind(later.quantity, r.quantity, sign) for later in seq[n + 1:])]
    moves = any(_step(a.quantity, b.quantity, sign) for a, b in zip(kept, kept[1:], strict=False))
    return kept if len(kept) >= 2 and moves else None


def _behind(later: Quantity, earlier: Quantity, sign: int) -> bool:
    """Whether a later report stands behind an earlier one: a value short of it the series' way, not
    its rounding ("roughly 145 million" after 145.5 million is the same figure)."""
    rounded = later.bound in (Bound.APPROX, Bound.RANGE) and Q.relation(earlier, later) in (Q.Relation.SAME, Q.Relation.COMPATIBLE)
    return sign * (later.value - earlier.value) < 0 and not rounded


def _as_of(r: Report) -> str | None:
    """The time a report stands for: its article's stamp, or its entry's in a live report (None when
    the live report has no date)."""
    if r.at.date() == date.min:
        return None
    stamp = when(r.article.published)
    if r.date_only or (stamp is not None and r.at == stamp[0]):
        return r.article.published
    return r.at.isoformat(timespec="minutes")


def evolving(arts: list[Article]) -> list[Finding]:
    """One finding per figure whose value moved from report to report, its points in time order."""
    out = []
    for key, rs in sorted(reports(arts).items()):
        values = {r.quantity.value for r in rs}
        if len(values) < 2 or len({(r.article.id, r.at) for r in rs}) < 2:
            continue
        lo, hi = min(abs(v) for v in values), max(abs(v) for v in values)
        if lo <= 0 or hi / lo > SETTINGS.evolving_max_ratio:
            continue  # 2 and 58 killed are two occurrences, not one toll that rose
        # a count of people something happened to (killed, injured, affected) only rises as reports
        # come in; a lead may go either way, along one way at a time
        seq: list[Report] | None
        if key[1] == VALUE_MEASURE:  # a price goes up and down: every report of it, in time order
            seq = sorted(rs, key=lambda r: (r.at, r.article.id, r.sent.start))
        else:
            seq = _ordered(rs, (1,) if key[1].split()[-1:] and key[1].split()[-1] in CUMULATIVE else (1, -1))
            seq = _ahead_dropped(seq) if seq else None
        if seq is None or len({(r.at, r.date_only) for r in seq}) < 2:
            continue
        series = tuple(SeriesPoint(_as_of(r), r.article.outlet, r.quantity, n) for n, r in enumerate(seq))
        ev = tuple(cite(r.article, r.sent.start, r.sent.end) for r in seq)
        q0 = seq[0].quantity
        out.append(Finding(finding_id(FindingKind.EVOLVING, [key, *((e.article, e.start) for e in ev)]), FindingKind.EVOLVING,
                           EvolvingFacts((key[2] if key[1] == VALUE_MEASURE else q0.counted) or key[2] or None,
                                         key[1] or None, q0.unit, series, seq[0].population or None), ev))
    return out


def superseded(found: list[Finding], moving: list[Finding]) -> list[Finding]:
    """The findings without the conflicts whose every side is a report of one evolving figure: a
    later report that supersedes an earlier one ("seven killed" at 13:05, "nine died" at 21:40) is
    how the figure moved, never a contradiction."""
    series = [{(e.article, e.start) for e in f.evidence} for f in moving]
    return [f for f in found
            if f.kind is not FindingKind.CONFLICT
            or not any({(e.article, e.start) for e in f.evidence} <= s for s in series)]
