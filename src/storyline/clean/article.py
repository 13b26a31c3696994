"""clean(): RawArticle → CleanArticle, for scraped plain text and for HTML."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura
from spacy.tokens import Doc
from trafilatura.settings import Document

from storyline.clean import lines as L
from storyline.clean import meta
from storyline.clean.language import LANGUAGES, guess_language
from storyline.model import CleanArticle, Paragraph, ParagraphKind, PublishedFrom, RawArticle
from storyline.textsafe import strip_controls


class CleanError(ValueError):
    """No article text could be found in the input."""


#: One article is never this long; a file this size is a dump, not a story (and spaCy caps a doc at 1M chars).
MAX_RAW_CHARS = 3_000_000
MAX_BODY_CHARS = 500_000
#: htmldate as trafilatura calls it, asked for the time and zone as well as the day (a page's
#: ``article:published_time``, JSON-LD ``datePublished``); ``meta.normalize_published`` reads it.
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def clean(raw: RawArticle) -> CleanArticle:
    return clean_parsed(raw)[0]


def clean_parsed(raw: RawArticle) -> tuple[CleanArticle, Doc | None]:
    """The clean article and the model's parse of its body, assembled from the parsed lines
    (None when it cannot be: the analysis then parses the body itself)."""
    if len(raw.text) > MAX_RAW_CHARS:
        raise CleanError(f"{len(raw.text):,} characters is too long for one article (limit {MAX_RAW_CHARS:,}); "
                         "split the file into articles (e.g. one per line of a .jsonl file)")
    body, art = _clean_html(raw) if raw.format == "html" else _clean_text(raw)
    if len(art.body) > MAX_BODY_CHARS:
        raise CleanError(f"article text of {len(art.body):,} characters is over the {MAX_BODY_CHARS:,} limit; "
                         "split it into articles")
    return art, _body_doc(body, art.body)


def _body_doc(lines: Sequence[L.Line], body: str) -> Doc | None:
    """One Doc for the body from its lines' Docs (each parsed with its trailing line break)."""
    docs = [ln.doc for ln in lines if ln.doc is not None and len(ln.doc)]
    if not docs or len(docs) < len(lines):
        return None
    if docs[-1][-1].text == "\n":
        docs[-1] = docs[-1][:-1].as_doc()
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    return doc if doc.text == body else None


def _assemble(raw: RawArticle, parts: list[tuple[str, int | None, int | None, ParagraphKind]], *, title, outlet,
              published, authors, dropped: int) -> CleanArticle:
    if not parts:
        lang = guess_language(raw.text)
        if lang is not None:
            raise CleanError(f"the text reads as {LANGUAGES[lang]} ({lang}); storyline analyses English text only "
                             "for now, so it was not stored")
        raise CleanError("no article text found (every line looked like page furniture)")
    page = meta.normalize_published(raw.published) or published
    crawl = None if page else meta.normalize_published(raw.crawled)
    body_parts, paragraphs, pos = [], [], 0
    for i, (text, rs, re_, kind) in enumerate(parts):
        paragraphs.append(Paragraph(i, pos, pos + len(text), rs, re_, kind))
        body_parts.append(text)
        pos += len(text) + 1
    return CleanArticle(
        raw=raw,
        body="\n".join(body_parts),
        paragraphs=tuple(paragraphs),
        title=_meta(raw.title or title),
        outlet=_meta(meta.outlet_name(raw.outlet or outlet, raw.url)),
        published=page or crawl,
        published_from=PublishedFrom.PAGE if page else PublishedFrom.CRAWL if crawl else None,
        authors=tuple(a for a in map(strip_controls, raw.authors or authors) if a),
        dropped_lines=dropped,
    )


def _meta(value: str | None) -> str | None:
    """Metadata is one line of text: no control characters (an ESC sequence in a title would drive
    the terminal that prints it)."""
    return (strip_controls(value) or None) if value else None


def _clean_text(raw: RawArticle) -> tuple[list[L.Line], CleanArticle]:
    lines = L.classify(raw.text)
    body = [ln for ln in lines if ln.body]
    return body, _assemble(
        raw,
        [(ln.text, ln.start, ln.end, L.paragraph_kind(ln)) for ln in body],
        title=meta.find_title(lines),
        outlet=meta.find_outlet(lines),
        published=meta.find_published(lines),
        authors=meta.find_authors(lines),
        dropped=len(lines) - len(body),
    )


def _extract(page: str | lxml.html.HtmlElement, url: str | None) -> Document | None:
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise CleanError(f"HTML could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    return doc if isinstance(doc, Document) and (doc.text or "").strip() else None


def _deep_tree(text: str) -> lxml.html.HtmlElement | None:
    """The page parsed without libxml2's depth limit: past 255 nested elements (text under a
    thousand <div>s, fifty thousand <b>s) the default parser drops everything deeper, silently."""
    try:
        return lxml.html.fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError):
        return None


class _FlatText(HTMLParser):
    """The text of a page, a line per block element, read by the standard library's streaming
    parser: no tree, so no depth to exceed however deep the markup nests."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
                        "blockquote", "header", "footer", "nav", "aside", "figcaption", "title"})
    HIDDEN = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _flat_text(page: str) -> str:
    reader = _FlatText()
    reader.feed(page)
    reader.close()
    return "\n".join(" ".join(ln.split()) for ln in "".join(reader.parts).split("\n") if ln.strip())


def _clean_html(raw: RawArticle) -> tuple[list[L.Line], CleanArticle]:
    doc = _extract(raw.text, raw.url)
    if doc is None and (tree := _deep_tree(raw.text)) is not None:
        doc = _extract(tree, raw.url)
    if doc is None:
        # markup too deep for any tree (fifty thousand nested <b>s): its text, line by line, read
        # as a scraped page is; no text at all is the error it always was
        flat = _flat_text(raw.text)
        if flat:
            return _clean_text(replace(raw, text=flat))
        raise CleanError("no main text found in the HTML")
    title = (doc.title or "").strip() or None
    text_lines = [ln.strip() for ln in (doc.text or "").split("\n")]
    text_lines = [ln for ln in text_lines if ln]
    if title and text_lines and _same(text_lines[0], title):
        text_lines = text_lines[1:]
    # trafilatura has removed the page chrome; the line classifier still drops captions,
    # credits and appeals that sit inside the article container.
    lines = L.classify("\n".join(text_lines), extracted=True)
    body = [ln for ln in lines if ln.body]
    authors = tuple(a.strip() for a in re.split(r";|,|\band\b", doc.author or "") if a.strip())
    return body, _assemble(
        raw,
        [(ln.text, None, None, L.paragraph_kind(ln)) for ln in body],
        title=title or meta.find_title(lines),
        outlet=(doc.sitename or "").strip() or meta.find_outlet(lines),
        published=meta.normalize_published(doc.date),
        authors=authors or meta.find_authors(lines),
        dropped=len(lines) - len(body),
    )


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)
