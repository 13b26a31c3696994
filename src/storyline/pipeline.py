"""ingest → clean → analyze → store for a batch of inputs, with one transaction per article.

The per-article stages are pure functions of the input plus read-only models; this module only
sequences them and reports what happened, so every front end (CLI, API, Dask) shares it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from storyline.clean import clean_parsed
from storyline.config import settings
from storyline.clean.article import CleanError
from storyline.model import Analysis, CleanArticle, Failure, ProcessedArticle, RawArticle
from storyline.store import Store

Event = Callable[[str, str], None]  # (status, source) → None: progress hook for front ends


@dataclass
class Summary:
    ingested: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def analyze_batch(cleaned: Sequence[CleanArticle], docs=None) -> list[Analysis]:
    """Analysis of many articles (``docs``: their bodies as cleaning parsed them)."""
    from storyline.analyze import analyze_many

    return analyze_many(cleaned, docs)


@dataclass
class Prepared:
    """A batch after clean and analyze, before embedding: the two halves of ``process`` can run on
    different cores (see ``scale.LocalRunner``)."""

    slots: list[Optional[Failure]]  # per input: its Failure, or None when it was cleaned
    cleaned: list[CleanArticle]
    analyses: list[Union[Analysis, Failure]]  # per cleaned article


def process(raws: Sequence[RawArticle]) -> list[Union[ProcessedArticle, Failure]]:
    """Clean, analyze and embed a batch; a failing article becomes a Failure, the others go on."""
    return finish(prepare(raws))


def prepare(raws: Sequence[RawArticle]) -> Prepared:
    out: list[Union[ProcessedArticle, Failure, None]] = []
    ok: list[CleanArticle] = []
    docs = []
    for raw in raws:
        try:
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
        analyses: list[Union[Analysis, Failure]] = list(analyze_batch(ok, docs))
    except Exception:  # isolate the article that breaks the batch (parsing it afresh); the others still land
        analyses = []
        for art in ok:
            try:
                analyses.append(analyze_batch([art])[0])
            except Exception as exc:
                analyses.append(Failure(art.raw.source, f"internal error while analyzing ({type(exc).__name__}: "
                                                        f"{exc}); please report it with this file"))
    return Prepared(out, ok, analyses)


def finish(batch: Prepared) -> list[Union[ProcessedArticle, Failure]]:
    """Embed a prepared batch and pair every input with its result, in input order."""
    vectors = embed_batch([(art, an) for art, an in zip(batch.cleaned, batch.analyses)
                           if not isinstance(an, Failure)])
    results = iter(zip(batch.cleaned, batch.analyses))
    final: list[Union[ProcessedArticle, Failure]] = []
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


def embed_batch(items: Sequence[tuple[CleanArticle, Analysis]]) -> dict:
    """Every vector reconciliation will need, for a batch, in one encoder call:
    article id → (sentence, clause, quote) float32 arrays.

    A sentence's vector is the normalised mean of its clauses' (a sentence without a clause of
    three content words is encoded itself): clauses partition the sentence, so encoding both would
    pay for every token twice. Identical texts are encoded once.
    """
    if not settings().embed or not items:
        return {}
    import numpy as np

    from storyline.cluster.embed import DIM, encode
    from storyline.reconcile.findings import clause_spans

    texts: dict[str, int] = {}

    def slot(t: str) -> int:
        return texts.setdefault(t, len(texts))

    plans = []
    for art, an in items:
        sents = []
        for s in an.sentences:
            text = art.body[s.start:s.end]
            cl = [slot(c.text) for c in clause_spans(text, s.start)]
            sents.append((cl, None if cl else slot(text)))
        plans.append((art.id, sents, [slot(q.text) for q in an.quotes]))
    vecs = encode(list(texts))
    out: dict = {}
    for aid, sents, quotes in plans:
        rows = []
        for cl, own in sents:
            v = vecs[own] if own is not None else vecs[cl].mean(axis=0)
            rows.append(v / (np.linalg.norm(v) or 1.0))
        clause_rows = [i for cl, _ in sents for i in cl]
        out[aid] = (np.asarray(rows, dtype=np.float32).reshape(-1, DIM),
                    vecs[clause_rows].reshape(-1, DIM), vecs[quotes].reshape(-1, DIM))
    return out


def _batches(items: Iterable[Union[RawArticle, Failure]], size: int) -> Iterator[list[Union[RawArticle, Failure]]]:
    batch: list[Union[RawArticle, Failure]] = []
    for item in items:
        batch.append(item)
        if sum(isinstance(x, RawArticle) for x in batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(items: Iterable[Union[RawArticle, Failure]], store: Store, *, replace: bool = False,
           batch_size: int = 32, on_event: Optional[Event] = None, runner=None) -> Summary:
    """Process and store every input; failures are collected, never fatal to the batch.

    ``runner`` (see ``storyline.scale``) decides where batches are processed; results come back in
    input order and are stored here, one transaction per article.
    """
    from storyline.scale import LocalRunner

    runner = runner or LocalRunner()
    summary = Summary()
    emit = on_event or (lambda status, source: None)
    seen: set[str] = set()

    def todo_batches() -> Iterator[list[RawArticle]]:
        for batch in _batches(items, batch_size):
            todo: list[RawArticle] = []
            for item in batch:
                if isinstance(item, Failure):
                    summary.failed.append(item)
                    emit("failed", item.source)
                elif item.id in seen or (not replace and store.has_article(item.id)):
                    summary.unchanged += 1
                    summary.article_ids.append(item.id)
                    emit("unchanged", item.source)
                else:
                    seen.add(item.id)
                    todo.append(item)
            if todo:
                yield todo

    for results in runner.map(todo_batches()):
        for result in results:
            if isinstance(result, Failure):
                summary.failed.append(result)
                emit("failed", result.source)
                continue
            status = store.save(result, replace=replace)
            summary.article_ids.append(result.id)
            if status == "ingested":
                summary.ingested += 1
            elif status == "replaced":
                summary.replaced += 1
            else:
                summary.unchanged += 1
            emit(status, result.clean.raw.source)
    with store.corpus_lock():
        corpus_phase(store, rebuild=bool(summary.replaced))
    return summary


def corpus_phase(store: Store, rebuild: bool = False) -> None:
    """Link entities, assign stories and reconcile what needs it — including what an interrupted
    run left undone (articles in no story, unlinked entities, stale findings), so a rerun repairs it."""
    todo = store.pending()
    if rebuild or todo["unlinked"] or todo["unassigned"]:
        relink(store)
    if not settings().embed:
        return
    from storyline.cluster import assign_articles, recluster

    threshold = settings().story_threshold
    touched = recluster(store, threshold) if rebuild else assign_articles(store, todo["unassigned"], threshold)
    reconcile_stories(store, touched | set(store.pending()["stale"]))


def relink(store: Store) -> int:
    """Recompute cross-document entities from the stored in-article ones; returns how many."""
    from storyline.link import link_entities

    linked = link_entities(store.local_entities())
    store.replace_entities(linked)
    return len(linked)


def rebuild_stories(store: Store) -> set[str]:
    """`recluster`: forget every story, assign all articles again in ingestion order, reconcile."""
    from storyline.cluster import recluster

    with store.corpus_lock():
        touched = recluster(store, settings().story_threshold)
        reconcile_stories(store, touched | set(store.pending()["stale"]))
    return touched


def reconcile_stories(store: Store, story_ids) -> None:
    from storyline.reconcile import reconcile_story

    for sid in sorted(story_ids):
        reconcile_story(store, sid)

