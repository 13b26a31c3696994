"""What the outlets of one story say to each other: pure functions over stored analysis.

Conflicts must be rare and right — a false conflict costs more trust than a missed one — so a
conflict needs the same event (same predicate, shared participants, similar sentences) with
incompatible days, or an explicit refutation of an attributed claim. Numbers that differ but can
both be true ("more than 400" / "430") are *compatible*, never conflicts. Syndicated copies
count as one source and never make an agreement on their own.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import numpy as np
from spacy.tokens import Doc

from storyline.analyze.clauses import CLAUSE_MIN_WORDS, STOP, pieces
from storyline.analyze.rebuttals import read_rebuttals
from storyline.model import (
    AgreementFacts,
    Bound,
    ClaimNoun,
    CompatibleFacts,
    ConflictFacts,
    Day,
    DisputedFacts,
    Evidence,
    ExclusiveFacts,
    Finding,
    FindingKind,
    Quantity,
    Rebuttal,
    Span,
    TimelineFacts,
    VariantFacts,
)
from storyline.nlp import parsed
from storyline.reconcile import quantities as Q
from storyline.reconcile.settings import SETTINGS

SPEECH = SETTINGS.speech_lemmas
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class Clause:
    start: int
    end: int
    text: str
    vec: np.ndarray | None = None
    #: a statement (the parse found a verb), as stored at analyze time; None for articles stored before
    has_verb: bool | None = None


@dataclass
class Sent:
    article: str
    idx: int
    start: int
    end: int
    text: str
    vec: np.ndarray
    entities: set[str] = field(default_factory=set)  # corpus entity ids mentioned in the sentence
    clauses: list[Clause] = field(default_factory=list)


CLAUSE_BREAK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()\[\]—–]|\s-\s|\b(?:while|whereas|but|although|though|because|as well as)\b")


def clause_spans(text: str, offset: int = 0, min_words: int = CLAUSE_MIN_WORDS) -> list[Clause]:
    """Comma- and conjunction-delimited pieces of a sentence with at least ``min_words`` content words:
    the unit in which outlets restate a fact inside otherwise different sentences. ``offset`` is
    where ``text`` starts in the body. Only for articles stored before clauses were cut at analyze
    time and stored (``analyze.clauses``, which cuts the same way between the parse's tokens)."""
    cuts = ((offset + m.start(), offset + m.end()) for m in CLAUSE_BREAK.finditer(text))
    return [Clause(a, b, text[a - offset:b - offset]) for a, b in pieces(text, offset, cuts, min_words)]


def clauses(s: Sent, min_words: int = CLAUSE_MIN_WORDS) -> list[Clause]:
    return clause_spans(s.text, s.start, min_words)


@dataclass
class Article:
    id: str
    outlet: str | None
    title: str | None
    published: str | None
    body: str
    sentences: list[Sent]
    quotes: list[dict]
    claims: list[dict]
    time_refs: list[dict]
    names: dict[str, str] = field(default_factory=dict)  # entity id → name as this article gives it
    group: int = 0  # syndication group: copies of one text share it
    #: the largest share of its sentences (or of a shorter copy's) it has in common with a copy of it
    copied_share: float = 0.0
    source: int = 0  # independent source: one outlet's articles and every copy of one wire text share it
    quote_vecs: np.ndarray | None = None  # one row per quote, as stored at ingest
    #: each claim's quantity (ranges joined, measure read from the parse): ``quantities.read``
    quants: list[tuple[dict, Quantity]] = field(default_factory=list)
    #: where a second, appended story starts on the page (a "related" teaser), or None
    tail: int | None = None
    #: its clauses and claim measures were stored at analyze time (older articles are parsed here)
    parsed: bool = False
    #: its claim nouns and reported rebuttals as analyze read them (``analyze.rebuttals``); None
    #: for articles stored before they were: their sentences are parsed here
    rebuttals: tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]] | None = None
    _starts: list[int] = field(default_factory=list, repr=False)

    def sent_at(self, char: int) -> Sent | None:
        """The sentence holding ``char`` (or ending just before it): a bisection, as large stories
        ask this for every pair of claims."""
        if len(self._starts) != len(self.sentences):
            self._starts = [x.start for x in self.sentences]
        i = bisect.bisect_right(self._starts, char) - 1
        for j in (i - 1, i):
            if 0 <= j < len(self.sentences) and self.sentences[j].start <= char < self.sentences[j].end + 1:
                return self.sentences[j]
        return None

    def own(self, char: int) -> bool:
        """Whether ``char`` is in the article's own story (not in an appended second story)."""
        return self.tail is None or char < self.tail


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in STOP]


def _fid(kind: FindingKind, parts: Iterable[Any]) -> str:
    return kind.value[:2] + hashlib.sha1((kind.value + "|" + "|".join(map(str, parts))).encode()).hexdigest()[:14]


def _ev(art: Article, start: int, end: int) -> Evidence:
    return Evidence(art.id, start, end, art.body[start:end])


def _sent_ev(s: Sent) -> Evidence:
    return Evidence(s.article, s.start, s.end, s.text)


def when(published: str | None) -> tuple[datetime, bool] | None:
    """(datetime, date only?) of a publication stamp; None when unknown."""
    if not published:
        return None
    try:
        if len(published) <= 10:
            return datetime.fromisoformat(published[:10]), True
        t = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    # times in one clock: an aware stamp in UTC; a naive one is taken as UTC already
    return (t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t), False


def same_time(p1: str | None, p2: str | None) -> bool:
    """Whether two reports are of about the same time (unknown stamps: assume so). A date-only
    stamp is its whole day, so two date-only stamps agree only on one day."""
    w1, w2 = when(p1), when(p2)
    if w1 is None or w2 is None:
        return True
    if w1[1] and w2[1]:
        return w1[0].date() == w2[0].date()
    if w1[1] or w2[1]:
        d, t = (w1[0], w2[0]) if w1[1] else (w2[0], w1[0])
        return d - timedelta(hours=12) <= t <= d + timedelta(hours=36)
    return abs((w1[0] - w2[0]).total_seconds()) <= SETTINGS.same_time_hours * 3600


# ---------------------------------------------------------------- appended second story
def mark_appended(arts: list[Article]) -> None:
    """A page that carries a second story after its own (a "related" teaser pasted in by the
    scraper): the trailing run of sentences far from both the article's own opening and the rest
    of the story is cut off (``Article.tail``): neither exclusive nor agreement."""
    if len(arts) < 2:
        return
    means = {a.id: np.mean([s.vec for s in a.sentences], axis=0) for a in arts if a.sentences}
    for a in arts:
        n = len(a.sentences)
        if n < 2 * SETTINGS.appended_min_sentences + 1:
            continue
        others = [means[b.id] for b in arts if b.id != a.id and b.id in means]
        if not others:
            continue
        story = np.mean(others, axis=0)
        story /= np.linalg.norm(story) + 1e-9
        head = np.mean([s.vec for s in a.sentences[:3]], axis=0)
        head /= np.linalg.norm(head) + 1e-9
        far = [float(s.vec @ story) < SETTINGS.appended_cos and float(s.vec @ head) < SETTINGS.appended_cos
               for s in a.sentences]
        k = n
        while k > 0 and far[k - 1]:
            k -= 1
        cut = n - k
        if SETTINGS.appended_min_sentences <= cut <= SETTINGS.appended_max_share * n:
            # the appended story starts at a new paragraph
            a.tail = a.sentences[k].start


# ---------------------------------------------------------------- quote variants
def _differing_spans(a: Article, q: dict, common: set[str]) -> tuple[Span, ...]:
    out = []
    for m in re.finditer(r"[\w’']+", q["text"]):
        w = m.group().lower().replace("’", "'")
        if w not in STOP and w not in common:
            out.append(Span(a.id, q["start"] + m.start(), q["start"] + m.end()))
    return tuple(out)


def quote_variants(arts: list[Article], quote_vecs: dict[tuple[str, int], np.ndarray]) -> list[Finding]:
    items = [(a, i, q) for a in arts for i, q in enumerate(a.quotes) if len(q["text"].split()) >= 3
             and a.own(q["start"])]
    parent = {(a.id, i): (a.id, i) for a, i, _ in items}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (a, i, q), (b, j, r) = items[x], items[y]
            if a.source == b.source:
                continue
            sa, sb = q.get("speaker_entity"), r.get("speaker_entity")
            same_speaker = sa is not None and sa == sb
            if sa and sb and sa != sb:
                continue
            wa, wb = set(words(q["text"])), set(words(r["text"]))
            overlap = len(wa & wb)
            contain = overlap / max(1, min(len(wa), len(wb)))
            cos = float(quote_vecs[(a.id, i)] @ quote_vecs[(b.id, j)])
            strong = contain >= 0.75 and overlap >= 3 or cos >= 0.85
            loose = (contain >= 0.75 and overlap >= 2) or (contain >= 0.5 and overlap >= 3) or cos >= SETTINGS.variant_cos
            if strong or (same_speaker and loose):
                parent[find((b.id, j))] = find((a.id, i))
    groups: dict = {}
    for a, i, q in items:
        groups.setdefault(find((a.id, i)), []).append((a, i, q))
    out = []
    for members in groups.values():
        if len({a.source for a, _, _ in members}) < 2:
            continue
        members.sort(key=lambda m: (m[0].id, m[1]))
        vocab = [set(words(q["text"])) for _, _, q in members]
        common = set.intersection(*vocab)
        speaker = next((q["speaker"] for _, _, q in members if q.get("speaker")), None)
        vecs = [quote_vecs[(a.id, i)] for a, i, _ in members]
        out.append(Finding(_fid(FindingKind.VARIANT, [(a.id, i) for a, i, _ in members]), FindingKind.VARIANT,
                           VariantFacts(speaker, tuple(_differing_spans(a, q, common) for a, _, q in members),
                                        _least_cosine(vecs)),
                           tuple(_ev(a, q["start"], q["end"]) for a, _, q in members)))
    return out


# ---------------------------------------------------------------- numbers
def _counted(c: dict) -> set[str]:
    """Stems of the counted thing, so 'cease-fire'/'ceasefire' and 'fuel'/'fuel oil' meet."""
    return {stem(w) for w in (c["counted"] or "").replace("-", "").split()}


def _claim_pairs(unit: str, claims: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    """The pairs of one unit's claims that can be about the same thing, in the order a full double
    loop would meet them: pairs sharing a counted word, and pairs of bare figures (with a unit:
    all of them; without: only those of the same value). ``claims`` rows hold the claim at [1]
    and its counted stems at [3]. A story of hundreds of articles has thousands of claims;
    comparing every pair is what made it slow."""
    found: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = {}
    bare: list[int] = []
    for i, row in enumerate(claims):
        c, stems = row[1], row[3]
        for w in stems:
            postings.setdefault(w, []).append(i)
        if c["counted"] is None:
            bare.append(i)
    for ids in postings.values():
        found.update((x, y) for n, x in enumerate(ids) for y in ids[n + 1:])
    if unit:
        found.update((x, y) for n, x in enumerate(bare) for y in bare[n + 1:])
    else:  # a sweep over values: "same" means within 0.5 %
        order = sorted(bare, key=lambda i: claims[i][1]["value"])
        for n, x in enumerate(order):
            vx = claims[x][1]["value"]
            for y in order[n + 1:]:
                vy = claims[y][1]["value"]
                if abs(vy - vx) > SETTINGS.same_value_rel * max(abs(vx), abs(vy)):
                    break
                found.add((min(x, y), max(x, y)))
    return sorted(found)


_Row = tuple[Article, dict, Sent, set[str], Quantity]


def _figure_key(q: Quantity) -> tuple:
    return (round(q.value, 6), q.high, Q.dimension(q), q.counted, q.measure)


def number_findings(arts: list[Article]) -> list[Finding]:
    """Figures of one counted thing across outlets: one agreement per figure; compatible pairs;
    evolving series (values that change as reports come later); and conflicts only between two
    independent outlets giving exact, disjoint values at about the same time."""
    out: list[Finding] = []
    agreed: dict[tuple, tuple[list[Evidence], list[int], Quantity]] = {}
    by_unit: dict[str, list[_Row]] = {}
    for a in arts:
        for c, q in a.quants:
            s = a.sent_at(c["start"])
            if s is not None and a.own(c["start"]) and not SETTINGS.rank_before.search(
                    a.body[max(0, c["start"] - 8):c["start"]]):
                by_unit.setdefault(Q.dimension(q), []).append((a, c, s, _counted(c), q))
    seen = set()
    pairs = ((rows[x], rows[y]) for unit, rows in by_unit.items() for x, y in _claim_pairs(unit, rows))
    for r1, r2 in pairs:
        (a, c1, s1, k1, q1), (b, c2, s2, k2, q2) = r1, r2
        if a.id == b.id or a.group == b.group:
            continue
        if q1.measure and q2.measure and q1.measure != q2.measure:
            continue  # "30 killed" and "30 injured" are two things
        both_bare = c1["counted"] is None and c2["counted"] is None
        same_counted = bool(k1 & k2)
        cos = float(s1.vec @ s2.vec)
        if cos < (SETTINGS.same_figure_cos if same_counted else 0.45):
            continue
        rel = Q.relation(q1, q2)
        if rel is None:
            continue
        same_thing = ((same_counted and cos >= SETTINGS.same_figure_cos)
                      or (both_bare and c1["unit"] and rel is not Q.Relation.DISJOINT and cos >= 0.45)
                      or (both_bare and rel is Q.Relation.SAME and cos >= 0.55))
        if not same_thing:
            continue
        key = (a.id, c1["start"], b.id, c2["start"])
        if key in seen:
            continue
        seen.add(key)
        at_once = same_time(a.published, b.published)
        if rel is not Q.Relation.SAME and not at_once and q1.value != q2.value:
            # a later report of one quantity with another value ("at least 12 killed", then "at
            # least 30 killed") is how the figure moved, never a conflict (``figures.evolving``)
            continue
        if a.source == b.source:
            continue
        ev = [_ev(a, s1.start, s1.end), _ev(b, s2.start, s2.end)]
        if rel is Q.Relation.SAME:
            if not Q.specific(q1, a.body[c1["start"]:c1["end"]]):
                continue  # "one point", "dozens": a word, not a figure anyone reports
            # one agreement per figure, with every outlet that gives it
            fig = _figure_key(q1)
            have_ev, sources, _ = agreed.setdefault(fig, ([], [], q1))
            for e, src in zip(ev, (a.source, b.source), strict=True):
                if all((x.article, x.start) != (e.article, e.start) for x in have_ev):
                    have_ev.append(e)
                    sources.append(src)
        elif rel is Q.Relation.COMPATIBLE and _close(q1, q2) and cos >= (
                SETTINGS.compatible_cos if same_counted else SETTINGS.compatible_bare_cos):
            out.append(Finding(_fid(FindingKind.COMPATIBLE, key), FindingKind.COMPATIBLE,
                               CompatibleFacts((q1, q2)), tuple(ev)))
        elif (at_once and same_counted and {q1.bound, q2.bound} <= {Bound.EXACT, Bound.RANGE}
              and _said_alike(q1, q2)
              and (cos >= SETTINGS.figure_conflict_cos
                   or (q1.frame is not None and q1.frame == q2.frame and cos >= SETTINGS.framed_conflict_cos))):
            # "a 48-page indictment" / "a 47-page indictment": one thing measured two ways
            out.append(Finding(_fid(FindingKind.CONFLICT, key), FindingKind.CONFLICT,
                               ConflictFacts(quantities=(q1, q2)), tuple(ev)))
    for fig, (ev_list, sources, q) in agreed.items():
        out.append(Finding(_fid(FindingKind.AGREEMENT, [fig, ev_list[0].article, ev_list[0].start]),
                           FindingKind.AGREEMENT, AgreementFacts(len(set(sources)), 0, quantity=q), tuple(ev_list)))
    return _widen_conflicts(out)


def _said_alike(q1: Quantity, q2: Quantity) -> bool:
    """Whether two figures say what they measure the same way — what happened to the counted thing
    ("seven were killed" / "nine were killed"), the noun a modifier measures ("a 48-page
    indictment"), or a measure named as a noun ("the death toll") — so that two values of them can
    contradict each other. "Four fire crews" and "22 ambulance crews" count one noun, not one thing."""
    if q1.measure is not None or q2.measure is not None:
        return q1.measure == q2.measure
    if q1.frame is not None or q2.frame is not None:
        return q1.frame == q2.frame
    return " " in (q1.counted or "") and q1.counted == q2.counted


def _widen_conflicts(found: list[Finding]) -> list[Finding]:
    """A conflict side that other outlets agree with carries their evidence too (48 pages in two
    outlets, 47 in one: three sides)."""
    agreements = [f for f in found if f.kind is FindingKind.AGREEMENT]
    out = []
    for f in found:
        if f.kind is not FindingKind.CONFLICT or not isinstance(f.facts, ConflictFacts):
            out.append(f)
            continue
        ev, qs = list(f.evidence), list(f.facts.quantities)
        for e, q in zip(f.evidence, f.facts.quantities, strict=True):
            for g in agreements:
                aq = g.facts.quantity if isinstance(g.facts, AgreementFacts) else None
                if (aq is not None and aq.frame == q.frame and Q.relation(aq, q) is Q.Relation.SAME
                        and any((x.article, x.start) == (e.article, e.start) for x in g.evidence)):
                    for x in g.evidence:
                        if all((y.article, y.start) != (x.article, x.start) for y in ev):
                            ev.append(x)
                            qs.append(q)
        out.append(Finding(f.id, f.kind, ConflictFacts(quantities=tuple(qs)), tuple(ev)))
    return out


def _close(q1: Quantity, q2: Quantity) -> bool:
    """Two figures near enough to be two statements of one ("more than 400" / "430"), not any
    pair an open bound allows ("at least 544" / "1.5 million")."""
    lo, hi = sorted((abs(q1.value), abs(q2.value)))
    return lo > 0 and hi / lo <= SETTINGS.compatible_ratio


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
        ev = [_ev(a, s1.start, s1.end), _ev(b, s2.start, s2.end)]
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
        out.append(Finding(_fid(FindingKind.AGREEMENT, [event] + [(e.article, e.start) for e in ev_list]),
                           FindingKind.AGREEMENT, AgreementFacts(len(set(srcs)), 0, day=d), tuple(ev_list)))
    for event, (ev_list, day_list) in conflicts.items():
        out.append(Finding(_fid(FindingKind.CONFLICT, [event] + [(e.article, e.start) for e in ev_list]),
                           FindingKind.CONFLICT, ConflictFacts(days=tuple(day_list)), tuple(ev_list)))
    return out


# ---------------------------------------------------------------- disputes
def _party(a: Article, s: Sent, quotes: list[dict]) -> str | None:
    """Who speaks in a sentence: the speaker of a quote in it, else the first name in it."""
    for q in quotes:
        if s.start <= q["start"] < s.end + 1 and q.get("speaker"):
            return q["speaker"]
    names = sorted((a.body.find(a.names.get(e, "")), a.names[e]) for e in s.entities if e in a.names)
    return names[0][1] if names else None


_REBUTTALS: dict[str, tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]]] = {}


def _read_rebuttals(a: Article, own: list[Sent]) -> dict[int, tuple[list[ClaimNoun], list[tuple[Rebuttal, ClaimNoun]]]]:
    """Each own sentence's claim nouns and rebuttals (with the claim noun each rebuts), in body
    characters: as analyze stored them, or for articles stored before that, from the parse of
    each sentence here (the only parse reconcile still makes for disputes)."""
    out: dict[int, tuple[list[ClaimNoun], list[tuple[Rebuttal, ClaimNoun]]]] = {s.idx: ([], []) for s in own}
    if a.rebuttals is not None:
        nouns, rebuttals = a.rebuttals
        for n in nouns:
            if n.sentence in out:
                out[n.sentence][0].append(n)
        for r in rebuttals:
            if r.sentence in out:
                out[r.sentence][1].append((r, nouns[r.claim]))
        return out
    read = parsed((s.text for s in own), read_rebuttals, _REBUTTALS)
    for s in own:  # in sentence characters: moved to the body's
        nouns, rebuttals = read[s.text]
        moved = [replace(n, start=n.start + s.start, end=n.end + s.start, at=n.at + s.start, sentence=s.idx)
                 for n in nouns]
        out[s.idx] = (moved, [(replace(r, start=r.start + s.start, end=r.end + s.start, sentence=s.idx),
                               moved[r.claim]) for r in rebuttals])
    return out


def _reported(a: Article) -> list[tuple[Sent, Rebuttal, ClaimNoun, str, frozenset[str]]]:
    """Rebuttals an article reports ("X disputed Y's report"), each with the claim noun rebutted
    and its claimant: the owner of the claim noun, or for "the report" the last named owner of a
    claim noun before it."""
    own = [s for s in a.sentences if a.own(s.start)]
    read = _read_rebuttals(a, own)
    out = []
    last: tuple[str, frozenset[str]] | None = None
    for s in own:
        owned, rebuttals = read[s.idx]
        for r, claim in rebuttals:
            owner = (claim.owner, claim.owner_keys) if claim.owner else (last if claim.definite else None)
            if owner and not owner[1] & r.rebutter_keys:
                out.append((s, r, claim, owner[0], owner[1]))
        for o in owned:
            if o.owner:
                last = (o.owner, o.owner_keys)
    return out


@dataclass
class _Dispute:
    article: Article
    claim: Evidence
    rebuttal: Evidence
    claimant: str | None
    rebutter: str | None
    keys: tuple[frozenset[str], frozenset[str]] | None  # (claimant, rebutter) words, when read from the parse
    vec: np.ndarray


def disputes(arts: list[Article]) -> list[Finding]:
    """Disputes inside an article, with both parties: a rebuttal it reports ("X disputed Y's
    report", read from the parse), or a statement that points back at a quoted claim just before
    it ("X said …; Y denied these claims"). The same dispute told by several outlets (the same
    rebutter of the same claimant, or in another outlet of the story; close rebuttals between
    unnamed parties) is one finding."""
    found: list[_Dispute] = []
    for a in arts:
        for s, r, claim, claimant, ckeys in _reported(a):
            found.append(_Dispute(a, _ev(a, claim.start, claim.end), _sent_ev(s), claimant,
                                  r.rebutter, (ckeys, r.rebutter_keys), s.vec))
        said: dict[int, set[str | None]] = {}
        for q in a.quotes:
            qs = a.sent_at(q["start"])
            if qs is not None:
                said.setdefault(qs.idx, set()).add(q.get("speaker_entity") or q.get("speaker"))
        for s in a.sentences:
            if not (a.own(s.start) and SETTINGS.refute.search(s.text) and SETTINGS.refuted_object.search(s.text)):
                continue
            own = said.get(s.idx, set())
            candidates = [p for p in a.sentences if s.idx - SETTINGS.dispute_window <= p.idx < s.idx
                          and p.idx in said and not (said[p.idx] & own - {None})]
            if not candidates:
                continue
            target = max(candidates, key=lambda p: float(p.vec @ s.vec))
            found.append(_Dispute(a, _sent_ev(target), _sent_ev(s), _party(a, target, a.quotes),
                                  _party(a, s, a.quotes), None, s.vec))
    merged: list[list[_Dispute]] = []
    for d in found:
        for g in merged:
            e = g[0]
            if d.keys and e.keys:
                # one rebutter of one claimant; or one rebutter in two outlets of the story, who name
                # the claimant differently (the accuser in one, the paper that printed it in another)
                same = bool(d.keys[1] & e.keys[1]) and (
                    bool(d.keys[0] & e.keys[0]) or d.article.source != e.article.source
                    or float(d.vec @ e.vec) >= SETTINGS.dispute_merge_cos)
            else:
                same = d.article.source != e.article.source and (
                    bool(d.claimant and d.rebutter and (d.claimant, d.rebutter) == (e.claimant, e.rebutter))
                    or float(d.vec @ e.vec) >= SETTINGS.dispute_merge_cos)
            if same:
                g.append(d)
                break
        else:
            merged.append([d])
    out = []
    for g in merged:
        ev = tuple(e for d in g for e in (d.claim, d.rebuttal))
        out.append(Finding(_fid(FindingKind.DISPUTED, [(e.article, e.start) for e in ev]), FindingKind.DISPUTED,
                           DisputedFacts(g[0].claimant, g[0].rebutter, len({d.article.source for d in g}),
                                         reported=all(d.keys is not None for d in g)), ev))
    return out


# ---------------------------------------------------------------- agreements and exclusives
def stem(word: str) -> str:
    """A crude English stemmer: enough to match 'dressed'/'dress', 'terrorists'/'terrorist'."""
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(suf) + 3 and word.endswith(suf):
            return word[: -len(suf)] + rep
    return word


def topic_words(arts: list[Article], n: int = 12) -> set[str]:
    """The words every outlet of the story uses: they say what the story is, not what a clause adds."""
    counts: dict[str, int] = {}
    for a in arts:
        for s in a.sentences:
            for w in {stem(w) for w in words(s.text)}:
                counts[w] = counts.get(w, 0) + 1
    return set(sorted(counts, key=lambda w: (-counts[w], w))[:n])


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 1}


def _agree(cos: float, s1: set[str], s2: set[str]) -> float:
    """How surely two clauses state the same fact (0 when they do not): nearly the same meaning,
    or close meaning plus a good share of specific (non-topic) words in common."""
    shared = len(s1 & s2)
    share = shared / max(1, min(len(s1), len(s2)))
    if (cos >= SETTINGS.agree_cos
            or (cos >= SETTINGS.agree_shared_cos and shared >= SETTINGS.agree_shared_words
                and share >= SETTINGS.agree_share)
            or (cos >= SETTINGS.agree_many_cos and shared >= SETTINGS.agree_many_words
                and share >= SETTINGS.agree_many_share)):
        return cos + 0.1 * shared
    return 0.0


def neighbours(arts: list[Article], m: int = 8) -> dict[str, set[str]]:
    """For each article, the ``m`` articles of the story closest to it (by mean sentence vector):
    in a story of hundreds of articles, facts are compared with the most similar tellings only."""
    ok = [a for a in arts if a.sentences]
    if len(ok) <= m + 1:
        return {a.id: {b.id for b in ok if b.id != a.id} for a in arts}
    mat = np.stack([np.mean([s.vec for s in a.sentences], axis=0) for a in ok])
    mat /= np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9
    sims = mat @ mat.T
    np.fill_diagonal(sims, -1)
    out: dict[str, set[str]] = {a.id: set() for a in arts}
    for i, a in enumerate(ok):
        for j in np.argsort(-sims[i])[:m]:
            out[a.id].add(ok[j].id)
            out[ok[j].id].add(a.id)  # symmetric, so mutual-best checks have both directions
    return out


def clause_agreements(arts: list[Article], top_k: int = 5) -> list[Finding]:
    """A clause and its closest counterparts in independent outlets, when they state the same thing
    (compared clause by clause: outlets restate a fact inside otherwise different sentences).

    Similarities come from one matrix product per pair of articles; only each clause's ``top_k``
    nearest clauses are scored on shared words, so a large story stays fast."""
    seen = set()
    topic = topic_words(arts)
    # quoted words are compared as quote variants, not as agreements
    quoted = {a.id: [(q["start"], q["end"]) for q in a.quotes] for a in arts}
    flat: dict[str, list[Clause]] = {}
    for a in arts:
        flat[a.id] = [c for s in a.sentences for c in s.clauses if c.vec is not None and a.own(c.start)
                      and len(_stems(c.text)) >= SETTINGS.agreement_min_words
                      and len(re.findall(r"(?<![\w’'])[a-z]{3,}", c.text)) >= 2  # says something, not only names
                      and _quoted_share(c, quoted[a.id]) < SETTINGS.quoted_share
                      and not SETTINGS.attribution_clause.match(c.text)]  # "according to X" names a source
    stems = {id(c): _stems(c.text) - topic for cs in flat.values() for c in cs}
    mats = {aid: np.stack([cast(np.ndarray, c.vec) for c in cs])  # flat holds only clauses with a vector
            for aid, cs in flat.items() if cs}
    best: dict[tuple[str, str], list[int]] = {}
    near_arts = neighbours(arts)
    for a in arts:
        for b in arts:
            if a.source == b.source or a.id not in mats or b.id not in mats or b.id not in near_arts[a.id]:
                continue
            sims = mats[a.id] @ mats[b.id].T
            k = min(top_k, sims.shape[1])
            near = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            picks = []
            for i, row in enumerate(near):
                ci = flat[a.id][i]
                scored = [(_agree(float(sims[i, j]), stems[id(ci)], stems[id(flat[b.id][j])]), int(j)) for j in row]
                score, j = max(scored)
                picks.append(j if score > 0 else -1)
            best[(a.id, b.id)] = picks
    found: list[list[tuple[Article, Clause]]] = []
    for a in arts:
        for i, c in enumerate(flat[a.id]):
            support = [(a, c)]
            for b in arts:
                chosen = best.get((a.id, b.id))
                j = chosen[i] if chosen else -1
                if j < 0 or best[(b.id, a.id)][j] != i:  # each must be the other's best match
                    continue
                d = flat[b.id][j]
                if not _numbers_differ(a, c, b, d):  # a figure that differs is a number finding
                    support.append((b, d))
            if len({x.source for x, _ in support}) < 2:
                continue
            key = frozenset((x.id, y.start) for x, y in support)
            if key in seen:
                continue
            seen.add(key)
            found.append(support)
    merged = _merge_near(found)
    full = complete({y.text for g in merged for _, y in g if y.has_verb is None})  # older databases
    full.update({y.text: y.has_verb for g in merged for _, y in g if y.has_verb is not None})
    out = []
    for g in merged:
        # a verbless piece ("the presumptive nominee") states nothing of its own; a long one ("after talks
        # on Tuesday with Ukrainian officials in Saudi Arabia") does, and its evidence is its sentence
        ok = [(x, y) for x, y in g if full[y.text] or len(_stems(y.text)) >= SETTINGS.fragment_min_words]
        kept = [(x, y if full[y.text] else _sentence_of(x, y)) for x, y in ok]
        if len({x.source for x, _ in kept}) >= 2 and any(full[y.text] for _, y in ok):
            out.append(_agreement(kept, [full[y.text] for _, y in ok]))
    return out


def _sentence_of(a: Article, c: Clause) -> Clause:
    s = a.sent_at(c.start)
    return Clause(s.start, s.end, s.text, c.vec) if s is not None else c


_COMPLETE: dict[str, bool] = {}


def _has_verb(doc: Doc) -> bool:
    return any(tok.pos_ in {"VERB", "AUX"} for tok in doc)


def complete(texts: Iterable[str]) -> dict[str, bool]:
    """Whether each text is a statement: it has a verb (the parse's), not only a noun phrase. Only
    for clauses of articles stored before ``model.Clause.has_verb`` was kept."""
    return parsed(texts, _has_verb, _COMPLETE)


def _quoted_share(c: Clause, spans: list[tuple[int, int]]) -> float:
    """How much of a clause is inside quotation marks (its words are a quote, compared as a
    quote variant, not as an agreement)."""
    inside = sum(max(0, min(c.end, qe + 1) - max(c.start, qs - 1)) for qs, qe in spans)
    return inside / max(1, c.end - c.start)


def drop_covered(found: list[Finding]) -> list[Finding]:
    """A clause agreement whose every clause lies inside the evidence of a figure or day
    agreement says the same thing again: the typed one stays."""
    typed = [f for f in found if isinstance(f.facts, AgreementFacts) and (f.facts.quantity or f.facts.day)]
    spans = [[(e.article, e.start, e.end) for e in f.evidence] for f in typed]

    def covered(f: Finding) -> bool:
        return any(all(any(a == e.article and s <= e.start and e.end <= t for a, s, t in sp) for e in f.evidence)
                   for sp in spans)

    return [f for f in found if not (f.kind is FindingKind.AGREEMENT and isinstance(f.facts, AgreementFacts)
                                     and f.facts.quantity is None and f.facts.day is None and covered(f))]


def _merge_near(found: list[list[tuple[Article, Clause]]]) -> list[list[tuple[Article, Clause]]]:
    """Agreements that share a clause are one fact told by all their outlets (one clause per
    article: the first seen); those inside another are dropped."""
    keys = [frozenset((x.id, y.start) for x, y in g) for g in found]
    found = [g for g, k in zip(found, keys, strict=True) if not any(k < other for other in keys)]
    parent = list(range(len(found)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    owner: dict[tuple[str, int], int] = {}
    for n, g in enumerate(found):
        for x, y in g:
            k = (x.id, y.start)
            if k in owner:
                parent[root(n)] = root(owner[k])
            else:
                owner[k] = n
    groups: dict[int, list[tuple[Article, Clause]]] = {}
    for n, g in enumerate(found):
        have = groups.setdefault(root(n), [])
        arts_in = {x.id for x, _ in have}
        have.extend((x, y) for x, y in g if x.id not in arts_in and not any(x.id == h.id for h, _ in have))
    return list(groups.values())


def _least_cosine(vecs: Sequence[np.ndarray | None]) -> float | None:
    """The least cosine between two of ``vecs`` (unit vectors): how alike the least alike pair is."""
    have = [v for v in vecs if v is not None]
    if len(have) < 2:
        return None
    mat = np.stack(have)
    return round(float((mat @ mat.T).min()), 3)


def _agreement(support: list[tuple[Article, Clause]], whole: list[bool]) -> Finding:
    """The evidence, and as its label the shortest clause that is a complete statement."""
    order = sorted(range(len(support)), key=lambda n: (support[n][0].id, support[n][1].start))
    support, whole = [support[n] for n in order], [whole[n] for n in order]
    label = min((n for n in range(len(support)) if whole[n]), key=lambda n: (len(support[n][1].text), n))
    key = sorted((x.id, y.start) for x, y in support)
    return Finding(_fid(FindingKind.AGREEMENT, key), FindingKind.AGREEMENT,
                   AgreementFacts(len({x.source for x, _ in support}), label,
                                  similarity=_least_cosine([y.vec for _, y in support])),
                   tuple(_ev(x, y.start, y.end) for x, y in support))


def _numbers_differ(a: Article, c: Clause, b: Article, d: Clause) -> bool:
    v1 = [k["value"] for k in a.claims if c.start <= k["start"] < c.end]
    v2 = [k["value"] for k in b.claims if d.start <= k["start"] < d.end]
    return bool(v1 and v2) and not set(v1) & set(v2)


def _qclass(q: str | None) -> int:
    q = (q or "").lower()
    return (1 if q in SETTINGS.more_words else 2 if q in SETTINGS.less_words else 3 if q in SETTINGS.approx_words
            else 4 if q in SETTINGS.scale_words else 0)


def _allowed(kind, bound, other):
    """Whether ``other`` is a value that a qualifier of ``kind`` (``_qclass``) on ``bound`` allows —
    "more than 300" allows 340. Element-wise on numpy arrays as well as on numbers."""
    return (((kind == 1) & (other >= bound)) | ((kind == 2) & (other <= bound))
            | ((kind == 3) & (abs(other - bound) <= SETTINGS.approx_rel * bound))
            | ((kind == 4) & (bound <= other) & (other < bound * 1000)))


class _ClaimTable:
    """Every claim of a story as arrays per unit, so "does an independent outlet give a value
    compatible with this one?" is one vectorised test (``_compatible`` over all of them)."""

    def __init__(self, arts: list[Article]):
        rows: dict[str, list[tuple[float, int, int]]] = {}
        for a in arts:
            for c in a.claims:
                rows.setdefault(c["unit"] or "", []).append((c["value"], _qclass(c["qualifier"]), a.source))
        self.by_unit = {u: tuple(np.array(col) for col in zip(*r, strict=True)) for u, r in rows.items()}

    def matched_elsewhere(self, c: dict, group: int) -> bool:
        if (c["unit"] or "") not in self.by_unit:
            return False
        v, q, g = self.by_unit[c["unit"] or ""]
        v1 = c["value"]
        ok = np.abs(v - v1) <= 0.005 * np.maximum(np.abs(v), abs(v1))
        ok |= _allowed(_qclass(c["qualifier"]), v1, v)  # this claim's qualifier allows their value
        ok |= _allowed(q, v, v1)  # or theirs allows this one
        return bool((ok & (g != group)).any())


def exclusives(arts: list[Article], figures: Iterable[Finding] = ()) -> list[Finding]:
    """Sentences carrying a name or a number that no independent outlet reports, in any words
    (never in an appended second story). A figure another outlet gives compatibly (``figures``:
    the number findings, whose evidence sentences hold it) is not exclusive."""
    told = {(e.article, e.start) for f in figures if f.kind in {FindingKind.AGREEMENT, FindingKind.COMPATIBLE}
            for e in f.evidence}
    out = []
    rows = [(a.source, s.vec) for a in arts for s in a.sentences if a.own(s.start)]
    mat = np.stack([v for _, v in rows]) if rows else np.zeros((0, 0), dtype=np.float32)
    row_group = np.array([g for g, _ in rows])
    entity_groups: dict[str, set[int]] = {}
    for a in arts:
        for s in a.sentences:
            if a.own(s.start):
                for e in s.entities:
                    entity_groups.setdefault(e, set()).add(a.source)
    table = _ClaimTable(arts)
    for a in arts:
        if not any(b.source != a.source for b in arts):
            continue
        elsewhere = row_group != a.source
        if a.sentences and elsewhere.any():
            sims = np.stack([s.vec for s in a.sentences]) @ mat[elsewhere].T
            restated = sims.max(axis=1)
        else:
            restated = np.zeros(len(a.sentences))
        unmatched = {i: not table.matched_elsewhere(c, a.source) for i, c in enumerate(a.claims)}
        for n, s in enumerate(a.sentences):
            if not a.own(s.start):
                continue
            anchors = sorted(name for e in s.entities if entity_groups[e] <= {a.source}
                             and len((name := a.names.get(e, e)).strip(" .")) >= SETTINGS.anchor_min_chars)
            for i, c in enumerate(a.claims):
                written = a.body[c["start"]:c["end"]]
                if s.start <= c["start"] < s.end + 1 and unmatched[i] and (a.id, s.start) not in told and Q.specific(
                        Quantity(c["value"], Q.bound_of(c["qualifier"]), unit=c["unit"]), written):
                    anchors.append(written)
            if not anchors or restated[n] >= SETTINGS.restated_cos:
                continue
            out.append(Finding(_fid(FindingKind.EXCLUSIVE, (a.id, s.idx)), FindingKind.EXCLUSIVE,
                               ExclusiveFacts(a.outlet, tuple(anchors[:4])), (_sent_ev(s),)))
    return out


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
                evs.append(_sent_ev(s))
    order = sorted(events.values(), key=lambda e: (e[0]["resolved"] or "9999",
                                                   WEEKDAYS.index(e[0]["weekday"].lower()) if e[0]["weekday"] else 7,
                                                   e[0]["event"] or ""))
    return [Finding(_fid(FindingKind.TIMELINE, [t["resolved"], t["weekday"], t["event"], evs[0].article, evs[0].start]),
                    FindingKind.TIMELINE, TimelineFacts(n, t["resolved"], t["weekday"], t["precision"], t["event"]),
                    tuple(evs)) for n, (t, evs) in enumerate(order)]
