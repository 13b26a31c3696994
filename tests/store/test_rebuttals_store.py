"""Claim nouns and reported rebuttals are stored with the article, read back typed, and used by
reconcile without parsing again; articles stored before them are parsed by reconcile, with the
same disputes."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from storyline.model import ClaimNoun, ProcessedArticle, Rebuttal
from storyline.reconcile import disputes
from storyline.reconcile.story import load_article
from storyline.store import Store
from storyline.store import schema as S
from tests.support.processed import processed_with_random_vectors, table_rows

TEXT = ("Harbour Daily\n\nPier row deepens\n\n"
        "The Coastal Times published a report on Monday that the old pier had collapsed into the bay.\n\n"
        "The harbour authority denied the report on Tuesday, and its director said the story was false.\n\n"
        "The ferry company did not dispute the union's claims about safety.\n")


@pytest.fixture(scope="module")
def processed() -> ProcessedArticle:
    return processed_with_random_vectors(TEXT, "pier.txt")


def test_rebuttals_round_trip_typed_and_reingest_changes_nothing(any_db_url, processed):
    an = processed.analysis
    assert an.rebuttals, "the fixture reports a rebuttal"
    store = Store(any_db_url)
    assert store.save(processed) == "ingested"
    back = store.rebuttals(processed.id)
    assert back == (an.claim_nouns, an.rebuttals)
    assert back is not None and all(isinstance(n, ClaimNoun) for n in back[0])
    assert all(isinstance(r, Rebuttal) and isinstance(r.rebutter_keys, frozenset) for r in back[1])
    body = processed.clean.body
    assert [body[r.start:r.end] for r in back[1]] == ["denied", "was"]
    before = table_rows(store, S.claim_nouns, S.rebuttals)
    assert store.save(processed) == "unchanged"
    assert table_rows(store, S.claim_nouns, S.rebuttals) == before
    assert store.save(processed, replace=True) == "replaced"
    assert table_rows(store, S.claim_nouns, S.rebuttals) == before


def test_reconcile_reads_stored_rebuttals_and_an_older_article_is_parsed_with_the_same_disputes(
        db_url, processed, monkeypatch):
    store = Store(db_url)
    store.save(processed)
    art = load_article(store, processed.id)
    assert art.rebuttals == (processed.analysis.claim_nouns, processed.analysis.rebuttals)

    def no_parse(*args, **kwargs):
        raise AssertionError("reconcile parsed a stored article")

    with monkeypatch.context() as m:
        m.setattr(disputes, "parsed", no_parse)
        stored = disputes.disputes([art])
    assert stored and all(f.facts.reported for f in stored)
    claimants = {f.facts.claimant for f in stored}
    assert any("Coastal Times" in (c or "") for c in claimants)

    with store.engine.begin() as conn:  # back to what storyline wrote before rebuttals were stored
        conn.execute(text("DROP TABLE rebuttals"))
        conn.execute(text("DROP TABLE claim_nouns"))
        conn.execute(text("ALTER TABLE articles DROP COLUMN rebuttals_read"))
        conn.execute(text(f"UPDATE schema_version SET version = {S.MIGRATIONS.index(S._v6_rebuttals)}"))
    store.close()
    again = Store(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(S.schema_version.select()).scalar() == S.LATEST
    assert again.rebuttals(processed.id) is None
    old = load_article(again, processed.id)
    assert old.rebuttals is None
    disputes._REBUTTALS.clear()
    assert disputes.disputes([old]) == stored  # parsed here, one sentence at a time: the same disputes
