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
    crawled: str | None = None  # crawl date of a WARC record: a last resort for the published date
    warning: str | None = None  # something the reader doubted (an encoding guessed between scripts)


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
    published: str | None  # ISO date
    authors: tuple[str, ...] = ()
    dropped_lines: int = 0  # furniture lines removed (plain text)

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


@dataclass(frozen=True)
class ProcessedArticle:
    """The output of ingest → clean → analyze for one article: what `store` writes at once."""

    clean: CleanArticle
    analysis: Analysis = field(default_factory=Analysis)
    #: float32 array, one unit vector per analysis sentence (None when embeddings are not computed)
    sentence_vectors: Any = field(default=None, compare=False, repr=False)
    #: float32 arrays: one vector per clause (``reconcile.findings.clause_spans`` of each sentence, in
    #: order) and per quote — computed once here so reconciling a story never runs the encoder
    clause_vectors: Any = field(default=None, compare=False, repr=False)
    quote_vectors: Any = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.clean.id


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str
