"""Which of a story's articles its findings are read from (``reconcile.sample``)."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from storyline.present import dossier as D
from storyline.reconcile.sample import read_set
from storyline.reconcile.story import reconcile_story
from storyline.store import Store


def _stamps(n: int, outlets: int) -> list[tuple[str, str | None, str | None]]:
    return [(f"a{i}", f"outlet{i % outlets}", f"2031-03-{1 + i // 48:02d}T{(i // 2) % 24:02d}:{i % 60:02d}")
            for i in range(n)]


def test_a_story_up_to_the_cap_is_read_whole():
    stamps = _stamps(30, 4)
    assert read_set(stamps, 30) == [s[0] for s in stamps]
    assert read_set(stamps, 0) == [s[0] for s in stamps]  # 0: no cap


def test_a_story_over_the_cap_keeps_each_outlets_first_and_latest_and_spreads_the_rest():
    stamps = _stamps(1000, 7) + [("undated", "outlet99", None)]
    chosen = read_set(stamps, 100)
    assert len(chosen) == 100 and len(set(chosen)) == 100
    assert chosen == [s[0] for s in stamps if s[0] in set(chosen)], "in the order given"
    by_outlet: dict[str, list[tuple[str, str]]] = {}
    for aid, outlet, published in stamps:
        if published:
            by_outlet.setdefault(outlet or "", []).append((published, aid))
    for outlet, rows in by_outlet.items():
        rows.sort()
        assert rows[0][1] in chosen and rows[-1][1] in chosen, outlet
    assert "undated" in chosen  # the one report of its outlet
    days = {s[2][:10] for s in stamps if s[0] in set(chosen) and s[2]}
    assert len(days) == len({s[2][:10] for s in stamps if s[2]}), "every day of the story is read"


def test_a_story_over_the_cap_is_reconciled_from_its_read_set_and_the_dossier_says_so(
        example_store, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    with closing(sqlite3.connect(example_store.engine.url.database)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)  # with what the write-ahead log holds
    store = Store(f"sqlite:///{copy}")
    sid = D.largest_story(store) or ""
    every = store.story_articles(sid)
    assert len(every) == 5
    monkeypatch.setenv("STORYLINE_RECONCILE_MAX_ARTICLES", "3")
    reconcile_story(store, sid)
    read = read_set(store.article_stamps(every), 3)
    assert len(read) == 3
    assert {e.article for f in store.findings(sid) for e in f.evidence} <= set(read)
    assert D.build(store, sid)["story"]["read_note"].startswith("Findings read from 3 of 5 articles")
    monkeypatch.delenv("STORYLINE_RECONCILE_MAX_ARTICLES")
    assert D.build(store, sid)["story"]["read_note"] is None
