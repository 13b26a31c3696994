"""ingest → clean → analyze → store for a batch of inputs, with one transaction per article.

The per-article stages (``storyline.stages``) are pure functions of the input plus read-only
models, run wherever a runner (``storyline.scale``) puts them; this module only sequences them,
stores what they return and reports what happened, so every front end (CLI, API, Dask) shares it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from storyline.cluster import assign_articles, recluster
from storyline.config import settings
from storyline.link import link_store
from storyline.model import Failure, RawArticle
from storyline.reconcile.story import reconcile_story
from storyline.scale import LocalRunner
from storyline.store import Store
from storyline.timing import timed

Event = Callable[[str, str], None]  # (status, source) → None: progress hook for front ends


@dataclass
class Summary:
    ingested: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _batches(items: Iterable[RawArticle | Failure], size: int) -> Iterator[list[RawArticle | Failure]]:
    batch: list[RawArticle | Failure] = []
    for item in items:
        batch.append(item)
        if sum(isinstance(x, RawArticle) for x in batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(items: Iterable[RawArticle | Failure], store: Store, *, replace: bool = False,
           batch_size: int = 32, on_event: Event | None = None, runner=None) -> Summary:
    """Process and store every input; failures are collected, never fatal to the batch.

    ``runner`` (see ``storyline.scale``) decides where batches are processed; results come back in
    input order and are stored here, one transaction per article.
    """
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
            with timed("store"):
                status = store.save(result, replace=replace)
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
    """Assign stories, link entities (the story is part of an entity's context) and reconcile what
    needs it — including what an interrupted run left undone (articles in no story, unlinked
    entities, stale findings), so a rerun repairs it."""
    todo = store.pending()
    touched: set[str] = set()
    embed = settings().embed
    if embed:
        threshold = settings().story_threshold
        with timed("assign"):
            touched = recluster(store, threshold) if rebuild else assign_articles(store, todo["unassigned"], threshold)
    with timed("link"):
        if rebuild:
            relink(store)
        elif todo["unlinked"]:
            link_store(store)
    if embed:
        with timed("reconcile"):
            reconcile_stories(store, touched | set(store.pending()["stale"]))


def relink(store: Store) -> int:
    """Link every stored entity again from scratch (after articles were replaced); returns how many."""
    store.clear_entities()
    return link_store(store)


def rebuild_stories(store: Store) -> set[str]:
    """`recluster`: forget every story, assign all articles again in ingestion order, reconcile."""
    with store.corpus_lock():
        touched = recluster(store, settings().story_threshold)
        reconcile_stories(store, touched | set(store.pending()["stale"]))
    return touched


def reconcile_stories(store: Store, story_ids: Iterable[str]) -> None:
    for sid in sorted(story_ids):
        reconcile_story(store, sid)

