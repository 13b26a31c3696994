"""ingest → clean → analyze → store for a batch of inputs, with one transaction per article.

The per-article stages are pure functions of the input plus read-only models; this module only
sequences them and reports what happened, so every front end (CLI, API, Dask) shares it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from storyline.clean import clean
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


def analyze_batch(cleaned: Sequence[CleanArticle]) -> list[Analysis]:
    """Analysis of many articles with one nlp.pipe."""
    from storyline.analyze import analyze_many

    return analyze_many(cleaned)


def process(raws: Sequence[RawArticle]) -> list[Union[ProcessedArticle, Failure]]:
    """Clean and analyze a batch; a failing article becomes a Failure, the others go on."""
    out: list[Union[ProcessedArticle, Failure, None]] = []
    ok: list[CleanArticle] = []
    for raw in raws:
        try:
            ok.append(clean(raw))
            out.append(None)
        except CleanError as exc:
            out.append(Failure(raw.source, str(exc)))
        except Exception as exc:  # a bug must not cost the rest of the batch; report it by file
            out.append(Failure(raw.source, f"internal error while cleaning ({type(exc).__name__}: {exc}); "
                                           "please report it with this file"))
    try:
        analyses: list[Union[Analysis, Failure]] = list(analyze_batch(ok))
    except Exception:  # isolate the article that breaks the batch; the others still land
        analyses = []
        for art in ok:
            try:
                analyses.append(analyze_batch([art])[0])
            except Exception as exc:
                analyses.append(Failure(art.raw.source, f"internal error while analyzing ({type(exc).__name__}: "
                                                        f"{exc}); please report it with this file"))
    vectors = embed_batch([(art, an) for art, an in zip(ok, analyses) if not isinstance(an, Failure)])
    results = iter(zip(ok, analyses))
    final: list[Union[ProcessedArticle, Failure]] = []
    for item in out:
        if item is not None:
            final.append(item)
            continue
        art, analysis = next(results)
        if isinstance(analysis, Failure):
            final.append(analysis)
        else:
            final.append(ProcessedArticle(art, analysis, vectors.get(art.id)))
    return final


def embed_batch(items: Sequence[tuple[CleanArticle, Analysis]]) -> dict:
    """Sentence vectors for a batch in one encoder call: article id → (n_sentences × dim) array."""
    if not settings().embed or not items:
        return {}
    from storyline.cluster.embed import encode

    texts = [art.body[s.start:s.end] for art, an in items for s in an.sentences]
    vecs = encode(texts)
    out: dict = {}
    for art, an in items:
        n = len(an.sentences)
        out[art.id], vecs = vecs[:n], vecs[n:]
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

