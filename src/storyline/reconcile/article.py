"""The story's articles as reconcile reads them: sentences, clauses and claims in body characters,
with each article's copy group and independent source, and the helpers every finding kind uses to
cite its evidence and to place reports in time.

Each finding kind has its own module (``variants``, ``numbers`` and ``figures``, ``days``, ``clock``
(times of day), ``ages``, ``disputes``, ``agreements``, ``exclusives``, ``timeline``);
``story.analyse`` runs them all.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from storyline.analyze.clauses import CLAUSE_MIN_WORDS, STOP, pieces
from storyline.model import ClaimNoun, Evidence, FindingKind, Quantity, Rebuttal
from storyline.reconcile.settings import SETTINGS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class Clause:
    start: int
    end: int
    text: str
    vec: np.ndarray | None = None
    #: a statement (the parse found a verb), as stored at analyze time; None for articles stored before
    has_verb: bool | None = None
    #: its content-word lemmas, as stored at analyze time (None: read by ``agreements.lemmatise``)
    lemmas: tuple[str, ...] | None = None


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
    #: where the article names a person: (start, end, entity id), in body order
    persons: list[tuple[int, int, str]] = field(default_factory=list)
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


def finding_id(kind: FindingKind, parts: Iterable[Any]) -> str:
    return kind.value[:2] + hashlib.sha1((kind.value + "|" + "|".join(map(str, parts))).encode()).hexdigest()[:14]


def cite(art: Article, start: int, end: int) -> Evidence:
    return Evidence(art.id, start, end, art.body[start:end])


def cite_sentence(s: Sent) -> Evidence:
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


def _year_end(resolved: str, precision: str) -> date | None:
    try:
        if precision == "year":
            return date(int(resolved[:4]), 12, 31)
        if precision == "month":
            y, m = int(resolved[:4]), int(resolved[5:7])
            return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        return date.fromisoformat(resolved[:10])
    except ValueError:
        return None


def entries(a: Article) -> list[tuple[int, datetime]]:
    """Where the entries of a live report start, with their times: paragraphs that open with a time
    of day ("9.45 p.m.: The FBI says …", "3.54pm - UPDATE - …"), or sentences that do inside a
    paragraph that runs its entries on (``entry_time_inline``), on the article's publication day
    (the time alone when it has none). Fewer than two such entries: none."""
    found = []
    stamp = when(a.published)
    day = stamp[0].date() if stamp else date.min
    pos = 0
    for para in a.body.split("\n"):
        opening = SETTINGS.entry_time.match(para)
        for m in ([opening] if opening else []) + list(SETTINGS.entry_time_inline.finditer(para)):
            hour, minute = int(m.group(1)), int(m.group(2))
            half = (m.group(3) or "").replace(".", "").lower()
            hour = hour % 12 + (12 if half == "pm" else 0) if half else hour
            if hour < 24 and minute < 60:
                found.append((pos + m.start(), datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)))
        pos += len(para) + 1
    return sorted(found) if len(found) >= 2 else []


def background(a: Article, s: Sent) -> bool:
    """Whether the sentence speaks of another, earlier occurrence: it names a time that ended well
    before the article was published ("the worst crash since 2004, when seven people were killed")."""
    published = when(a.published)
    if published is None:
        return False
    limit = published[0].date() - timedelta(days=SETTINGS.background_days)
    for t in a.time_refs:
        if s.start <= t["start"] < s.end + 1 and t.get("resolved"):
            end = _year_end(t["resolved"], t.get("precision") or "day")
            if end is not None and end < limit:
                return True
    return False


def own_sentence(a: Article, at: int) -> Sent | None:
    """The sentence holding character ``at`` when it is of this story's own occurrence: in the
    article's own story (not an appended one) and not about an older occurrence (``background``)."""
    s = a.sent_at(at)
    return s if s is not None and a.own(at) and not background(a, s) else None


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
