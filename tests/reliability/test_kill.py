"""SIGKILL during `storyline ingest` (1,000 articles) and `storyline recluster`: rerun, nothing lost,
nothing twice, no orphans, stories consistent."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from storyline.ingest import content_id
from storyline.store import Store
from storyline.store import schema as S
from tests.conftest import ROOT
from tests.support.gen import short_articles, write_jsonl

pytestmark = pytest.mark.slow

KILL_ARTICLES = 400


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "storyline.present.cli", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the process after ``seconds`` unless it ended; True if it was killed."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def _count(db_path) -> int:
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _kill_at(proc: subprocess.Popen, db_path, target: int, extra: float = 0.0) -> bool:
    """SIGKILL once ``target`` articles are stored (plus ``extra`` seconds); True if it was killed."""
    while _count(db_path) < target:
        if proc.poll() is not None:
            return False
        time.sleep(0.1)
    return _kill_after(proc, extra)


def check_consistent(url: str, expected: set[str], settled: bool = True) -> None:
    """``settled``: the last run finished, so every story's findings are current too (after an
    interruption they may lag until the next run recomputes them — never half-written)."""
    store = Store(url)
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(S.articles.c.id))]
        assert len(ids) == len(set(ids)) and set(ids) == expected  # every article exactly once
        for table in (S.paragraphs, S.sentences, S.vectors):
            have = {r[0] for r in conn.execute(select(table.c.article_id).distinct())}
            assert have == expected, f"articles without {table.name}"
        for table in S.ARTICLE_TABLES + (S.story_articles, S.finding_evidence):
            orphans = conn.execute(select(func.count()).select_from(table)
                                   .where(~table.c.article_id.in_(select(S.articles.c.id)))).scalar_one()
            assert orphans == 0, f"{table.name} rows without their article"
        members = [r[0] for r in conn.execute(select(S.story_articles.c.article_id))]
        assert sorted(members) == sorted(expected)  # every article in exactly one story
        for sid, size, rsize in conn.execute(select(S.stories.c.id, S.stories.c.size, S.stories.c.reconciled_size)):
            n = conn.execute(select(func.count()).select_from(S.story_articles)
                             .where(S.story_articles.c.story_id == sid)).scalar_one()
            assert n == size and (rsize == size or (not settled and rsize is None)), (sid, n, size, rsize)
        dangling = conn.execute(select(func.count()).select_from(S.findings)
                                .where(~S.findings.c.story_id.in_(select(S.stories.c.id)))).scalar_one()
        assert dangling == 0
        unlinked = conn.execute(select(func.count()).select_from(S.local_entities)
                                .where(S.local_entities.c.entity_id.is_(None))).scalar_one()
        assert unlinked == 0
    store.close()


def test_sigkill_during_ingest_and_recluster(tmp_path):
    # 400 articles: enough for three kills at random counts and one in the corpus phase; the phase of
    # a bigger run (stories of hundreds of these short articles) only made the test slower (issue 29)
    records = short_articles(KILL_ARTICLES)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    expected = {content_id(r["text"]) for r in records}
    db_path = tmp_path / "kill.db"
    url = f"sqlite:///{db_path}"
    # random points of the run: three while articles are being stored (at random counts, in order),
    # one during the corpus-wide phase that follows the last article
    targets = sorted(random.Random(seed).randint(KILL_ARTICLES // 20, KILL_ARTICLES * 19 // 20) for seed in (11, 22, 33))
    killed = 0
    for target in targets:
        proc = _start("ingest", str(corpus), "-q", "-p", "1", "--db", url)
        killed += _kill_at(proc, db_path, target, extra=random.Random(target).uniform(0, 0.5))
    proc = _start("ingest", str(corpus), "-q", "-p", "1", "--db", url)
    killed += _kill_at(proc, db_path, len(records), extra=random.Random(7).uniform(0.2, 2.0))
    assert killed >= 3, "the ingest ended before it could be interrupted"
    final = _start("ingest", str(corpus), "-q", "-p", "1", "--db", url)
    assert final.wait(timeout=1200) == 0, final.stderr.read().decode()[-2000:]
    check_consistent(url, expected)
    before = sorted(sorted(s["articles"]) for s in Store(url).stories())

    proc = _start("recluster", "--db", url)
    _kill_after(proc, random.Random(5).uniform(3, 8))
    check_consistent(url, expected, settled=False)  # stories whole: the old ones, or the new ones
    done = _start("recluster", "--db", url)
    assert done.wait(timeout=1200) == 0, done.stderr.read().decode()[-2000:]
    check_consistent(url, expected)
    assert sorted(sorted(s["articles"]) for s in Store(url).stories()) == before
