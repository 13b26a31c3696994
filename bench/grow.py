"""Grow a storyline SQLite database to N articles by copying its real, analysed articles under new
ids (every table of an article, and each story as a parallel story of the copies).

For measuring how ingest behaves as the stored corpus grows without analysing N articles first:
the copies have the size, entities, vectors and story structure of real pipeline output.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

ARTICLE_TABLES = ("paragraphs", "sentences", "local_entities", "mentions", "quotes", "claims", "time_refs", "clauses",
                  "claim_nouns", "rebuttals", "vectors")


def _cols(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def _copy(con: sqlite3.Connection, table: str, sfx: str, where: str, remap: dict[str, str]) -> None:
    cols = _cols(con, table)
    sel = ", ".join(remap.get(c, f'"{c}"') for c in cols)
    con.execute(f'INSERT INTO {table} ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                f"SELECT {sel} FROM {table} WHERE {where}", {"sfx": sfx})


def grow(db: Path, target: int) -> int:
    """Copy the database's articles until it holds ``target``; returns how many it holds."""
    con = sqlite3.connect(db)
    base = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY seq, id")]
    max_seq = con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
    have, k = len(base), 0
    while have < target and base:
        k += 1
        sfx = f"~{k}"
        take = base[: target - have]
        con.execute("CREATE TEMP TABLE IF NOT EXISTS pick (id TEXT PRIMARY KEY)")
        con.execute("DELETE FROM pick")
        con.executemany("INSERT INTO pick VALUES (?)", [(i,) for i in take])
        in_pick = "article_id IN (SELECT id FROM pick)"
        _copy(con, "articles", sfx, "id IN (SELECT id FROM pick)",
              {"id": "id || :sfx", "source": "source || :sfx", "seq": f"seq + {k * (max_seq + 1)}"})
        for table in ARTICLE_TABLES:
            _copy(con, table, sfx, in_pick, {"article_id": "article_id || :sfx"})
        con.execute("INSERT INTO articles_fts(article_id, title, body) SELECT article_id || :sfx, title, body "
                    "FROM articles_fts WHERE article_id IN (SELECT id FROM pick)", {"sfx": sfx})
        stories = "id IN (SELECT story_id FROM story_articles WHERE article_id IN (SELECT id FROM pick))"
        _copy(con, "stories", sfx, stories, {"id": "id || :sfx"})
        _copy(con, "story_articles", sfx, in_pick, {"story_id": "story_id || :sfx", "article_id": "article_id || :sfx"})
        con.execute("UPDATE stories SET size = (SELECT count(*) FROM story_articles s WHERE s.story_id = stories.id), "
                    "reconciled_size = (SELECT count(*) FROM story_articles s WHERE s.story_id = stories.id) "
                    "WHERE id LIKE :pat", {"pat": f"%{sfx}"})
        have += len(take)
        con.commit()
    con.close()
    return have
