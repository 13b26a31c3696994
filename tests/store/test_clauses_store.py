"""Clauses and claim measures are stored with the article, read back typed, aligned with their vectors."""
from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

from storyline.model import Clause, ProcessedArticle
from storyline.reconcile.story import load_article
from storyline.store import Store
from storyline.store import schema as S
from tests.support.processed import processed_with_random_vectors, table_rows

TEXT = ("Harbour Times\n\nFerry sinks off the coast\n\n"
        "At least 30 people were killed when the ferry sank on Friday, officials said, "
        "but rescuers pulled 2,000 passengers from the water by 7:16 in the morning.\n\n"
        "The U.S. Coast Guard sent two ships to the area.\n")


@pytest.fixture(scope="module")
def processed() -> ProcessedArticle:
    return processed_with_random_vectors(TEXT, "ferry.txt")


def test_clauses_round_trip_typed_and_reingest_changes_nothing(any_db_url, processed):
    store = Store(any_db_url)
    assert store.save(processed) == "ingested"
    back = store.clauses(processed.id)
    assert back == processed.analysis.clauses and all(isinstance(c, Clause) for c in back)
    body = processed.clean.body
    assert [body[c.start:c.end] for c in back] == [
        "At least 30 people were killed when the ferry sank on Friday",
        "officials said, but rescuers pulled 2,000 passengers from the water by 7:16 in the morning.",
        "The U.S. Coast Guard sent two ships to the area."]
    before = table_rows(store, S.clauses, S.claims)
    assert store.save(processed) == "unchanged"
    assert table_rows(store, S.clauses, S.claims) == before
    assert store.save(processed, replace=True) == "replaced"
    assert table_rows(store, S.clauses, S.claims) == before


def test_claim_measures_are_stored_from_the_parse(any_db_url, processed):
    store = Store(any_db_url)
    store.save(processed)
    claims = {c["value"]: c for c in store.get_article(processed.id)["claims"]}
    assert claims[30]["measure"] == "kill"
    stored = {(c.value, c.measure, c.measured, c.frame) for c in processed.analysis.claims}
    assert {(c["value"], c["measure"], c["measured"], c["frame"]) for c in claims.values()} == stored


def test_reconcile_pairs_stored_clauses_with_their_vector_rows(db_url, processed):
    store = Store(db_url)
    store.save(processed)
    art = load_article(store, processed.id)
    got = [c for s in art.sentences for c in s.clauses]
    assert [(c.start, c.end, c.has_verb) for c in got] == [(c.start, c.end, c.has_verb)
                                                            for c in processed.analysis.clauses]
    for n, c in enumerate(got):
        assert np.array_equal(c.vec, processed.clause_vectors[n])
        assert c.text == processed.clean.body[c.start:c.end]
    assert art.parsed


def test_a_v3_database_migrates_and_its_articles_are_cut_by_reconcile(db_url, processed):
    store = Store(db_url)
    store.save(processed)
    with store.engine.begin() as conn:  # back to what storyline wrote before clauses were stored
        conn.execute(text("DROP TABLE clauses"))
        for col in ("measure", "measured", "frame"):
            conn.execute(text(f"ALTER TABLE claims DROP COLUMN {col}"))
        conn.execute(text("UPDATE schema_version SET version = 3"))
        conn.execute(S.stories.insert().values(id="s1", summary="old prose — 1 article(s)", created_at="2025",
                                               size=1, reconciled_size=1))
    store.close()
    again = Store(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(S.schema_version.select()).scalar() == S.LATEST
        assert tuple(conn.execute(S.stories.select().with_only_columns(S.stories.c.summary,
                                                                       S.stories.c.reconciled_size))) == ((None, None),)
    assert again.pending()["stale"] == ["s1"]  # reconciled again at the next ingest
    assert again.clauses(processed.id) == ()
    art = load_article(again, processed.id)  # falls back to cutting the sentences itself
    assert not art.parsed
    assert [(c.start, c.end) for s in art.sentences for c in s.clauses] == [
        (c.start, c.end) for c in processed.analysis.clauses]


def test_clause_lemmas_are_stored_and_a_v7_database_lemmatises_in_reconcile(db_url, processed):
    from storyline.reconcile.agreements import lemmatise  # noqa: PLC0415

    store = Store(db_url)
    store.save(processed)
    stored = [c.lemmas for s in load_article(store, processed.id).sentences for c in s.clauses]
    assert stored == [c.lemmas for c in processed.analysis.clauses] and all(stored)
    assert "kill" in stored[0] and "ferry" in stored[0]
    with store.engine.begin() as conn:  # back to what storyline wrote before lemmas were stored
        conn.execute(text("ALTER TABLE clauses DROP COLUMN lemmas"))
        conn.execute(text(f"UPDATE schema_version SET version = {S.MIGRATIONS.index(S._v8_clause_lemmas)}"))
    store.close()
    again = Store(db_url)
    art = load_article(again, processed.id)
    assert all(c.lemmas is None for s in art.sentences for c in s.clauses)
    lemmatise([art])  # one parse of each clause text
    assert [c.lemmas for s in art.sentences for c in s.clauses] == stored
