"""The nouns of storyline as frozen dataclasses: what flows between stages.

Spans (``start``/``end``) are character offsets into the article's clean ``body`` unless a
field says ``raw_``; paragraphs map body offsets back to the raw source text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class RawArticle:
    """One input article exactly as read: decoded text, never modified."""

    id: str  # content hash of `text`
    source: str  # file path, or "path:LINE" for a JSONL record
    format: str  # "text" | "html"
    text: str  # decoded raw text (plain text or HTML markup)
    encoding: str
    url: str | None = None
    # Metadata supplied with the input (JSONL fields); the cleaner prefers these.
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    crawled: str | None = None  # capture time of a WARC record: a marked last resort for the published date
    warning: str | None = None  # something the reader doubted (an encoding guessed between scripts)


class PublishedFrom(StrEnum):
    """Where an article's ``published`` comes from: the page (its metadata, its JSON Lines record,
    a written stamp), or only the crawl (a WARC record's capture time: when it was fetched, which is
    not when it was published, and is shown as such)."""

    PAGE = "page"
    CRAWL = "crawl"


class ParagraphKind(StrEnum):
    """What a kept paragraph is. Only ``TEXT`` is the outlet's own reporting and may be evidence
    for a finding; the others stay in the body for the reader (a caption can carry facts)."""

    TEXT = "text"
    CAPTION = "caption"  # a photo caption, credit or gallery counter
    EMBED = "embed"  # an embedded post (a tweet, a Facebook or Instagram post)
    LABEL = "label"  # a transcript line opening with a speaker label ("JOHN DOE: …")
    ASIDE = "aside"  # kept, but the furniture model doubts it is the article (a teaser, a promo)


def line_hash(text: str) -> str:
    """Identity of a paragraph's wording (case and spacing ignored): repeated boilerplate shares it."""
    return hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int  # into body
    end: int
    raw_start: int | None  # into RawArticle.text; None when not verbatim there (HTML)
    raw_end: int | None
    kind: ParagraphKind = ParagraphKind.TEXT

    @property
    def evidence(self) -> bool:
        return self.kind is ParagraphKind.TEXT


@dataclass(frozen=True)
class CleanArticle:
    raw: RawArticle
    body: str  # paragraphs joined by "\n"
    paragraphs: tuple[Paragraph, ...]
    title: str | None
    outlet: str | None
    published: str | None  # ISO date, or to the minute with its zone
    authors: tuple[str, ...] = ()
    dropped_lines: int = 0  # furniture lines removed (plain text)
    published_from: PublishedFrom | None = None  # None: no date known

    @property
    def id(self) -> str:
        return self.raw.id


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Clause:
    """A piece of a sentence in which outlets restate a fact (``analyze.clauses``): cut at the
    parse's clause boundaries (commas, semicolons, dashes, brackets, contrastive conjunctions),
    never inside a token ("2,000", "7:16", "U.S.")."""

    start: int  # into body
    end: int
    sentence: int  # index into Analysis.sentences
    has_verb: bool  # a statement (the parse finds a verb or auxiliary), not only a noun phrase
    #: its content words as the parse lemmatises them ("dressed" → dress, "terrorists" → terrorist):
    #: what reconcile compares two clauses on besides their vectors; empty when stored before (v8)
    lemmas: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimNoun:
    """A noun that names a claim ("report", "allegation") and who owns it ("BuzzFeed's report"),
    read from the parse at analyze time (``analyze.rebuttals``)."""

    start: int  # its noun phrase, into body
    end: int
    at: int  # the noun's own first character
    sentence: int  # index into Analysis.sentences
    owner: str | None  # the owner's name as the sentence gives it, or None
    owner_keys: frozenset[str]  # the words that name the owner (not its role: "team", "office")
    definite: bool  # "the report", "this claim": may point back at an owned claim noun before it


@dataclass(frozen=True)
class Rebuttal:
    """A reported rebuttal ("X denied Y's report", "X said the report was false"): who rebuts,
    and which claim noun (``analyze.rebuttals``)."""

    start: int  # the rebutting word ("denied", "was"), into body
    end: int
    sentence: int  # index into Analysis.sentences
    rebutter: str
    rebutter_keys: frozenset[str]
    claim: int  # index into Analysis.claim_nouns


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | LOC | NORP | ROLE ...
    cluster: int  # in-document entity cluster id (index into Analysis.local_entities)


@dataclass(frozen=True)
class LocalEntity:
    """An entity as resolved within one article (before cross-document linking)."""

    index: int
    name: str  # fullest form seen in the article
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    start: int  # span of the quoted words (inside the marks)
    end: int
    text: str
    kind: str  # direct | partial
    cue: str | None  # the verb or phrase introducing it ("said", "according to", ":")
    speaker: str | None  # canonical name within the article
    speaker_cluster: int | None
    speaker_start: int | None = None  # span of the speaker mention the attribution used
    speaker_end: int | None = None
    sentence: int = -1


@dataclass(frozen=True)
class Claim:
    start: int  # span of the number expression
    end: int
    text: str  # the sentence that states it
    value: float
    unit: str | None
    qualifier: str | None  # more than | at least | about | up to ...
    counted: str | None  # head noun of what is counted
    claimant: str | None
    claimant_cluster: int | None
    sentence: int = -1
    #: read from the parse at analyze time (``analyze.measures``): what happened to the counted
    #: thing ("30 people were killed" → kill), the noun phrase a figure is the value of when the
    #: number is not a modifier ("the death toll rose to 77" → death toll), and the noun a counted
    #: modifier measures ("a 48-page indictment" → indictment)
    measure: str | None = None
    measured: str | None = None
    frame: str | None = None


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    text: str
    resolved: str | None  # ISO date, or None
    precision: str  # day | month | year | weekday | unknown
    weekday: str | None = None
    sentence: int = -1
    event: str | None = None  # lemma of the predicate the expression dates ("visit", "run")


@dataclass(frozen=True)
class Analysis:
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    local_entities: tuple[LocalEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    time_refs: tuple[TimeRef, ...] = ()
    clauses: tuple[Clause, ...] = ()
    claim_nouns: tuple[ClaimNoun, ...] = ()
    rebuttals: tuple[Rebuttal, ...] = ()


@dataclass(frozen=True)
class ProcessedArticle:
    """The output of ingest → clean → analyze for one article: what `store` writes at once."""

    clean: CleanArticle
    analysis: Analysis = field(default_factory=Analysis)
    #: float32 array, one unit vector per analysis sentence (None when embeddings are not computed)
    sentence_vectors: Any = field(default=None, compare=False, repr=False)
    #: float32 arrays: one vector per clause (``analysis.clauses``, in order: row n is clause n) and
    #: per quote — computed once here so reconciling a story never runs the encoder
    clause_vectors: Any = field(default=None, compare=False, repr=False)
    quote_vectors: Any = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.clean.id


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str


# ---------------------------------------------------------------- findings (reconcile → store → present)
class FindingKind(StrEnum):
    """What a finding says about the outlets of one story."""

    AGREEMENT = "agreement"  # independent outlets state the same fact
    CONFLICT = "conflict"  # two outlets give incompatible accounts of one thing at about the same time
    COMPATIBLE = "compatible"  # different figures that can both be true ("more than 400" / "430")
    EVOLVING = "evolving"  # one quantity reported with different values as time passed (a rising toll)
    DISPUTED = "disputed"  # a claim and its rebuttal by two parties, as an article reports them
    VARIANT = "variant"  # renderings of one utterance in different outlets
    EXCLUSIVE = "exclusive"  # a name or figure only one independent source reports
    SYNDICATED = "syndicated"  # copies of one (wire) text: one source
    TIMELINE = "timeline"  # a dated or weekday-dated event, in story order


class Bound(StrEnum):
    """How a figure is stated: the interval of values it allows follows from it."""

    EXACT = "exact"  # "430"
    APPROX = "approx"  # "about 430"
    AT_LEAST = "at_least"  # "more than 400", "at least 400"
    AT_MOST = "at_most"  # "up to 400", "fewer than 400"
    RANGE = "range"  # "between 30 and 40", "30-40": value..high
    SCALE = "scale"  # "hundreds", "thousands": an order of magnitude


@dataclass(frozen=True)
class Span:
    """Character offsets into an article's body."""

    article: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """The exact words of an article a finding rests on (``text`` is ``body[start:end]``)."""

    article: str
    start: int
    end: int
    text: str = ""


#: the measure of a figure that is the value of a named thing ("bitcoin was trading at $6,562":
#: bitcoin · value), as ``reconcile.figures`` frames it from ``Quantity.holder``
VALUE_MEASURE = "value"


@dataclass(frozen=True)
class Quantity:
    """A figure as an outlet states it: value (or range), bound, unit and what it counts."""

    value: float  # the low end of a range
    bound: Bound = Bound.EXACT
    high: float | None = None  # the high end of a range
    unit: str | None = None  # as parsed ("km", "mi", "%", "USD")
    counted: str | None = None  # the counted noun or measure ("people", "altitude")
    measure: str | None = None  # the predicate that says what happened to them ("kill", "injure")
    qualifier: str | None = None  # the outlet's words for the bound ("more than", "about")
    frame: str | None = None  # the noun a counted modifier measures ("48-page indictment" → indictment)
    #: the thing the figure is the value of, as the parse names it ("bitcoin was trading at $6,562",
    #: "the price of bitcoin fell to $5,920" → bitcoin; "the death toll rose to 77" → death toll)
    holder: str | None = None


@dataclass(frozen=True)
class Day:
    """The day an outlet gives for an event: a date, a weekday or both."""

    text: str  # the expression as written
    date: str | None  # ISO date when resolved
    weekday: str | None  # lower-case weekday name when known
    event: str | None = None  # lemma of the predicate dated
    clock: str | None = None  # a time of day, "22:30", when the expression gives one ("10:30 p.m.")


@dataclass(frozen=True)
class AgreementFacts:
    outlets: int  # independent sources in support
    label: int = 0  # index of the evidence whose words name the fact (the shortest complete one)
    quantity: Quantity | None = None  # when the fact is a figure
    day: Day | None = None  # when the fact is the day of an event
    similarity: float | None = None  # a clause agreement: the least cosine between two of its clauses


@dataclass(frozen=True)
class ConflictFacts:
    """One side per evidence, in order: ``quantities`` for a figure, ``days`` for a day."""

    quantities: tuple[Quantity, ...] = ()
    days: tuple[Day, ...] = ()


@dataclass(frozen=True)
class CompatibleFacts:
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True)
class SeriesPoint:
    published: str | None  # ISO datetime of the report
    outlet: str | None
    quantity: Quantity
    evidence: int  # index into the finding's evidence


@dataclass(frozen=True)
class EvolvingFacts:
    counted: str | None
    measure: str | None
    unit: str | None
    series: tuple[SeriesPoint, ...]  # in publication order
    #: whose the counted thing is, as written before the noun ("UK" of "UK consumers"), when named
    population: str | None = None


@dataclass(frozen=True)
class DisputedFacts:
    """Evidence holds (claim, rebuttal) pairs, one pair per article that reports the dispute."""

    claimant: str | None
    rebutter: str | None
    outlets: int
    #: told as an act in one sentence ("X disputed Y's report"), not two statements set side by side
    reported: bool = False


@dataclass(frozen=True)
class VariantFacts:
    speaker: str | None
    differs: tuple[tuple[Span, ...], ...]  # per evidence: the words not in every rendering
    similarity: float | None = None  # the least cosine between two of its renderings


@dataclass(frozen=True)
class ExclusiveFacts:
    outlet: str | None
    anchors: tuple[str, ...]  # the names and figures no independent source gives, as written


@dataclass(frozen=True)
class Copy:
    article: str
    outlet: str | None


@dataclass(frozen=True)
class SyndicatedFacts:
    copies: tuple[Copy, ...]
    shared: float | None = None  # the share of the shortest copy's sentences another copy prints


@dataclass(frozen=True)
class TimelineFacts:
    order: int
    date: str | None
    weekday: str | None
    precision: str
    event: str | None


Facts = (AgreementFacts | ConflictFacts | CompatibleFacts | EvolvingFacts | DisputedFacts | VariantFacts
         | ExclusiveFacts | SyndicatedFacts | TimelineFacts)

#: The facts type of each kind: a finding of a kind carries exactly this.
FACTS_OF: dict[FindingKind, type] = {
    FindingKind.AGREEMENT: AgreementFacts, FindingKind.CONFLICT: ConflictFacts,
    FindingKind.COMPATIBLE: CompatibleFacts, FindingKind.EVOLVING: EvolvingFacts,
    FindingKind.DISPUTED: DisputedFacts, FindingKind.VARIANT: VariantFacts,
    FindingKind.EXCLUSIVE: ExclusiveFacts, FindingKind.SYNDICATED: SyndicatedFacts,
    FindingKind.TIMELINE: TimelineFacts,
}


@dataclass(frozen=True)
class Finding:
    """What reconcile found in one story: typed facts and the spans they rest on; no prose."""

    id: str
    kind: FindingKind
    facts: Facts
    evidence: tuple[Evidence, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.facts, FACTS_OF[self.kind]):
            raise TypeError(f"a {self.kind} finding carries {FACTS_OF[self.kind].__name__}")


class LinkBasis(StrEnum):
    """What links two stories."""

    #: They share the rare names most of each story's articles carry (``cluster.links``).
    NAMES = "names"
    #: One is a lone article the story scorer placed close to the other, short of joining it (a
    #: sidebar, a retrospective, a programme's page on the event).
    SCORER = "scorer"


class LinkRelation(StrEnum):
    """How two linked stories stand to each other (both are one arc's events, kept apart as stories)."""

    #: The later story continues the earlier one days or weeks on (the attack, then the charges).
    FOLLOW_UP = "follow_up"
    #: Both run over the same days: another side of the same moment the pair scorer kept apart.
    PARALLEL = "parallel"


@dataclass(frozen=True)
class StoryLink:
    """Two different stories of one arc: they share the rare names that distinguish each of them
    (``basis`` NAMES), or one is a lone article the story scorer placed close to the other (SCORER).

    ``earlier`` starts first (ties by id). ``names`` are the shared entity keys (``TYPE|name``),
    rarest first; ``score`` the share of the stories' distinguishing-name rarity they have in
    common (0–1), or for a SCORER link the scorer's probability that the lone article reports the
    other story's event; ``day_gap`` the days from the end of the earlier story to the start of the
    later one (0 when they overlap; None when either is undated)."""

    earlier: str
    later: str
    relation: LinkRelation
    score: float
    day_gap: int | None
    names: tuple[str, ...]
    basis: LinkBasis = LinkBasis.NAMES
