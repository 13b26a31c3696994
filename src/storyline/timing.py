"""Where ingest time goes: wall seconds spent in each stage, summed over this process's threads.

The stages time themselves (``with timed("analyze"): …``); ``bench/run.py`` resets the totals
before a run and prints them after it. Stages on different threads overlap (the encoder runs on
its own thread beside the parser), so the totals can add up to more than the run's wall time.
``clean``'s total includes the ``parse`` it calls. A process pool's workers keep their own totals:
the breakdown is for an in-process run.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: The stages, in the order of the flow (DESIGN.md): the per-article ones, then the corpus phase.
STAGES = ("parse", "clean", "analyze", "encode", "store", "assign", "link", "reconcile")
#: What each stage covers, for the bench's table.
COVERS = {
    "parse": "the model's own pipeline, each line once (inside clean)",
    "clean": "the lines read and classified as text or furniture, the body assembled",
    "analyze": "storyline's spaCy components on the kept parse (quotes, numbers, times, clauses)",
    "encode": "sentence encoder (clauses, sentences without one, quotes)",
    "store": "one transaction per article",
    "assign": "story assignment and story links",
    "link": "entity linking",
    "reconcile": "findings of the stories touched",
}

_lock = threading.Lock()
_totals: dict[str, float] = dict.fromkeys(STAGES, 0.0)


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Add the wall time of the block to ``stage``'s total."""
    start = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - start
        with _lock:
            _totals[stage] = _totals.get(stage, 0.0) + spent


def reset() -> None:
    with _lock:
        for k in list(_totals):
            _totals[k] = 0.0


def totals() -> dict[str, float]:
    """Seconds per stage since the last ``reset``, in ``STAGES`` order."""
    with _lock:
        return dict(_totals)
