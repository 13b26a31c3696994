"""A line classifier for scraped plain text: article prose vs. page furniture.

Every decision comes from features of the line and its neighbours — length, closing punctuation,
finite verbs, second-person and first-person-plural appeals outside quotation marks, imperative
openings, repetition, captions/credits, bylines and position relative to the main prose block —
never from a list of any outlet's phrases.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from storyline import nlp as nlp_mod
from storyline.clean.furniture import (
    AGENCY_CREDIT,
    COUNTER,
    EMBED_TAIL,
    EXTRACTED_DROP,
    LINK_LIKE,
    SPEAKER_LABEL,
    THRESHOLD,
    LineShape,
    furniture_probability,
)
from storyline.model import ParagraphKind
from storyline.timing import timed

# Generic web-page vocabulary (any site, any language variety of English): what furniture talks about.
FURNITURE_WORDS = re.compile(
    r"\b(subscrib\w*|newsletter\w*|donat\w*|membership|members?|sign(?:ed)? up|log ?in|sign in|"
    r"e-?mail address|cookies?|privacy policy|terms of (?:use|service)|all rights reserved|"
    r"advertis\w*|sponsored|read more|share (?:this|on)|follow us|thank you|dear readers?|"
    r"support (?:us|our)|your support|contribut(?:e|ion)s?\b(?! reporting)|paywall|app store|"
    r"google play|skip to|accept|opt[- ]out|indicates required)\b",
    re.I,
)
RELATED_LABEL = re.compile(r"^(read more|related|see also|also read|more on this|watch|listen|recommended|"
                           r"most read|editors?'? picks|more news|latest|trending)\b", re.I)
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you’re|you've|you’ve|you'll|you’ll)\b", re.I)
# Case-sensitive: "US" is a country, "us" is an appeal.
FIRST_PLURAL = re.compile(r"\b([Ww]e|[Oo]urs?|us|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve)\b")
PHOTO_CREDIT = re.compile(r"\(([^()]*(/|\bvia\b|\bphoto\b|\bimage\b|\bcredit\b)[^()]*)\)\s*$", re.I)
# A credit at the end of a caption: "… Photo: Agency / Name", "… Image by Name".
CREDIT_TAIL = re.compile(r"\b(photo|image|picture|illustration|credit|photograph)s?\s*(?:by|:|©)\s*[A-Z][^.!?]*$", re.I)
CAPTION_LEAD = re.compile(r"^(photo|image|picture|video|illustration|graphic|caption|credit|file photo)\s*[:|]", re.I)
COPYRIGHT = re.compile(r"(©|\(c\)\s*\d{4}|\bcopyright\b)", re.I)
#: A legal notice however long: it opens with the copyright sign or word, or reserves all rights
#: ("Copyright 1995 - . All rights reserved. The content … shall not be republished …"). Only at the
#: opening: a page glued into one line can end its article with one.
LEGAL_NOTICE = re.compile(r"^\W*(©|copyright\b|all rights reserved\b)", re.I)
#: … up to this many words (a paragraph of prose that mentions copyright is longer).
LEGAL_NOTICE_MAX_WORDS = 120
# "By Jane Roe", "by Kateryna Denisova and …": a capitalized name right after the cue.
BYLINE = re.compile(r"^\s*(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Rr]eporting by)\s+[A-Z][\w.'’-]*\s+[A-Z]")
CONTRIBUTOR = re.compile(r"\b(contributed (reporting|to this (report|article|story))|"
                         r"(additional )?reporting by|editing by|compiled by)\b", re.I)
READ_TIME = re.compile(r"\b\d+\s*min(ute)?s?\s+read\b", re.I)
CLOCK_ONLY = re.compile(r"^\W*\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\W*$", re.I)
TERMINAL = re.compile(r"[.!?][\"”’'\)\]]*\s*$|[\"”][.!?]?\s*$")
TRUNCATED = re.compile(r"(…|\.\.\.)\s*$")
#: The end of a sentence inside a line: a stop (and any closing quote) before a space.
SENTENCE_END = re.compile(r"(?<!\.)[.!?][\"”’'\)\]]*(?=\s)")
QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|[“\"][^\"“”]*$|‘[^‘’]*’(?=\W|$)")
WORD = re.compile(r"[^\W\d_][\w’'-]*", re.U)


@dataclass
class Line:
    """One non-empty line of the raw text with its features and verdict."""

    index: int  # position among all lines
    start: int  # raw offsets of the stripped text
    end: int
    text: str
    words: int = 0
    terminal: bool = False
    finite_verb: bool = False
    imperative: bool = False
    appeal: float = 0.0
    repeated: bool = False
    kind: str = "furniture"  # prose | furniture | caption | byline | copyright | heading
    body: bool = False
    #: the furniture model's probability that the line is page furniture
    furniture: float = 0.0
    #: the model's parse of ``text + "\n"`` (None for a line too long to be a paragraph)
    doc: Doc | None = None


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets of their stripped text in ``text``."""
    out: list[Line] = []
    for i, m in enumerate(re.finditer(r"[^\r\n]*", text)):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        out.append(Line(index=i, start=start, end=start + len(stripped), text=stripped))
    return out


def _outside_quotes(text: str) -> str:
    return QUOTED.sub(" ", text)


#: A "line" longer than this is a dump (a minified script, a table flattened to text), never a
#: paragraph: only its opening is tagged and it is furniture.
PARAGRAPH_LIMIT = 100_000
OPENING = 300  # characters whose tags tell a line's verbs and mood
#: A counter ("3 of 12") in a line this short is a gallery caption.
CAPTION_WORDS = 12
#: Lines of these kinds between two prose blocks do not part them.
GAP_FREE_KINDS = frozenset({ParagraphKind.CAPTION, ParagraphKind.EMBED})
#: In a text where no line read as an article, a line said to the reader is still kept as prose
#: from this many words ("You can unsubscribe at any time." is not; a live-blog entry is) …
SPOKEN_MIN_WORDS = 8
#: … and a speaker's turn in a transcript from this many.
SPEAKER_MIN_WORDS = 3
#: … and a whole sentence without its full stop (a video summary, a one-paragraph wire flash cut
#: before its stop) from this many: a heading is shorter, a menu has no finite verb.
UNSTOPPED_MIN_WORDS = 12
#: A live-blog entry's or a transcript turn's label: a few words and a colon before the text.
ENTRY_LABEL = re.compile(r"^[^.!?]{1,30}?:\s")
#: A line cut off by the page ("… UPDATES BELOW...") that holds at least this many whole sentences
#: before the cut is a paragraph of the article, kept up to its last whole sentence; a teaser cut
#: off after a sentence or two is furniture.
CUT_PROSE_MIN_SENTENCES = 3
#: … most of them (this share) sentences of prose of at least this many words: not a feed of
#: headlines, names and "1 min ago" glued into one line
CUT_PROSE_SENTENCE_WORDS = 6
CUT_PROSE_SHARE = 0.6
#: entity types of a dateline's place
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
#: Kinds that describe the article (who wrote it, whose it is) and are never its text.
METADATA_KINDS = frozenset({"byline", "copyright"})


def _features(lines: Sequence[Line]) -> None:
    counts = Counter(ln.text.lower() for ln in lines)
    # every line is parsed once, with its line break, so the body's Doc can be assembled from the
    # kept lines without parsing again; the classifier itself reads the opening's tags
    texts = (ln.text + "\n" if len(ln.text) <= PARAGRAPH_LIMIT else ln.text[:OPENING] for ln in lines)
    with timed("parse"):
        docs = list(nlp_mod.parse(texts))
    for ln, doc in zip(lines, docs, strict=True):
        ln.doc = doc if len(ln.text) <= PARAGRAPH_LIMIT else None
        opening = [t for t in doc if t.idx < OPENING]
        ln.words = len(WORD.findall(ln.text))
        ln.terminal = bool(TERMINAL.search(ln.text)) and not TRUNCATED.search(ln.text)
        ln.finite_verb = any(t.tag_ in nlp_mod.FINITE_TAGS for t in opening)
        first = next((t for t in opening if not t.is_punct and not t.is_space), None)
        ln.imperative = bool(first is not None and first.tag_ == "VB" and first.text[:1].isupper())
        outside = _outside_quotes(ln.text)
        appeal = 2.0 * len(SECOND_PERSON.findall(outside)) + 1.0 * len(FIRST_PLURAL.findall(outside))
        appeal += 1.0 * len(FURNITURE_WORDS.findall(outside))
        if ln.imperative:
            appeal += 1.5
        # Long narrative paragraphs can mention "members" or "support" in passing: scale by length.
        ln.appeal = appeal / max(1.0, ln.words / 25.0)
        ln.repeated = counts[ln.text.lower()] > 1


def _kind(ln: Line) -> str:
    t = ln.text
    if COPYRIGHT.search(t) and ln.words < 40 or LEGAL_NOTICE.search(t) and ln.words <= LEGAL_NOTICE_MAX_WORDS:
        return "copyright"
    if BYLINE.search(t) and ln.words < 30 or READ_TIME.search(t):
        return "byline"
    if PHOTO_CREDIT.search(t) or CAPTION_LEAD.search(t) or CREDIT_TAIL.search(t):
        return "caption"
    if CONTRIBUTOR.search(t) and ln.words < 30:
        return "furniture"
    if ln.repeated or CLOCK_ONLY.match(t) or ln.words == 0 or len(t) > PARAGRAPH_LIMIT:
        return "furniture"
    if RELATED_LABEL.search(t) or TRUNCATED.search(t):
        return "furniture"
    if ln.appeal >= 2.0:
        return "furniture"
    long_unpunctuated = ln.words >= 25 and not TRUNCATED.search(t)
    if ln.finite_verb and ln.words >= 3 and (ln.terminal or long_unpunctuated):
        return "prose"
    if not ln.terminal and 3 <= ln.words <= 30:
        return "heading"
    if not ln.finite_verb and ln.words < 40:
        return "caption" if ln.terminal and ln.words >= 4 else "furniture"
    return "furniture"


def classify(text: str, max_gap: int = 2, *, extracted: bool = False) -> list[Line]:
    """Label every non-empty line; ``body`` marks the article's lines.

    Each line gets the furniture model's probability (``furniture.furniture_probability``). In a
    scraped page (``extracted=False``) the lines the model takes for prose are grouped into blocks
    that tolerate ``max_gap`` other lines between them (a caption or a "Read more" inside an
    article); the block with the most words is the article, the others (feeds of other stories,
    appeals that read like prose) are dropped. In text an HTML extractor has already cut from the
    page (``extracted=True``) every line stays but those the model is sure are furniture.
    """
    lines = _labelled(text)
    if not lines:
        return lines
    for ln, p in zip(lines, furniture_probability([shape(ln) for ln in lines]), strict=True):
        ln.furniture = float(p)
    if extracted:
        for ln in lines:
            ln.body = ln.furniture < EXTRACTED_DROP and ln.kind not in METADATA_KINDS
        return lines
    blocks: list[list[Line]] = []
    gap = max_gap + 1
    for ln in lines:
        if ln.kind == "prose" and ln.furniture < THRESHOLD:
            if gap > max_gap or not blocks:
                blocks.append([])
            blocks[-1].append(ln)
            gap = 0
        elif paragraph_kind(ln) not in GAP_FREE_KINDS:
            gap += 1  # captions, credits, counters and embedded posts sit inside an article
    if not blocks:
        # nothing read as an article: a page of furniture — or a short article, a live-blog entry
        # or a transcript whose every line speaks to "you" or opens with a speaker's name, or a
        # teaser the page cut off ("… South Korea appears to welcome this step. Does...")
        for i, ln in enumerate(lines):
            whole = _before_the_cut(ln) if TRUNCATED.search(ln.text) else ln
            if whole is not None and _spoken_prose(whole):
                whole.body, whole.kind = True, "prose"
                lines[i] = whole
        return lines
    main = max(blocks, key=lambda b: sum(x.words for x in b))
    for ln in main:
        ln.body = True
    return lines


def _before_the_cut(ln: Line) -> Line | None:
    """A line cut off by the page ("… to welcome this step. Does...") kept up to its last whole
    sentence, when one is left (None: no sentence ends before the cut). Its parse was of the whole
    line, so it is dropped: the body is parsed again in ``analyze``."""
    ends = [m.end() for m in SENTENCE_END.finditer(TRUNCATED.sub("", ln.text))]
    if not ends:
        return None
    text = ln.text[:ends[-1]].rstrip()
    return replace(ln, text=text, end=ln.start + len(text), words=len(WORD.findall(text)), terminal=True, doc=None)


def _prose_before_the_cut(text: str) -> bool:
    """Whether a line the page cut off ("… UPDATES BELOW...") is a paragraph of prose before the
    cut: at least ``CUT_PROSE_MIN_SENTENCES`` whole sentences, most of them of prose length."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    sentences = [text[a:b] for a, b in zip([0, *ends], ends, strict=False)]
    long = sum(1 for x in sentences if len(WORD.findall(x)) >= CUT_PROSE_SENTENCE_WORDS)
    return len(sentences) >= CUT_PROSE_MIN_SENTENCES and long >= CUT_PROSE_SHARE * len(sentences)


def _spoken_prose(ln: Line) -> bool:
    """A sentence of prose, though the appeal rules or the model took it for furniture: a finished
    statement with a verb, a speaker's turn ("NAME: …"), a long enough line said to the reader, or a
    long sentence with a verb that lost its full stop (a one-line video summary)."""
    if ln.kind in METADATA_KINDS or ln.kind == "caption" or ln.repeated or TRUNCATED.search(ln.text):
        return False
    if ln.imperative and not ENTRY_LABEL.match(ln.text):  # "Update 3:42 pm: …" opens with a verb, but is a label
        return False
    if not ln.finite_verb or RELATED_LABEL.search(ln.text) or LINK_LIKE.search(ln.text):
        return False
    if not ln.terminal:  # a sentence that lost its stop: long, opening like one, not a menu of labels
        return (ln.words >= UNSTOPPED_MIN_WORDS and ln.text[:1].isupper() and ln.furniture < THRESHOLD
                and not ENTRY_LABEL.match(ln.text))
    return ln.words >= SPOKEN_MIN_WORDS or (bool(SPEAKER_LABEL.match(ln.text)) and ln.words >= SPEAKER_MIN_WORDS)


def shape(ln: Line) -> LineShape:
    """What the furniture model reads of a line whose features and rule kind are set."""
    return LineShape(text=ln.text, words=ln.words, terminal=ln.terminal, truncated=bool(TRUNCATED.search(ln.text)),
                     finite_verb=ln.finite_verb, imperative=ln.imperative, appeal=ln.appeal, repeated=ln.repeated,
                     rule=ln.kind)


def _labelled(text: str) -> list[Line]:
    """Every non-empty line with its features and the rules' kind."""
    lines = split_lines(text)
    if lines:
        _features(lines)
        for i, ln in enumerate(lines):
            if TRUNCATED.search(ln.text) and _prose_before_the_cut(ln.text):
                whole = _before_the_cut(ln)
                lines[i] = ln = whole if whole is not None else ln
            ln.kind = _kind(ln)
    return lines


def shapes_of(text: str) -> list[LineShape]:
    """Every non-empty line of ``text`` as the furniture model reads it (for training and tests)."""
    return [shape(ln) for ln in _labelled(text)]


def credited(text: str) -> bool:
    """Whether an agency or photo credit makes the line a caption: it opens the line before a name
    or another capital ("Getty Images Massa cries …") or closes it, followed by nothing but a name
    ("… on Monday. REUTERS/Lucy Nicholson", "… (AFP)"). Named inside the prose ("…, Reuters
    reported.", "officials told Reuters that …") the agency is the text's source, not a credit."""
    for m in AGENCY_CREDIT.finditer(text):
        after = text[m.end():]
        tail = WORD.findall(after)
        if not WORD.search(text[:m.start()]) and (not tail or tail[0][0].isupper()):
            return True
        if all(w[0].isupper() for w in tail) and not TERMINAL.search(after):
            return True
    return False


def _dateline(ln: Line) -> bool:
    """Whether a line's capitalised label is a dateline, a place ("MOSCOW: Russia's space experts
    say …", "NEW DELHI: …"), not a speaker's name in a transcript ("SMITH: Thank you …")."""
    m = SPEAKER_LABEL.match(ln.text)
    if m is None or ln.doc is None:
        return False
    label = [t for t in ln.doc if t.idx < m.end() - 2 and t.is_alpha]
    return bool(label) and all(t.ent_type_ in PLACE_ENTITIES for t in label)


def paragraph_kind(ln: Line) -> ParagraphKind:
    """What a kept line is: the article's text, or material kept for the reader but never evidence."""
    t = ln.text
    if SPEAKER_LABEL.match(t) and not _dateline(ln):
        return ParagraphKind.LABEL
    if EMBED_TAIL.search(t):
        return ParagraphKind.EMBED
    if ln.kind == "caption" or credited(t) or (COUNTER.search(t) and ln.words <= CAPTION_WORDS):
        return ParagraphKind.CAPTION
    if ln.kind == "furniture" or ln.furniture >= THRESHOLD or (LINK_LIKE.search(t) and not ln.terminal):
        return ParagraphKind.ASIDE
    return ParagraphKind.TEXT
