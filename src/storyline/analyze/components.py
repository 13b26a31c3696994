"""storyline's spaCy components, registered with @Language.factory and writing Doc._ extensions."""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from storyline import nlp as nlp_mod
from storyline.analyze.clauses import cut_clauses
from storyline.analyze.coref import Coref
from storyline.analyze.entities import DocEntities
from storyline.analyze.marks import find_quote_spans
from storyline.analyze.numbers import extract_claims
from storyline.analyze.quotes import extract_quotes
from storyline.analyze.rebuttals import read_rebuttals
from storyline.analyze.timex import extract_time_refs

for _name, _default in (("published", None), ("entities", None), ("quotes", None), ("claims", None),
                        ("time_refs", None), ("coref", None), ("clauses", None),
                        ("rebuttals", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory("storyline_paragraph_breaks")
def make_paragraph_breaks(nlp: Language, name: str):
    """A sentence never runs across a paragraph break (the body is one paragraph per line)."""

    def paragraph_breaks(doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc

    return paragraph_breaks


@Language.factory("storyline_entities")
def make_entities(nlp: Language, name: str):
    def entities(doc: Doc) -> Doc:
        doc._.entities = DocEntities(doc)
        return doc

    return entities


@Language.factory("storyline_coref")
def make_coref(nlp: Language, name: str):
    """Pronouns resolved to the document's persons (``analyze.coref``), before quotes and claims use them."""

    def coref(doc: Doc) -> Doc:
        text = doc.text
        marks = find_quote_spans(text)
        doc._.coref = Coref(doc, doc._.entities, [(q.open, q.close) for q in marks], text=text, marks=marks)
        return doc

    return coref


@Language.factory("storyline_quotes")
def make_quotes(nlp: Language, name: str):
    def quotes(doc: Doc) -> Doc:
        coref = doc._.coref
        doc._.quotes = extract_quotes(doc, doc._.entities, *((coref.text, coref.marks) if coref else ()))
        return doc

    return quotes


@Language.factory("storyline_claims")
def make_claims(nlp: Language, name: str):
    def claims(doc: Doc) -> Doc:
        spans, speakers = [], {}
        for q in doc._.quotes or []:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                spans.append((span.start, span.end))
                speakers[(span.start, span.end)] = q.speaker_cluster
        doc._.claims = extract_claims(doc, doc._.entities, spans, speakers)
        return doc

    return claims


@Language.factory("storyline_time")
def make_time(nlp: Language, name: str):
    def time_refs(doc: Doc) -> Doc:
        doc._.time_refs = extract_time_refs(doc, doc._.published)
        return doc

    return time_refs


@Language.factory("storyline_clauses")
def make_clauses(nlp: Language, name: str):
    """Each sentence cut into clauses once, from the parse (``analyze.clauses``)."""

    def clauses(doc: Doc) -> Doc:
        doc._.clauses = cut_clauses(doc)
        return doc

    return clauses


@Language.factory("storyline_rebuttals")
def make_rebuttals(nlp: Language, name: str):
    """Claim nouns and the rebuttals reported of them, read once from the parse (``analyze.rebuttals``)."""

    def rebuttals(doc: Doc) -> Doc:
        doc._.rebuttals = read_rebuttals(doc)
        return doc

    return rebuttals


def add_to(nlp: Language) -> None:
    """Add storyline's components to a loaded English pipeline (idempotent)."""
    if "storyline_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("storyline_paragraph_breaks", before="parser")
    for name in ("storyline_entities", "storyline_coref", "storyline_quotes", "storyline_claims", "storyline_time",
                 "storyline_clauses", "storyline_rebuttals"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The process's spaCy pipeline (``nlp.load``) with storyline's components added, once."""
    nlp = nlp_mod.load()
    add_to(nlp)
    return nlp


def annotate(doc: Doc, published: str | None) -> Doc:
    """storyline's components on a Doc the model has already parsed (sentence starts included)."""
    doc._.published = published
    for name, component in pipeline().pipeline:
        if name.startswith("storyline_") and name != "storyline_paragraph_breaks":
            doc = component(doc)
    return doc
