"""One invented article run through clean and analyze, with made-up vectors of the right shapes:
for store tests, where the encoder is not what is tested."""
from __future__ import annotations

import numpy as np
import pytest

from storyline.ingest import content_id
from storyline.model import ProcessedArticle, RawArticle
from storyline.stages import process

#: the encoder's vector width (all-MiniLM-L6-v2)
DIM = 384


def processed_with_random_vectors(text: str, source: str) -> ProcessedArticle:
    raw = RawArticle(id=content_id(text), source=source, format="text", text=text, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("STORYLINE_EMBED", "0")
    try:
        item = process([raw])[0]
    finally:
        mp.undo()
    assert isinstance(item, ProcessedArticle)
    an = item.analysis
    rng = np.random.default_rng(0)
    return ProcessedArticle(item.clean, an, rng.random((len(an.sentences), DIM), dtype=np.float32),
                            rng.random((len(an.clauses), DIM), dtype=np.float32),
                            rng.random((len(an.quotes), DIM), dtype=np.float32))


def table_rows(store, *tables) -> list[list[tuple]]:
    """Every row of each table, in (article, index) order: to see that a re-ingest changed nothing."""
    with store.engine.connect() as conn:
        return [[tuple(r) for r in conn.execute(t.select().order_by(t.c.article_id, t.c.idx))] for t in tables]
