"""The store on a real SQLite file: idempotent upserts, atomic articles, FTS5, WAL, migrations."""
from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from storyline import pipeline
from storyline.clean import clean
from storyline.ingest import content_id, iter_inputs
from storyline.model import Analysis, LinkRelation, ProcessedArticle, Quote, RawArticle, StoryLink
from storyline.store import Store, StoreError
from storyline.store import schema as S
from tests.support.gen import article_record

TEXT = ("Quay Post\n\nFerry service resumes after storm\n\n"
        "The island ferry resumed sailing on Friday after a storm closed the harbour for three days, "
        "the operator said.\n\n\"We are glad to be back,\" the captain, Rhea Lund, told passengers.\n\n"
        "© 2025 Quay Post\n")


def _processed(text: str = TEXT, quotes=()) -> ProcessedArticle:
    raw = RawArticle(id=content_id(text), source="ferry.txt", format="text", text=text, encoding="utf-8")
    return ProcessedArticle(clean(raw), Analysis(quotes=tuple(quotes)))


def test_save_is_idempotent_and_reprocess_replaces(any_db_url):
    store = Store(any_db_url)
    item = _processed()
    assert store.save(item) == "ingested"
    assert store.save(item) == "unchanged"
    assert store.count_articles() == 1
    assert store.save(item, replace=True) == "replaced"
    assert store.count_articles() == 1
    art = store.get_article(item.id)
    assert art["outlet"] == "Quay Post" and art["title"] == "Ferry service resumes after storm"
    assert len(art["paragraphs"]) == 2


def test_a_failing_article_leaves_no_rows(any_db_url):
    store = Store(any_db_url)
    bad = Quote(start=0, end=3, text=None, kind="direct", cue=None, speaker=None, speaker_cluster=None)  # type: ignore[arg-type]
    item = _processed(quotes=[bad])
    with pytest.raises(IntegrityError):  # a NULL in a NOT NULL column, part-way through the article
        store.save(item)
    assert store.count_articles() == 0
    with store.engine.connect() as conn:
        for table in S.ARTICLE_TABLES:
            assert conn.execute(table.select()).first() is None, table.name
    assert store.save(_processed()) == "ingested"


def test_wal_fts_and_schema_version(db_url, tmp_path):
    store = Store(db_url)
    store.save(_processed())
    store.close()
    con = sqlite3.connect(tmp_path / "test.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == S.LATEST
    con.close()
    store = Store(db_url)  # reopening migrates nothing and keeps the data
    hits = store.search("harbour storm")
    assert len(hits) == 1 and "[" in hits[0]["snippet"]
    assert store.search('"; DROP TABLE articles; --') == []
    assert store.count_articles() == 1


def test_prefix_lookup(any_db_url):
    store = Store(any_db_url)
    item = _processed()
    store.save(item)
    assert store.resolve_id(item.id[:6]) == item.id
    assert store.resolve_id("zzzz") is None
    other = _processed(TEXT.replace("Friday", "Sunday"))
    store.save(other)
    common = next(i for i in range(16) if item.id[i] != other.id[i])
    if common:
        with pytest.raises(StoreError, match="ambiguous"):
            store.resolve_id(item.id[:common])


def test_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot"):
        Store("nosuchdb://x")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_model_objects_are_frozen():
    item = _processed()
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.clean.title = "x"  # type: ignore[misc]


def test_full_text_search_on_both_databases(any_db_url):
    store = Store(any_db_url)
    store.save(_processed())
    hits = store.search("harbour storm")
    assert len(hits) == 1 and "[" in hits[0]["snippet"]
    assert store.search("'; DROP TABLE articles; --") == [] and store.count_articles() == 1
    assert store.search("nothing-like-this") == []


def test_reopening_migrates_nothing(any_db_url):
    Store(any_db_url).save(_processed())
    again = Store(any_db_url)
    with again.engine.connect() as conn:
        assert conn.execute(S.schema_version.select()).scalar() == S.LATEST
    assert again.count_articles() == 1


def test_a_merged_story_hands_its_articles_to_the_kept_one_and_leaves_nothing_behind(db_url):
    """``write_stories(merged=…)``: the story merged away loses its row and links, its articles move,
    in the one transaction that writes the kept story."""
    store = Store(db_url)
    try:
        one, two, three = (_processed(TEXT.replace("Friday", day)) for day in ("Friday", "Saturday", "Sunday"))
        for art in (one, two, three):
            store.save(art)
        rows = [dict(id=i, vector=None, size=1, keys="{}", first_date=None, last_date=None) for i in ("sa", "sb", "sc")]
        link = StoryLink("sb", "sc", LinkRelation.PARALLEL, 0.4, 0, ())
        store.write_stories(rows, [("sa", one.id), ("sb", two.id), ("sc", three.id)], clear=False, links=[link],
                            linked=["sb", "sc"])
        store.write_stories([dict(id="sa", vector=None, size=2, keys="{}", first_date=None, last_date=None)], [],
                            clear=False, merged=[("sb", "sa")])
        stories = {s["id"]: sorted(s["articles"]) for s in store.stories()}
        assert stories == {"sa": sorted([one.id, two.id]), "sc": [three.id]}
        assert store.all_story_links() == []
    finally:
        store.close()


def test_opening_a_database_twice_in_one_process_keeps_its_locks(tmp_path):
    """A second Store on a database this process has open (the API beside the CLI's, a test beside
    a fixture) must not drop the first one's locks: closing any descriptor of the file does, and
    then another process closing its last connection deletes the write-ahead log under the first
    ("disk I/O error")."""
    db = tmp_path / "twice.db"
    first = Store(f"sqlite:///{db}")
    assert first.count_articles() == 0  # a connection kept open by the pool
    Store(f"sqlite:///{db}")  # checks the file is a database before SQLite opens it
    other = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM articles');"
             " c.close()")
    subprocess.run([sys.executable, "-c", other, str(db)], check=True)
    assert (tmp_path / "twice.db-wal").exists(), "another process took this one's database as closed"
    assert first.count_articles() == 0


def test_many_articles_read_together_keep_each_articles_own_rows(any_db_url, tmp_path):
    """A story's findings read its articles together (a few queries for hundreds of articles; the
    one-article reads are the same code): each article keeps its own rows, in order, as many as the
    tables hold for it, on both databases; an unknown id is simply absent."""
    records = [article_record(outlet, stamp, "Ferry capsizes off Orsk", [
        f"At least {n} people were killed when the ferry Kestrel capsized off Orsk harbour, the coastguard said.",
        f"\"We are still searching,\" the harbour master, Petra Lund, told {outlet} on Tuesday.",
        "The ferry company denied the claims that the ferry was overloaded."])
        for outlet, stamp, n in (("Orsk Herald", "2031-03-04T08:10:00+01:00", 5),
                                 ("Coast Wire", "2031-03-04T13:05:00+01:00", 7))]
    (tmp_path / "in.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    store = Store(any_db_url)
    assert pipeline.ingest(iter_inputs([str(tmp_path / "in.jsonl")], 10**7), store).ingested == 2
    ids = [*store.article_ids(), "0" * 16]
    together = store.get_articles(ids)
    assert set(together) == set(ids[:2])
    vectors, clauses, rebuttals = store.unit_vectors_of(ids), store.clauses_of(ids), store.rebuttals_of(ids)
    toll = {"Orsk Herald": 5, "Coast Wire": 7}
    with store.engine.connect() as conn:
        for aid in ids[:2]:
            art = together[aid]
            assert art == store.get_articles([aid])[aid], "read with another article, read alone: the same"
            assert toll[art["outlet"]] in {c["value"] for c in art["claims"]}
            assert art["quotes"]
            for table in S.ARTICLE_ROWS:
                stored = conn.execute(select(func.count()).select_from(table)
                                      .where(table.c.article_id == aid)).scalar()
                assert len(art[table.name]) == stored and [r["idx"] for r in art[table.name]] == sorted(
                    r["idx"] for r in art[table.name])
            assert len(vectors[aid]["sentences"]) == len(art["sentences"]) > 0
            assert clauses[aid] and list(clauses[aid]) == sorted(clauses[aid], key=lambda c: c.start)
            assert all(art["body"][c.start:c.end] for c in clauses[aid])
            assert rebuttals[aid] is not None
    assert rebuttals["0" * 16] is None and clauses["0" * 16] == () and "0" * 16 not in together
    assert [a["id"] for a in store.iter_articles()] == ids[:2]
    store.close()
