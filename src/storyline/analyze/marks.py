"""Quotation-mark spans of a text: straight, curly, guillemets, and single curly marks for short
partial quotes, per paragraph (a paragraph that ends inside an open quote continues it, as
newspapers do when a quote runs over paragraphs). Read once per Doc: coreference skips what is
inside them and the quotes component attributes them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CLOSERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
#: double marks of any style: a quote opened with one may be closed with another (“…," or "…”),
#: and a mark typed the wrong way round closes where it stands after a word ("…not,“ he said)
DOUBLES = {"“", "”", '"', "„"}
WORDS = re.compile(r"[^\W_]+", re.U)
#: the opening single curly mark of a short partial quote (‘like this’)
SINGLE_OPEN = "‘"


@dataclass(frozen=True)
class QuoteSpan:
    open: int  # index of the opening mark
    close: int  # index just past the closing mark (paragraph end when unclosed)
    start: int  # the quoted words
    end: int
    paragraph: int


def _paragraphs(text: str):
    pos = 0
    for n, para in enumerate(text.split("\n")):
        yield n, pos, para
        pos += len(para) + 1


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "…"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:-—–"):
        e -= 1
    return s, e


def _position(para: str, i: int) -> str:
    """Where a mark stands: "open" (after a space, before a word), "close" (after a word or
    punctuation, before a space, punctuation or the paragraph's end), else ""."""
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if before.isspace() and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or (not after.isalnum() and after not in DOUBLES)):
        return "close"
    return ""


def _markup_value(para: str, i: int) -> bool:
    """A straight mark right after "=" opens a markup attribute's value left in scraped text
    (``<tweet author="@someone" id="123">``), not a quotation."""
    return i > 0 and para[i - 1] == "="


def _straight_in_word(para: str, i: int) -> bool:
    """A straight mark that is not a quotation mark: between two letters or digits (a typo'd
    apostrophe), or an inch mark after a number (``6'3" tall``)."""
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return before.isalnum() and (after.isalnum() or before.isdigit())


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation-mark span in ``text``; never raises, spans always inside the text."""
    spans: list[QuoteSpan] = []
    for n, base, para in _paragraphs(text):
        opened: int | None = None
        closer = ""
        nested = False  # a double mark of another style opened inside the quote ("… called it "rigged" …")
        skip_to = 0
        for i, ch in enumerate(para):
            if i < skip_to:
                continue
            if opened is None:
                if ch == '"' and _markup_value(para, i):
                    end = para.find('"', i + 1)
                    skip_to = end + 1 if end >= 0 else len(para)
                elif ch in CLOSERS and not (ch == '"' and _straight_in_word(para, i)):
                    opened, closer, nested = i, CLOSERS[ch], False
            elif ch == closer or (closer == "“" and ch == "”"):
                s, e = _trim(text, base + opened + 1, base + i)
                spans.append(QuoteSpan(base + opened, base + i + 1, s, e, n))
                opened = None
            elif closer in DOUBLES and ch in DOUBLES and ch != "„":
                where = _position(para, i)
                if where == "open":
                    nested = True
                elif where == "close" and nested:
                    nested = False
                elif where == "close":
                    s, e = _trim(text, base + opened + 1, base + i)
                    spans.append(QuoteSpan(base + opened, base + i + 1, s, e, n))
                    opened = None
        if opened is not None:
            s, e = _trim(text, base + opened + 1, base + len(para))
            spans.append(QuoteSpan(base + opened, base + len(para), s, e, n))
        # single curly marks for short partial quotes: ‘like this’ (not apostrophes: Norland’s)
        for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[“]))‘([^‘’\n]{1,80}?)’(?![^\W_])", para):
            s, e = base + m.start(1), base + m.end(1)
            if not any(q.open <= s < q.close for q in spans) and len(WORDS.findall(m.group(1))) <= 12:
                s2, e2 = _trim(text, s, e)
                spans.append(QuoteSpan(base + m.start(), base + m.end(), s2, e2, n))
    spans = [q for q in spans if WORDS.search(text[q.start:q.end])]
    return sorted(spans, key=lambda q: q.start)
