"""Tables for the whole data model of DESIGN.md, and the migrations that create them.

Every derived row carries its ``article_id`` and the character span (``start``/``end`` into the
article's clean ``body``) of its evidence. Migrations are numbered functions applied in order and
recorded in ``schema_version`` (an equivalent of alembic that needs no separate config to ship).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

metadata = MetaData()


def _art_fk() -> Column:
    return Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


def _span() -> list[Column]:
    return [Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)]


schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("encoding", String(32), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(32)),
    Column("published_from", String(8)),  # model.PublishedFrom; NULL: unknown, or stored before v7
    Column("authors", Text, nullable=False, default="[]"),  # JSON list
    Column("raw_text", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("dropped_lines", Integer, nullable=False, default=0),
    Column("ingested_at", String(32), nullable=False),
    Column("seq", Integer, nullable=False, default=0),  # insertion order: what `recluster` replays
    # its claim nouns and rebuttals were read at analyze time (v6; NULL: stored before, reconcile parses)
    Column("rebuttals_read", Boolean),
)

paragraphs = Table(
    "paragraphs", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("raw_start", Integer), Column("raw_end", Integer),
    # model.ParagraphKind: only "text" paragraphs are evidence for findings
    Column("kind", String(16), nullable=False, server_default="text"),
    Column("line_hash", String(16)),  # of the paragraph's normalised text: boilerplate repeated by an outlet
)

sentences = Table(
    "sentences", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("paragraph", Integer, nullable=False),
)

entities = Table(  # cross-document identities (filled by link)
    "entities", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of surface forms
)

entity_keys = Table(  # the linking index: blocking keys (surname, name, acronym …) → corpus entity
    "entity_keys", metadata,
    Column("key", Text, primary_key=True),
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
)

local_entities = Table(  # one entity as resolved inside one article
    "local_entities", metadata, _art_fk(), Column("idx", Integer, primary_key=True),
    Column("name", Text, nullable=False), Column("type", String(16), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="SET NULL")),
)

mentions = Table(
    "mentions", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("text", Text, nullable=False), Column("label", String(16), nullable=False),
    Column("local_entity", Integer),
)

quotes = Table(
    "quotes", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("text", Text, nullable=False), Column("kind", String(16), nullable=False),
    Column("cue", Text), Column("speaker", Text), Column("speaker_local", Integer),
    Column("speaker_start", Integer), Column("speaker_end", Integer), Column("sentence", Integer),
)

claims = Table(
    "claims", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("text", Text, nullable=False), Column("value", Float, nullable=False),
    Column("unit", Text), Column("qualifier", Text), Column("counted", Text),
    Column("claimant", Text), Column("claimant_local", Integer), Column("sentence", Integer),
    # what the figure is of, read from the parse at analyze time (model.Claim; v4)
    Column("measure", Text), Column("measured", Text), Column("frame", Text),
)

clauses = Table(  # the clauses of each sentence (analyze.clauses, v4): row idx n is clause vector row n
    "clauses", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("sentence", Integer, nullable=False), Column("has_verb", Boolean, nullable=False),
    Column("lemmas", Text),  # content-word lemmas, space-joined (v8; NULL for clauses stored before)
)

claim_nouns = Table(  # nouns that name a claim and their owners (analyze.rebuttals, v6)
    "claim_nouns", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("at", Integer, nullable=False), Column("sentence", Integer, nullable=False),
    Column("owner", Text), Column("owner_keys", Text, nullable=False, default="[]"),  # JSON list
    Column("definite", Boolean, nullable=False),
)

rebuttals = Table(  # reported rebuttals (analyze.rebuttals, v6); claim = claim_nouns.idx of the article
    "rebuttals", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("sentence", Integer, nullable=False), Column("rebutter", Text, nullable=False),
    Column("rebutter_keys", Text, nullable=False, default="[]"),  # JSON list
    Column("claim", Integer, nullable=False),
)

time_refs = Table(
    "time_refs", metadata, _art_fk(), Column("idx", Integer, primary_key=True), *_span(),
    Column("text", Text, nullable=False), Column("resolved", String(32)),
    Column("precision", String(16), nullable=False), Column("weekday", String(16)), Column("sentence", Integer),
    Column("event", Text),
)

vectors = Table(  # sentence vectors (idx = sentence index), the article vector (-1), packed clause (-2) and quote (-3) matrices
    "vectors", metadata, _art_fk(), Column("idx", Integer, primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("summary", Text),  # the lead sentence of its most central article (present/ words the summary)
    Column("created_at", String(32), nullable=False),
    Column("vector", LargeBinary),  # mean direction of its articles, for the ANN index
    Column("size", Integer, nullable=False, default=0),
    Column("keys", Text, nullable=False, default="[]"),  # JSON: entity keys its articles mention
    Column("first_date", String(32)), Column("last_date", String(32)),
    Column("reconciled_size", Integer),  # size when its findings were computed; differs → recompute
)

story_articles = Table(
    "story_articles", metadata,
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

findings = Table(
    "findings", metadata,
    Column("id", String(32), primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # model.FindingKind
    Column("about", Text),  # unused: only present/ writes words about a finding
    Column("detail", Text, nullable=False, default="{}"),  # JSON of the kind's facts (store/codec.py)
)

finding_evidence = Table(
    "finding_evidence", metadata,
    Column("finding_id", String(32), ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    *_span(), Column("text", Text, nullable=False),
)

story_links = Table(  # two stories of one arc (cluster.links): model.StoryLink
    "story_links", metadata,
    Column("earlier", String(32), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("later", String(32), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("relation", String(16), nullable=False),  # model.LinkRelation
    Column("score", Float, nullable=False),
    Column("day_gap", Integer),
    Column("names", Text, nullable=False, default="[]"),  # JSON list of the shared entity keys, rarest first
    Column("basis", String(8)),  # model.LinkBasis (NULL: written before it was kept, NAMES)
)

Index("ix_story_articles_story", story_articles.c.story_id)
Index("ix_findings_story", findings.c.story_id)
Index("ix_local_entities_entity", local_entities.c.entity_id)
Index("ix_entity_keys_entity", entity_keys.c.entity_id)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_seq", articles.c.seq)
Index("ix_paragraphs_line_hash", paragraphs.c.line_hash)
Index("ix_story_links_later", story_links.c.later)

#: Derived tables of one article, deleted together when it is re-analysed.
ARTICLE_TABLES = (paragraphs, sentences, local_entities, mentions, quotes, claims, time_refs, clauses, claim_nouns,
                  rebuttals, vectors)
#: Those returned with an article (vectors, clauses, claim nouns and rebuttals are read separately).
ARTICLE_ROWS = (paragraphs, sentences, local_entities, mentions, quotes, claims, time_refs)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "article_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text("CREATE SEQUENCE IF NOT EXISTS articles_seq"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING gin "
                          "(to_tsvector('english', coalesce(title, '') || ' ' || body))"))


def _v2(conn: Connection) -> None:
    """Paragraph kinds (text, caption, embed, label, aside; older paragraphs are text) and line
    hashes (older paragraphs have none and never count as an outlet's boilerplate)."""
    have = {c["name"] for c in inspect(conn).get_columns("paragraphs")}
    if "kind" not in have:
        conn.execute(text("ALTER TABLE paragraphs ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'text'"))
    if "line_hash" not in have:
        conn.execute(text("ALTER TABLE paragraphs ADD COLUMN line_hash VARCHAR(16)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_paragraphs_line_hash ON paragraphs (line_hash)"))


def _v3(conn: Connection) -> None:
    """The linking index (``entity_keys``). Entities linked before it have no keys: unlink them all,
    so the next ingest links the corpus again, once, through the index."""
    entity_keys.create(conn, checkfirst=True)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_entity_keys_entity ON entity_keys (entity_id)"))
    conn.execute(local_entities.update().values(entity_id=None))
    conn.execute(entities.delete())


def _v4_clauses(conn: Connection) -> None:
    """Clauses cut once at analyze time and stored beside their vectors, and each claim's measure,
    measured noun phrase and frame read from the parse then. Articles stored before have no
    clause rows and NULL measures: reconcile cuts and parses those itself, as it did. Stories are
    marked for reconciling again (their summary column changes meaning)."""
    clauses.create(conn, checkfirst=True)
    have = {c["name"] for c in inspect(conn).get_columns("claims")}
    for name in ("measure", "measured", "frame"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE claims ADD COLUMN {name} TEXT"))
    # ``stories.summary`` now holds the lead sentence (present/ words the summary): older rows hold
    # reconcile's prose, so every story is reconciled again at the next ingest
    conn.execute(stories.update().values(summary=None, reconciled_size=None))


def _v5_story_links(conn: Connection) -> None:
    """Linked stories (``story_links``). Stories assigned before it have no links until the next
    ``storyline recluster`` (or the next ingest touching them) computes them."""
    story_links.create(conn, checkfirst=True)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_story_links_later ON story_links (later)"))


def _v6_rebuttals(conn: Connection) -> None:
    """Claim nouns and reported rebuttals read once at analyze time (``analyze.rebuttals``), and a
    mark on each article stored since. Articles stored before have no mark (NULL): reconcile
    parses their sentences for rebuttals itself, as it did. Self-contained: it may run under
    another number."""
    claim_nouns.create(conn, checkfirst=True)
    rebuttals.create(conn, checkfirst=True)
    if "rebuttals_read" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN rebuttals_read BOOLEAN"))


def _v7_published_from(conn: Connection) -> None:
    """Where each article's publication time comes from (the page, or only a WARC capture time).
    Articles stored before are unmarked (NULL): re-ingest with ``--reprocess`` to mark them."""
    if "published_from" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN published_from VARCHAR(8)"))


def _v8_clause_lemmas(conn: Connection) -> None:
    """Each clause's content-word lemmas, read from the parse at analyze time. Clauses stored before
    have NULL: reconcile lemmatises those itself (one parse of each clause text, kept per process)."""
    if "lemmas" not in {c["name"] for c in inspect(conn).get_columns("clauses")}:
        conn.execute(text("ALTER TABLE clauses ADD COLUMN lemmas TEXT"))


def _v9_link_basis(conn: Connection) -> None:
    """What links two stories (``model.LinkBasis``). Links stored before are NULL, read as shared names."""
    if "basis" not in {c["name"] for c in inspect(conn).get_columns("story_links")}:
        conn.execute(text("ALTER TABLE story_links ADD COLUMN basis VARCHAR(8)"))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4_clauses, _v5_story_links, _v6_rebuttals,
                                                  _v7_published_from, _v8_clause_lemmas, _v9_link_basis]
LATEST = len(MIGRATIONS)


def migrate(conn: Connection) -> int:
    """Apply the migrations this database has not seen; returns the version reached."""
    if conn.dialect.name == "postgresql":  # two processes opening a new database at once
        conn.execute(text("SELECT pg_advisory_xact_lock(4241)"))
    schema_version.create(conn, checkfirst=True)
    current = conn.execute(schema_version.select()).scalar()
    if current is None:
        conn.execute(schema_version.insert().values(version=0))
        current = 0
    if current > LATEST:
        raise RuntimeError(f"database schema v{current} is newer than this storyline (v{LATEST}); upgrade storyline")
    for version in range(current + 1, LATEST + 1):
        MIGRATIONS[version - 1](conn)
        conn.execute(schema_version.update().values(version=version))
    return LATEST
