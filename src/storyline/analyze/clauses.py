"""Clauses: the pieces of a sentence in which outlets restate a fact inside otherwise different
sentences (the unit agreements are found in).

A sentence is cut at its punctuation tokens (commas, colons, semicolons, brackets, dashes) and
before contrastive or causal conjunctions; a piece with fewer than ``CLAUSE_MIN_WORDS`` content
words joins the next one. The cuts are between the parse's tokens, so a number ("2,000"), a clock
time ("7:16") or an abbreviation ("U.S.") is never cut. Each clause says whether the parse finds a
verb in it (a statement, not only a noun phrase).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from storyline.model import Clause

#: A piece of a sentence needs this many content words (not in ``STOP``) to stand as a clause.
CLAUSE_MIN_WORDS = 3
#: Tokens a sentence is cut at (the token itself belongs to neither side).
BREAK_PUNCT = frozenset({",", ":", ";", "(", ")", "[", "]", "—", "–"})
#: A hyphen is a break only between spaces ("a deal - and then"; a doubled "--" is left as today).
SPACED_DASHES = frozenset({"-"})
#: A bracketed aside of at most this many tokens ("Islamic State (IS, formerly ISIS/ISIL) has claimed
#: …", "(AP)", "($1.3 billion)") is part of its clause, never cut at or inside: cut there, the
#: clause after it loses its subject ("has claimed responsibility for the mass shooting").
ASIDE_MAX_TOKENS = 12
ASIDE_CLOSE = {"(": ")", "[": "]"}
#: Conjunction words a sentence is cut before (the word belongs to neither side).
BREAK_WORDS = frozenset({"while", "whereas", "but", "although", "though", "because"})
#: Multi-word conjunctions cut the same way.
BREAK_PHRASES = (("as", "well", "as"),)
#: Parts of speech that make a clause a statement.
VERB_POS = frozenset({"VERB", "AUX"})

#: Function words, not counted as a clause's content words (reconcile compares clauses on the rest).
STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "that",
    "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "it", "its", "he", "she", "they",
    "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my", "not", "no", "nor", "so", "if",
    "then", "than", "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same", "too", "very",
    "can", "will", "just", "should", "now", "also", "would", "could", "may", "might", "must", "do", "does", "did",
    "has", "have", "had", "into", "about", "over", "after", "before", "under", "again", "further", "once", "said",
    "says", "say", "told",
})
_WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> list[str]:
    """The lower-cased words of ``text`` that are not function words."""
    return [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOP]


def content_lemmas(tokens: Iterable[Token]) -> tuple[str, ...]:
    """The lemmas of the content words among ``tokens`` (lower-cased, not function words, in order,
    each once): "the terrorists dressed as police" → terrorist, dress, police."""
    out = (t.lemma_.lower() for t in tokens if (t.is_alpha or t.like_num) and len(t.text) > 1)
    return tuple(dict.fromkeys(w for w in out if w not in STOP))


def _breaks(sent: Span) -> Iterable[tuple[int, int]]:
    """(start, end) body offsets of each cut in a sentence: what lies between two clauses."""
    toks: list[Token] = list(sent)
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.lower_
        close = ASIDE_CLOSE.get(t.text)
        if close is not None:
            end = next((j for j in range(i + 1, min(len(toks), i + ASIDE_MAX_TOKENS + 2)) if toks[j].text == close), None)
            if end is not None:  # a short aside: the clause goes on through it
                i = end + 1
                continue
        phrase = next((p for p in BREAK_PHRASES if tuple(x.lower_ for x in toks[i:i + len(p)]) == p), None)
        if phrase is not None:
            last = toks[i + len(phrase) - 1]
            yield t.idx, last.idx + len(last.text)
            i += len(phrase)
            continue
        spaced = t.text in SPACED_DASHES and i > 0 and bool(toks[i - 1].whitespace_) and bool(t.whitespace_)
        if t.text in BREAK_PUNCT or spaced or low in BREAK_WORDS:
            yield t.idx, t.idx + len(t.text)
        i += 1


def pieces(text: str, offset: int, cuts: Iterable[tuple[int, int]],
            min_words: int = CLAUSE_MIN_WORDS) -> list[tuple[int, int]]:
    """The clauses of a sentence ``text`` (starting at ``offset`` in the body) between its cuts:
    a short piece joins the next one (the last joins the one before), ends trimmed of spaces."""
    pieces, last = [], 0
    for a, b in cuts:
        pieces.append((last, a - offset))
        last = b - offset
    pieces.append((last, len(text)))
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for a, b in pieces:
        if pending is not None:
            a = pending[0]
        seg = text[a:b]
        if len(content_words(seg)) < min_words:
            pending = (a, b)
            continue
        pending = None
        lead = len(seg) - len(seg.lstrip())
        out.append((a + lead, a + lead + len(seg.strip())))
    if pending is not None and out:
        start = out[-1][0]
        out[-1] = (start, start + len(text[start:pending[1]].rstrip()))
    return [(offset + a, offset + b) for a, b in out]


def sentence_clauses(sent: Span, sentence: int = -1) -> list[Clause]:
    """The clauses of one parsed sentence, in order, in body (Doc) coordinates."""
    doc = sent.doc
    out = []
    for start, end in pieces(sent.text, sent.start_char, _breaks(sent)):
        span = doc.char_span(start, end, alignment_mode="expand")
        has_verb = span is not None and any(t.pos_ in VERB_POS for t in span)
        out.append(Clause(start, end, sentence, has_verb, content_lemmas(span) if span is not None else ()))
    return out


def cut_clauses(doc: Doc) -> list[Clause]:
    """Every clause of a parsed document, sentence by sentence (``sentence`` is set later, against
    the analysis's own sentence list)."""
    return [c for sent in doc.sents for c in sentence_clauses(sent)]
