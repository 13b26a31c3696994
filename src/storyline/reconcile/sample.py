"""Which of a story's articles its findings are read from. Up to ``reconcile_max_articles``: all.
Beyond: each outlet's first and latest report (who said what first, and where each outlet ended
up), then reports spread evenly over the story's time (how its figures moved), so the corpus phase
costs no more for a story of thousands than at that size. Light: the dossier says what was read."""
from __future__ import annotations

from collections.abc import Sequence

from storyline.store import Store

#: (article id, outlet, published ISO time or None), in ingestion order
Stamp = tuple[str, str | None, str | None]


def read_set(stamps: Sequence[Stamp], cap: int) -> list[str]:
    """The ids of the articles to read, in the order given."""
    if cap <= 0 or len(stamps) <= cap:
        return [s[0] for s in stamps]
    # in time order (ISO times sort as strings; undated reports last, in ingestion order)
    order = sorted(range(len(stamps)), key=lambda i: (stamps[i][2] is None, stamps[i][2] or "", i))
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    for i in order:
        outlet = stamps[i][1] or ""
        first.setdefault(outlet, i)
        latest[outlet] = i
    keep: dict[int, None] = {}  # in the order chosen: every outlet's first report before any latest
    for i in [*first.values(), *latest.values()]:
        if len(keep) < cap:
            keep.setdefault(i)
    rest = [i for i in order if i not in keep]
    room = cap - len(keep)
    if room > 0 and rest:
        step = len(rest) / room
        keep.update(dict.fromkeys(rest[int(k * step)] for k in range(room)))
    return [s[0] for i, s in enumerate(stamps) if i in keep]


def read_ids(store: Store, story_id: str, cap: int) -> list[str]:
    """The ids of a story's articles its findings are read from, in ingestion order; the articles'
    stamps are read only when the story is larger than ``cap``."""
    ids = store.story_articles(story_id)
    return ids if cap <= 0 or len(ids) <= cap else read_set(store.article_stamps(ids), cap)
