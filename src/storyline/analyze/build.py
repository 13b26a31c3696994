"""Run the pipeline over many articles with nlp.pipe and turn each Doc into an Analysis."""
from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from storyline.analyze import components
from storyline.model import Analysis, CleanArticle, LocalEntity, Mention, Sentence


def to_analysis(doc: Doc, paragraph_starts: Sequence[int]) -> Analysis:
    sentences: list[Sentence] = []
    for s in doc.sents:
        text = s.text
        lead = len(text) - len(text.lstrip())
        start = s.start_char + lead
        end = start + len(text.strip())
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, bisect_right(paragraph_starts, start) - 1))
    starts = [s.start for s in sentences]

    def sent_of(char: int) -> int:
        return max(0, bisect_right(starts, char) - 1)

    ents = doc._.entities
    local = tuple(LocalEntity(c.index, c.name, c.type, tuple(c.aliases)) for c in ents.clusters)
    mentions = tuple(Mention(m.start, m.end, m.text, m.label, m.cluster) for m in ents.mentions)
    nouns, rebuttals = doc._.rebuttals or ((), ())
    return Analysis(
        sentences=tuple(sentences),
        mentions=mentions,
        local_entities=local,
        quotes=tuple(dataclasses.replace(q, sentence=sent_of(q.start)) for q in doc._.quotes),
        claims=tuple(dataclasses.replace(c, sentence=sent_of(c.start)) for c in doc._.claims),
        time_refs=tuple(dataclasses.replace(t, sentence=sent_of(t.start)) for t in doc._.time_refs),
        clauses=tuple(dataclasses.replace(c, sentence=sent_of(c.start)) for c in doc._.clauses or ()),
        claim_nouns=tuple(dataclasses.replace(c, sentence=sent_of(c.at)) for c in nouns),
        rebuttals=tuple(dataclasses.replace(r, sentence=sent_of(r.start)) for r in rebuttals),
    )


def _docs(cleaned: Iterable[CleanArticle]) -> Iterable[Doc]:
    nlp = components.pipeline()
    for art in cleaned:
        doc = nlp.make_doc(art.body)
        doc._.published = art.published
        yield doc


def analyze_many(cleaned: Sequence[CleanArticle], docs: Sequence[Doc | None] | None = None,
                 batch_size: int = 32) -> list[Analysis]:
    """Analyses of many articles. ``docs`` are the bodies as cleaning already parsed them: only
    storyline's components run on those; the rest go through one nlp.pipe of the whole pipeline."""
    nlp = components.pipeline()
    given: list[Doc | None] = list(docs) if docs is not None else [None] * len(cleaned)
    todo = [i for i, d in enumerate(given) if d is None]
    parsed = dict(zip(todo, nlp.pipe(_docs([cleaned[i] for i in todo]), batch_size=batch_size), strict=True))
    out = []
    for i, (art, doc) in enumerate(zip(cleaned, given, strict=True)):
        done = parsed[i] if doc is None else components.annotate(doc, art.published)
        out.append(to_analysis(done, [p.start for p in art.paragraphs]))
    return out
