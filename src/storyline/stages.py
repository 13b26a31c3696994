"""The per-article stages of one batch — clean → analyze → embed — as pure functions of the
input plus read-only models.

A runner (``storyline.scale``) calls ``process``, or its two halves ``prepare`` and ``finish``,
wherever the batch runs; ``storyline.pipeline`` stores what comes back. Nothing here touches the
database, so the same functions run in this process, in a process pool or on a Dask worker.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from storyline.analyze.build import analyze_many
from storyline.clean import clean_parsed
from storyline.clean.article import CleanError
from storyline.cluster.embed import DIM, encode
from storyline.config import settings
from storyline.model import Analysis, CleanArticle, Failure, ProcessedArticle, RawArticle
from storyline.timing import timed

#: article id → (sentence, clause, quote) vectors of one article
Vectors = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass
class Prepared:
    """A batch after clean and analyze, before embedding: the two halves of ``process`` can run on
    different cores (see ``scale.LocalRunner``)."""

    slots: list[Failure | None]  # per input: its Failure, or None when it was cleaned
    cleaned: list[CleanArticle]
    analyses: list[Analysis | Failure]  # per cleaned article


def process(raws: Sequence[RawArticle]) -> list[ProcessedArticle | Failure]:
    """Clean, analyze and embed a batch; a failing article becomes a Failure, the others go on."""
    return finish(prepare(raws))


def prepare(raws: Sequence[RawArticle]) -> Prepared:
    out: list[Failure | None] = []
    ok: list[CleanArticle] = []
    docs: list[Doc | None] = []
    for raw in raws:
        try:
            with timed("clean"):
                art, doc = clean_parsed(raw)
            ok.append(art)
            docs.append(doc)
            out.append(None)
        except CleanError as exc:
            out.append(Failure(raw.source, str(exc)))
        except Exception as exc:  # a bug must not cost the rest of the batch; report it by file
            out.append(Failure(raw.source, f"internal error while cleaning ({type(exc).__name__}: {exc}); "
                                           "please report it with this file"))
    try:
        with timed("analyze"):
            analyses: list[Analysis | Failure] = list(analyze_many(ok, docs))
    except Exception:  # isolate the article that breaks the batch (parsing it afresh); the others still land
        analyses = []
        for art in ok:
            try:
                analyses.append(analyze_many([art])[0])
            except Exception as exc:
                analyses.append(Failure(art.raw.source, f"internal error while analyzing ({type(exc).__name__}: "
                                                        f"{exc}); please report it with this file"))
    return Prepared(out, ok, analyses)


def finish(batch: Prepared) -> list[ProcessedArticle | Failure]:
    """Embed a prepared batch and pair every input with its result, in input order."""
    vectors = embed_batch([(art, an) for art, an in zip(batch.cleaned, batch.analyses, strict=True)
                           if not isinstance(an, Failure)])
    results = iter(zip(batch.cleaned, batch.analyses, strict=True))
    final: list[ProcessedArticle | Failure] = []
    for item in batch.slots:
        if item is not None:
            final.append(item)
            continue
        art, analysis = next(results)
        if isinstance(analysis, Failure):
            final.append(analysis)
        else:
            sv, cv, qv = vectors.get(art.id, (None, None, None))
            final.append(ProcessedArticle(art, analysis, sv, cv, qv))
    return final


def embed_batch(items: Sequence[tuple[CleanArticle, Analysis]]) -> Vectors:
    """Every vector reconciliation will need, for a batch, in one encoder call:
    article id → (sentence, clause, quote) float32 arrays.

    A sentence's vector is the normalised mean of its clauses' (``analysis.clauses``; a sentence
    without a clause of three content words is encoded itself): clauses partition the sentence, so
    encoding both would pay for every token twice. Clause vector row n is clause n. Identical texts
    are encoded once.
    """
    if not settings().embed or not items:
        return {}
    texts: dict[str, int] = {}

    def slot(t: str) -> int:
        return texts.setdefault(t, len(texts))

    plans = []
    for art, an in items:
        clause_rows = [slot(art.body[c.start:c.end]) for c in an.clauses]
        by_sentence: dict[int, list[int]] = {}
        for c, row in zip(an.clauses, clause_rows, strict=True):
            by_sentence.setdefault(c.sentence, []).append(row)
        sents: list[tuple[list[int], int | None]] = []
        for s in an.sentences:
            cl = by_sentence.get(s.index, [])
            sents.append((cl, None if cl else slot(art.body[s.start:s.end])))
        plans.append((art.id, sents, clause_rows, [slot(q.text) for q in an.quotes]))
    with timed("encode"):
        vecs = encode(list(texts))
    out: Vectors = {}
    for aid, sents, clause_rows, quotes in plans:
        rows = []
        for cl, own in sents:
            v = vecs[own] if own is not None else vecs[cl].mean(axis=0)
            rows.append(v / (np.linalg.norm(v) or 1.0))
        out[aid] = (np.asarray(rows, dtype=np.float32).reshape(-1, DIM),
                    vecs[clause_rows].reshape(-1, DIM), vecs[quotes].reshape(-1, DIM))
    return out
