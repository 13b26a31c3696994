"""The one database layer: SQLAlchemy Core over SQLite (default) or PostgreSQL.

Writes happen one article per transaction, so an interrupted run never leaves half an article.
"""
from __future__ import annotations

import fcntl
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import quote

import numpy as np
from sqlalchemy import Table, bindparam, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError

from storyline.config import settings
from storyline.model import (
    ClaimNoun,
    Clause,
    Evidence,
    Finding,
    FindingKind,
    LinkBasis,
    LinkRelation,
    ParagraphKind,
    ProcessedArticle,
    Rebuttal,
    StoryLink,
    line_hash,
)
from storyline.store import schema as S
from storyline.store.codec import facts_from_json, facts_json
from storyline.textsafe import printable

#: ``vectors.idx`` of the packed clause and quote matrices (sentences are 0…n-1, the article -1).
CLAUSE_VECTORS, QUOTE_VECTORS = -2, -3


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _link(r: Any) -> StoryLink:
    """A stored link row as the typed link (a NULL basis: stored before it was kept, shared names)."""
    return StoryLink(r.earlier, r.later, LinkRelation(r.relation), r.score, r.day_gap, tuple(json.loads(r.names)),
                     LinkBasis(r.basis) if r.basis else LinkBasis.NAMES)


def _article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """The mean direction of an article's sentences (what it is about as a whole): the vector
    story assignment (``cluster.assign``) reads back as ``vectors.idx`` -1."""
    v = sentence_vectors.mean(axis=0)
    n = np.linalg.norm(v)
    return (v / n if n else v).astype(np.float32)


#: Largest ``offset`` a listing accepts (``offset + limit`` must fit a signed 64-bit integer in SQLite and
#: PostgreSQL), and the largest ``limit``: no corpus has this many rows.
MAX_OFFSET = 2**62
MAX_LIMIT = 2**62 - 1


#: what an article or story id (or a prefix of one) can be made of: content hashes in hex, stories
#: prefixed with "s"
ID_TEXT = re.compile(r"[0-9A-Za-z]{1,64}")

def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says what to do."""


class AmbiguousId(StoreError):
    """An id prefix that starts several ids; ``candidates`` lists (some of) them."""

    def __init__(self, prefix: str, candidates: list[str]):
        self.candidates = candidates
        more = ", …" if len(candidates) > AMBIGUOUS_SHOWN else ""
        super().__init__(f"id prefix {prefix!r} is ambiguous; give more characters. It starts "
                         f"{', '.join(candidates[:AMBIGUOUS_SHOWN])}{more}")


#: How many candidates an ambiguous prefix error lists.
AMBIGUOUS_SHOWN = 10


#: Query parameters of a database URL that hold a secret (libpq and its drivers read ``password``).
SECRET_PARAMS = frozenset({"password", "passwd", "pwd", "sslpassword"})


def _secrets(url: str) -> list[str]:
    """The URL's password and secret query parameters, as given."""
    parsed = make_url(url)
    found = [str(parsed.password)] if parsed.password is not None else []
    for key, value in parsed.query.items():
        if key.lower() in SECRET_PARAMS:
            found += [value] if isinstance(value, str) else list(value)
    return found


def safe_url(url: str) -> str:
    """The database URL as it may be shown: any password, in its place or as a query parameter
    (``?password=``), replaced by ***."""
    try:
        parsed = make_url(url)
    except Exception:  # not a URL we can parse: show it only when it cannot hold a password
        return url if "@" not in url and "password" not in url.lower() else "(database URL hidden: it does not parse)"
    hidden = {k: "***" for k in parsed.query if k.lower() in SECRET_PARAMS}
    if parsed.password is None and not hidden:
        return url
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def _masked(message: str, url: str) -> str:
    """``message`` with the URL's secrets masked wherever they appear (drivers quote the URL or the
    connection string in their errors)."""
    try:
        secrets = _secrets(url)
    except Exception:
        secrets = []
    out = " ".join(message.replace(url, safe_url(url)).split())  # one line
    for secret in secrets:
        if len(secret) >= 3:
            out = out.replace(secret, "***")
    return out


#: The first bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: No SQLite database file is shorter than one page of the smallest page size.
SQLITE_MIN_BYTES = 512


def _not_sqlite(path: Path) -> bool:
    """Whether SQLite, opening ``path`` read-only, finds no database in it."""
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as con:
            con.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        return "not a database" in str(exc)  # locked, busy, unreadable: SQLite says why when opened
    return False


def _refuse_foreign_file(url: str) -> None:
    """A SQLite URL naming a file that holds something else (a note, a page): refused before SQLite,
    which takes a file too short for its header for an empty database and writes one over it."""
    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL: the engine reports it
        return
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database.removeprefix("file:").split("?", 1)[0])
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
        if path.stat().st_size >= SQLITE_MIN_BYTES:
            # asked of SQLite itself, never by a plain open() and close() of the file: closing any
            # descriptor of a database file drops every POSIX lock this process holds on it (its
            # SQLite connections' too), and another process may then delete the write-ahead log
            # under them ("disk I/O error", or worse)
            foreign = _not_sqlite(path)
        else:  # shorter than any database: no connection can hold it
            with path.open("rb") as f:
                foreign = f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC
    except OSError:
        return  # unreadable: SQLite says why
    if foreign:
        size = path.stat().st_size
        raise StoreError(f"cannot open database {safe_url(url)!r}: file is not a database ({path} holds "
                         f"{size:,} byte{'' if size == 1 else 's'} of something else, left as it is). Give a new "
                         "file or a storyline database, or set STORYLINE_DB / --db.")


#: ids per ``IN (…)`` query: well under any database's limit on bound parameters
READ_CHUNK = 500


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    """The ids, distinct, in lists of at most ``READ_CHUNK``."""
    distinct = list(dict.fromkeys(ids))
    for i in range(0, len(distinct), READ_CHUNK):
        yield distinct[i:i + READ_CHUNK]


def _name_speakers(art: dict[str, Any], names: dict[str, str]) -> None:
    """Speakers and claimants by their corpus entity when linked, else their in-article name."""
    by_local = {}
    for le in art["local_entities"]:
        le["aliases"] = json.loads(le["aliases"])
        by_local[le["idx"]] = le
    for rows, local_col, name_col in ((art["quotes"], "speaker_local", "speaker"),
                                      (art["claims"], "claimant_local", "claimant")):
        for r in rows:
            le = by_local.get(r[local_col])
            eid = le["entity_id"] if le else None
            r[name_col + "_entity"] = eid
            if eid in names:
                r[name_col] = names[eid]


class UnitVectors(TypedDict):
    """An article's stored vectors, as ``Store.unit_vectors`` reads them."""

    sentences: np.ndarray  # one row per sentence
    clauses: np.ndarray | None  # packed: one row per clause, None when not stored
    quotes: np.ndarray | None  # packed: one row per quote, None when not stored


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def open_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(_masked(f"cannot use database URL {safe_url(url)!r}: {exc}. "
                                 "Use e.g. sqlite:///storyline.db or postgresql+psycopg://user@host/db", url)) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    def __init__(self, url: str):
        self.url = url
        if "\x00" in url or not url.isprintable() or not _encodable(url):
            # no file or server name holds a NUL, a control character or half a surrogate pair
            raise StoreError(_masked(f"cannot open database {printable(url)!r}: it contains a character no path or "
                                     "server name can hold; give another (STORYLINE_DB / --db)", url))
        _refuse_foreign_file(url)
        self.engine = open_engine(url)
        try:
            with self.engine.begin() as conn:
                S.migrate(conn)
        except (DBAPIError, OSError, RuntimeError) as exc:  # the driver's reason only, not the SQL or its parameters
            reason = getattr(exc, "orig", None) or exc
            self.engine.dispose()
            hint = ("Check it is a storyline database (or a new file) on a path that exists and is writable"
                    if url.startswith("sqlite") else "Check the server is running and the URL's user, password, "
                    "host and database name")
            raise StoreError(_masked(f"cannot open database {safe_url(url)!r}: {str(reason).strip().rstrip('.')}. "
                                     f"{hint}, or set STORYLINE_DB / --db.", url)) from None
        self.sqlite = self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def check_writable(self) -> None:
        """Raise ``StoreError`` now, not at the first article, when this database cannot be written
        (a read-only file or folder, a read-only connection or role)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(S.schema_version.update().where(text("1 = 0")).values(version=0))
                conn.rollback()
        except DBAPIError as exc:
            self.engine.dispose()
            raise StoreError(_masked(f"cannot write to database {safe_url(self.url)!r}: {str(exc.orig).strip()}. "
                                     "Make the file and its folder writable (SQLite also writes -wal and -shm "
                                     "files beside it), or use another --db.", self.url)) from None

    # ------------------------------------------------------------------ writes
    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(S.articles.c.id).where(S.articles.c.id == article_id)).first() is not None

    def save(self, item: ProcessedArticle, replace: bool = False) -> str:
        """Store one processed article atomically: 'ingested', 'unchanged' or 'replaced'.

        Two writers racing on the same article: the loser's insert hits the primary key, its
        transaction rolls back whole, and the article counts as unchanged."""
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(select(S.articles.c.id).where(S.articles.c.id == item.id)).first() is not None
                if exists and not replace:
                    return "unchanged"
                if exists:
                    self._delete_article(conn, item.id)
                self._insert(conn, item)
        except IntegrityError:
            if self.has_article(item.id):
                return "unchanged"
            raise
        return "replaced" if exists else "ingested"

    @contextmanager
    def corpus_lock(self) -> Iterator[None]:
        """Serialise the corpus-wide steps (entity linking, stories) across processes sharing a database."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(4242)"))
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(4242)"))
                    conn.commit()
            return
        path = self.engine.url.database
        if not path or path == ":memory:":
            yield
            return
        with open(path + ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _delete_article(self, conn: Connection, article_id: str) -> None:
        for table in S.ARTICLE_TABLES:
            conn.execute(delete(table).where(table.c.article_id == article_id))
        if self.sqlite:
            conn.execute(text("DELETE FROM articles_fts WHERE article_id = :id"), {"id": article_id})
        conn.execute(delete(S.articles).where(S.articles.c.id == article_id))

    def _insert(self, conn: Connection, item: ProcessedArticle) -> None:
        c, a, aid = item.clean, item.analysis, item.id
        if self.engine.dialect.name == "postgresql":
            seq = conn.execute(text("SELECT nextval('articles_seq')")).scalar_one()
        else:
            seq = conn.execute(select(func.coalesce(func.max(S.articles.c.seq), 0))).scalar_one() + 1
        conn.execute(insert(S.articles).values(seq=seq,
            id=aid, source=c.raw.source, format=c.raw.format, encoding=c.raw.encoding, url=c.raw.url,
            title=c.title, outlet=c.outlet, published=c.published, authors=json.dumps(list(c.authors)),
            published_from=c.published_from.value if c.published_from else None,
            raw_text=c.raw.text, body=c.body, dropped_lines=c.dropped_lines,
            ingested_at=_now(), rebuttals_read=True,
        ))
        rows: dict[Table, list[dict[str, Any]]] = {
            S.paragraphs: [dict(idx=p.index, start=p.start, end=p.end, raw_start=p.raw_start, raw_end=p.raw_end,
                                kind=p.kind.value, line_hash=line_hash(c.body[p.start:p.end]))
                           for p in c.paragraphs],
            S.sentences: [dict(idx=s.index, start=s.start, end=s.end, paragraph=s.paragraph) for s in a.sentences],
            S.local_entities: [dict(idx=e.index, name=e.name, type=e.type, aliases=json.dumps(list(e.aliases)))
                               for e in a.local_entities],
            S.mentions: [dict(idx=i, start=m.start, end=m.end, text=m.text, label=m.label, local_entity=m.cluster)
                         for i, m in enumerate(a.mentions)],
            S.quotes: [dict(idx=i, start=q.start, end=q.end, text=q.text, kind=q.kind, cue=q.cue, speaker=q.speaker,
                            speaker_local=q.speaker_cluster, speaker_start=q.speaker_start,
                            speaker_end=q.speaker_end, sentence=q.sentence) for i, q in enumerate(a.quotes)],
            S.claims: [dict(idx=i, start=k.start, end=k.end, text=k.text, value=k.value, unit=k.unit,
                            qualifier=k.qualifier, counted=k.counted, claimant=k.claimant,
                            claimant_local=k.claimant_cluster, sentence=k.sentence, measure=k.measure,
                            measured=k.measured, frame=k.frame) for i, k in enumerate(a.claims)],
            S.time_refs: [dict(idx=i, start=t.start, end=t.end, text=t.text, resolved=t.resolved,
                               precision=t.precision, weekday=t.weekday, sentence=t.sentence, event=t.event)
                          for i, t in enumerate(a.time_refs)],
            S.clauses: [dict(idx=i, start=k.start, end=k.end, sentence=k.sentence, has_verb=k.has_verb,
                             lemmas=" ".join(k.lemmas) if k.lemmas else None) for i, k in enumerate(a.clauses)],
            S.claim_nouns: [dict(idx=i, start=n.start, end=n.end, at=n.at, sentence=n.sentence, owner=n.owner,
                                 owner_keys=json.dumps(sorted(n.owner_keys)), definite=n.definite)
                            for i, n in enumerate(a.claim_nouns)],
            S.rebuttals: [dict(idx=i, start=r.start, end=r.end, sentence=r.sentence, rebutter=r.rebutter,
                               rebutter_keys=json.dumps(sorted(r.rebutter_keys)), claim=r.claim)
                          for i, r in enumerate(a.rebuttals)],
        }
        if item.sentence_vectors is not None and len(item.sentence_vectors):
            vecs = np.asarray(item.sentence_vectors, dtype=np.float32)
            rows[S.vectors] = [dict(idx=-1, vector=_article_vector(vecs).tobytes())] + [
                dict(idx=i, vector=v.tobytes()) for i, v in enumerate(vecs)]
            for idx, packed in ((CLAUSE_VECTORS, item.clause_vectors), (QUOTE_VECTORS, item.quote_vectors)):
                if packed is not None and len(packed):
                    rows[S.vectors].append(dict(idx=idx, vector=np.asarray(packed, dtype=np.float32).tobytes()))
        for table, values in rows.items():
            if values:
                conn.execute(insert(table), [dict(v, article_id=aid) for v in values])
        if self.sqlite:
            conn.execute(text("INSERT INTO articles_fts(article_id, title, body) VALUES (:id, :t, :b)"),
                         {"id": aid, "t": c.title or "", "b": c.body})
        self._mark_boilerplate(conn, c.outlet, {r["line_hash"] for r in rows[S.paragraphs]})

    @staticmethod
    def _mark_boilerplate(conn: Connection, outlet: str | None, hashes: set[str]) -> None:
        """A paragraph seen in ``boilerplate_articles`` articles of one outlet and in none of any
        other outlet is that outlet's furniture (a promo, a footer): every copy becomes an aside,
        kept in the body (offsets never move) but never evidence, and the stories holding them
        are reconciled again. Runs as each article lands, in its transaction."""
        if not outlet or not hashes:
            return
        P, A = S.paragraphs, S.articles
        counts = conn.execute(select(P.c.line_hash, A.c.outlet, func.count(P.c.article_id.distinct()))
                              .join(A, A.c.id == P.c.article_id).where(P.c.line_hash.in_(hashes))
                              .group_by(P.c.line_hash, A.c.outlet)).all()
        own = {h: n for h, o, n in counts if o == outlet}
        elsewhere = {h for h, o, _ in counts if o != outlet}
        found = [h for h, n in own.items() if n >= settings().boilerplate_articles and h not in elsewhere]
        if not found:
            return
        where = (P.c.line_hash.in_(found) & (P.c.kind == ParagraphKind.TEXT.value)
                 & P.c.article_id.in_(select(A.c.id).where(A.c.outlet == outlet)))
        touched = [r[0] for r in conn.execute(select(P.c.article_id).where(where).distinct())]
        conn.execute(update(P).where(where).values(kind=ParagraphKind.ASIDE.value))
        conn.execute(update(S.stories).values(reconciled_size=None).where(S.stories.c.id.in_(
            select(S.story_articles.c.story_id).where(S.story_articles.c.article_id.in_(touched)))))

    def local_entities(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.local_entities.c.article_id, S.local_entities.c.idx, S.local_entities.c.name,
                                       S.local_entities.c.type, S.local_entities.c.aliases)
                                .order_by(S.local_entities.c.article_id, S.local_entities.c.idx)).all()
        return [dict(r._mapping, aliases=json.loads(r.aliases)) for r in rows]

    # ------------------------------------------------------------------ entity linking (link.entities)
    def unlinked_articles(self) -> list[dict[str, Any]]:
        """Articles with local entities not yet linked, in ingestion order: id, story and those entities."""
        le, A, SA = S.local_entities, S.articles, S.story_articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(le.c.article_id, le.c.idx, le.c.name, le.c.type, le.c.aliases, SA.c.story_id)
                                .join(A, A.c.id == le.c.article_id)
                                .join(SA, SA.c.article_id == le.c.article_id, isouter=True)
                                .where(le.c.entity_id.is_(None)).order_by(A.c.seq, A.c.id, le.c.idx)).all()
        out: list[dict[str, Any]] = []
        for r in rows:
            if not out or out[-1]["id"] != r.article_id:
                out.append(dict(id=r.article_id, story=r.story_id, entities=[]))
            out[-1]["entities"].append(dict(idx=r.idx, name=r.name, type=r.type, aliases=json.loads(r.aliases)))
        return out

    def entities_by_keys(self, keys: list[str], chunk: int = 500) -> list[dict[str, Any]]:
        """The linked entities holding any of these index keys, each with all its keys, how many
        articles name it and the stories of those articles."""
        E, K, le, SA = S.entities, S.entity_keys, S.local_entities, S.story_articles
        with self.engine.connect() as conn:
            ids: set[str] = set()
            for n in range(0, len(keys), chunk):
                ids.update(r[0] for r in conn.execute(select(K.c.entity_id).where(K.c.key.in_(keys[n:n + chunk]))))
            if not ids:
                return []
            idl = sorted(ids)
            out = {r.id: dict(id=r.id, name=r.name, type=r.type, aliases=json.loads(r.aliases), keys=[],
                              stories=set(), articles=0)
                   for r in conn.execute(select(E).where(E.c.id.in_(idl)))}
            for key, eid in conn.execute(select(K.c.key, K.c.entity_id).where(K.c.entity_id.in_(idl))):
                out[eid]["keys"].append(key)
            for eid, n in conn.execute(select(le.c.entity_id, func.count(le.c.article_id.distinct()))
                                       .where(le.c.entity_id.in_(idl)).group_by(le.c.entity_id)):
                out[eid]["articles"] = n
            for eid, sid in conn.execute(select(le.c.entity_id, SA.c.story_id).distinct()
                                         .join(SA, SA.c.article_id == le.c.article_id).where(le.c.entity_id.in_(idl))):
                out[eid]["stories"].add(sid)
        return list(out.values())

    def shared_neighbours(self, entity_id: str, others: list[str]) -> set[str]:
        """Which of ``others`` are named in an article together with ``entity_id``."""
        if not others:
            return set()
        a, b = S.local_entities.alias("a"), S.local_entities.alias("b")
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(b.c.entity_id).distinct()
                                               .join(a, a.c.article_id == b.c.article_id)
                                               .where(a.c.entity_id == entity_id).where(b.c.entity_id.in_(others)))}

    def write_links(self, entities: list[dict[str, Any]], keys: list[tuple[str, str]],
                    links: list[tuple[str, int, str]]) -> None:
        """One linking run at once: entities (new ones inserted, known ones renamed / given aliases),
        their new index keys, and (article, local idx, entity) links."""
        E, K, le = S.entities, S.entity_keys, S.local_entities
        with self.engine.begin() as conn:
            have: set[str] = set()
            ids = [e["id"] for e in entities]
            for n in range(0, len(ids), 500):
                have.update(r[0] for r in conn.execute(select(E.c.id).where(E.c.id.in_(ids[n:n + 500]))))
            rows = [dict(id=e["id"], name=e["name"], type=e["type"], aliases=json.dumps(e["aliases"])) for e in entities]
            if fresh := [r for r in rows if r["id"] not in have]:
                conn.execute(insert(E), fresh)
            if known := [dict(b_id=r["id"], b_name=r["name"], b_type=r["type"], b_aliases=r["aliases"])
                         for r in rows if r["id"] in have]:
                conn.execute(update(E).where(E.c.id == bindparam("b_id"))
                             .values(name=bindparam("b_name"), type=bindparam("b_type"), aliases=bindparam("b_aliases")),
                             known)
            old: set[tuple[str, str]] = set()
            for n in range(0, len(ids), 500):
                old.update(tuple(r) for r in conn.execute(select(K.c.key, K.c.entity_id)
                                                          .where(K.c.entity_id.in_(ids[n:n + 500]))))
            if new_keys := sorted(set(keys) - old):
                conn.execute(insert(K), [dict(key=k, entity_id=e) for k, e in new_keys])
            if links:
                conn.execute(update(le).where(le.c.article_id == bindparam("aid")).where(le.c.idx == bindparam("b_idx"))
                             .values(entity_id=bindparam("eid")), [dict(aid=a, b_idx=i, eid=e) for a, i, e in links])

    def clear_entities(self) -> None:
        """Forget every corpus entity and the linking index (before linking the corpus again)."""
        with self.engine.begin() as conn:
            conn.execute(update(S.local_entities).values(entity_id=None))
            conn.execute(delete(S.entity_keys))
            conn.execute(delete(S.entities))

    # ------------------------------------------------------------------ stories
    def story_states(self) -> list[dict[str, Any]]:
        cols = [S.stories.c[n] for n in ("id", "vector", "size", "keys", "first_date", "last_date")]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(*cols).where(S.stories.c.vector.is_not(None))
                                                         .order_by(S.stories.c.created_at, S.stories.c.id))]

    def article_ids_in_order(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(S.articles.c.id).order_by(S.articles.c.seq, S.articles.c.id))]

    def article_features(self, ids: list[str], chunk: int = 500) -> Iterator[dict[str, Any]]:
        """What story assignment needs of each article, in the order given (four queries per chunk,
        not per article): published date, title, body, vector, entities and day-precise time refs."""
        for n in range(0, len(ids), chunk):
            part = ids[n:n + chunk]
            with self.engine.connect() as conn:
                published, titles, bodies = {}, {}, {}
                for aid, pub, title, body in conn.execute(select(S.articles.c.id, S.articles.c.published,
                                                                 S.articles.c.title, S.articles.c.body)
                                                          .where(S.articles.c.id.in_(part))):
                    published[aid], titles[aid], bodies[aid] = pub, title, body
                days: dict[str, list[str]] = {}
                for aid, resolved in conn.execute(select(S.time_refs.c.article_id, S.time_refs.c.resolved)
                                                  .where(S.time_refs.c.article_id.in_(part))
                                                  .where(S.time_refs.c.precision == "day")
                                                  .where(S.time_refs.c.resolved.is_not(None))
                                                  .order_by(S.time_refs.c.article_id, S.time_refs.c.idx)):
                    days.setdefault(aid, []).append(resolved)
                vectors = dict(conn.execute(select(S.vectors.c.article_id, S.vectors.c.vector)
                                            .where(S.vectors.c.article_id.in_(part)).where(S.vectors.c.idx == -1)).all())
                ents: dict[str, list] = {}
                for aid, name, type_ in conn.execute(select(S.local_entities.c.article_id, S.local_entities.c.name,
                                                            S.local_entities.c.type)
                                                     .where(S.local_entities.c.article_id.in_(part))):
                    ents.setdefault(aid, []).append((name, type_))
            for aid in part:
                if aid in published:
                    yield dict(id=aid, published=published[aid], title=titles[aid], body=bodies[aid],
                               vector=vectors.get(aid), entities=ents.get(aid, []), days=days.get(aid, []))

    def write_stories(self, states: list[dict[str, Any]], members: list[tuple[str, str]], clear: bool,
                      links: Sequence[StoryLink] | None = None, linked: Sequence[str] = (),
                      merged: Sequence[tuple[str, str]] = ()) -> None:
        """Story rows, memberships and links at once (``clear``: replacing every story, as recluster
        does). ``links`` replace every link of the stories ``linked`` (None: links left alone).
        ``merged``: (gone, kept) pairs of stories made one, in the order it happened: the gone
        story's articles move to the kept one, its row, findings and links go."""
        with self.engine.begin() as conn:
            if clear:
                self._clear_stories(conn, keep=self._unchanged(conn, members))
            for gone, kept in merged:
                conn.execute(update(S.story_articles).where(S.story_articles.c.story_id == gone).values(story_id=kept))
                self._drop_stories(conn, [gone])
            have = {r[0] for r in conn.execute(select(S.stories.c.id).where(
                S.stories.c.id.in_([r["id"] for r in states])))} if states else set()
            for r in states:
                if r["id"] in have:
                    conn.execute(update(S.stories).where(S.stories.c.id == r["id"]).values(
                        **{k: v for k, v in r.items() if k != "id"}))
                else:
                    conn.execute(insert(S.stories).values(created_at=_now(), **r))
            if members:
                conn.execute(delete(S.story_articles).where(S.story_articles.c.article_id.in_([a for _, a in members])))
                conn.execute(insert(S.story_articles), [dict(story_id=sid, article_id=aid) for sid, aid in members])
            if links is not None:
                sl = S.story_links
                for n in range(0, len(linked), 500):
                    part = list(linked[n:n + 500])
                    conn.execute(delete(sl).where(sl.c.earlier.in_(part) | sl.c.later.in_(part)))
                if links:
                    conn.execute(insert(sl), [dict(earlier=k.earlier, later=k.later, relation=k.relation.value,
                                                   score=k.score, day_gap=k.day_gap, names=json.dumps(list(k.names)),
                                                   basis=k.basis.value)
                                              for k in links])

    def story_links(self, story_id: str) -> list[StoryLink]:
        """The links of one story, strongest first."""
        sl = S.story_links
        with self.engine.connect() as conn:
            rows = conn.execute(select(sl).where((sl.c.earlier == story_id) | (sl.c.later == story_id))
                                .order_by(sl.c.score.desc(), sl.c.earlier, sl.c.later)).all()
        out = []
        for r in rows:
            try:
                out.append(_link(r))
            except (ValueError, TypeError):
                continue  # written by another storyline: `storyline recluster` recomputes it
        return out

    def all_story_links(self) -> list[StoryLink]:
        sl = S.story_links
        with self.engine.connect() as conn:
            rows = conn.execute(select(sl).order_by(sl.c.earlier, sl.c.later)).all()
        return [_link(r) for r in rows]

    def pending(self) -> dict[str, list[str]]:
        """Work an interrupted run left undone: articles in no story, entities not linked,
        stories whose findings predate their last article."""
        with self.engine.connect() as conn:
            unassigned = [r[0] for r in conn.execute(
                select(S.articles.c.id).where(~S.articles.c.id.in_(select(S.story_articles.c.article_id)))
                .where(S.articles.c.id.in_(select(S.vectors.c.article_id).where(S.vectors.c.idx == -1)))
                .order_by(S.articles.c.seq, S.articles.c.id))]
            unlinked = conn.execute(select(func.count()).select_from(S.local_entities)
                                    .where(S.local_entities.c.entity_id.is_(None))).scalar_one()
            stale = [r[0] for r in conn.execute(select(S.stories.c.id).where(
                (S.stories.c.reconciled_size.is_(None)) | (S.stories.c.reconciled_size != S.stories.c.size)))]
        return {"unassigned": unassigned, "unlinked": ["*"] if unlinked else [], "stale": stale}

    @staticmethod
    def _unchanged(conn: Connection, members: list[tuple[str, str]]) -> set[str]:
        """The stories a rebuild gives exactly the articles they had: they keep their title, lead
        and findings until they are reconciled again (a rebuild killed before that shows them)."""
        old: dict[str, set[str]] = {}
        for sid, aid in conn.execute(select(S.story_articles.c.story_id, S.story_articles.c.article_id)):
            old.setdefault(sid, set()).add(aid)
        new: dict[str, set[str]] = {}
        for sid, aid in members:
            new.setdefault(sid, set()).add(aid)
        return {sid for sid, arts in new.items() if old.get(sid) == arts}

    @staticmethod
    def _clear_stories(conn: Connection, keep: set[str] | None = None) -> None:
        """Every story (but those in ``keep``, with their findings), every link."""
        conn.execute(delete(S.story_links))
        if not keep:
            conn.execute(delete(S.finding_evidence))
            conn.execute(delete(S.findings))
            conn.execute(delete(S.story_articles))
            conn.execute(delete(S.stories))
            return
        Store._drop_stories(conn, [r[0] for r in conn.execute(select(S.stories.c.id)) if r[0] not in keep])

    @staticmethod
    def _drop_stories(conn: Connection, ids: Sequence[str]) -> None:
        """Stories with their findings, memberships and links."""
        for n in range(0, len(ids), 500):  # bounded IN lists, however many stories
            part = list(ids[n:n + 500])
            old = select(S.findings.c.id).where(S.findings.c.story_id.in_(part))
            conn.execute(delete(S.finding_evidence).where(S.finding_evidence.c.finding_id.in_(old)))
            conn.execute(delete(S.findings).where(S.findings.c.story_id.in_(part)))
            conn.execute(delete(S.story_links).where(S.story_links.c.earlier.in_(part) | S.story_links.c.later.in_(part)))
            conn.execute(delete(S.story_articles).where(S.story_articles.c.story_id.in_(part)))
            conn.execute(delete(S.stories).where(S.stories.c.id.in_(part)))

    def replace_findings(self, story_id: str, title: str | None, lead: str | None,
                         findings: Sequence[Finding]) -> None:
        """All findings of a story at once: the old ones go in the same transaction. ``lead`` is
        the story's lead sentence (kept in ``stories.summary``; present/ words the summary)."""
        with self.engine.begin() as conn:
            old = select(S.findings.c.id).where(S.findings.c.story_id == story_id)
            conn.execute(delete(S.finding_evidence).where(S.finding_evidence.c.finding_id.in_(old)))
            conn.execute(delete(S.findings).where(S.findings.c.story_id == story_id))
            conn.execute(update(S.stories).where(S.stories.c.id == story_id).values(
                title=title, summary=lead, reconciled_size=S.stories.c.size))
            if findings:
                conn.execute(insert(S.findings), [dict(id=f.id, story_id=story_id, kind=f.kind.value, about=None,
                                                       detail=facts_json(f.facts)) for f in findings])
                evidence = [dict(finding_id=f.id, idx=i, article_id=e.article, start=e.start, end=e.end,
                                 text=e.text) for f in findings for i, e in enumerate(f.evidence)]
                if evidence:
                    conn.execute(insert(S.finding_evidence), evidence)

    def findings(self, story_id: str) -> list[Finding]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.findings).where(S.findings.c.story_id == story_id)
                                .order_by(S.findings.c.kind, S.findings.c.id)).all()
            ev = conn.execute(select(S.finding_evidence).join(S.findings, S.findings.c.id == S.finding_evidence.c.finding_id)
                              .where(S.findings.c.story_id == story_id)
                              .order_by(S.finding_evidence.c.finding_id, S.finding_evidence.c.idx)).all()
        by_f: dict[str, list[Evidence]] = {}
        for e in ev:
            by_f.setdefault(e.finding_id, []).append(Evidence(e.article_id, e.start, e.end, e.text))
        out = []
        for r in rows:
            try:
                kind = FindingKind(r.kind)
                facts = facts_from_json(kind, r.detail)
            except (ValueError, KeyError, TypeError):
                continue  # written by an older storyline (untyped): `storyline recluster` recomputes it
            out.append(Finding(r.id, kind, facts, tuple(by_f.get(r.id, []))))
        return out

    def story_articles(self, story_id: str) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(
                select(S.story_articles.c.article_id).join(S.articles, S.articles.c.id == S.story_articles.c.article_id)
                .where(S.story_articles.c.story_id == story_id).order_by(S.articles.c.seq))]

    def unit_vectors(self, article_id: str) -> UnitVectors:
        """Sentence vectors (one row each) and the packed clause and quote matrices (absent for
        articles stored before they were kept: reconcile then encodes them)."""
        return self.unit_vectors_of([article_id])[article_id]

    def unit_vectors_of(self, article_ids: Sequence[str]) -> dict[str, UnitVectors]:
        """``unit_vectors`` of many articles, read together."""
        rows: dict[str, list[tuple[int, bytes]]] = {aid: [] for aid in article_ids}
        v = S.vectors.c
        with self.engine.connect() as conn:
            for ids in _chunks(article_ids):
                for r in conn.execute(select(v.article_id, v.idx, v.vector).where(v.article_id.in_(ids))
                                      .where(v.idx != -1).order_by(v.article_id, v.idx)):
                    rows[r.article_id].append((r.idx, r.vector))
        out: dict[str, UnitVectors] = {}
        for aid, got in rows.items():
            sents = [np.frombuffer(b, dtype=np.float32) for i, b in got if i >= 0]
            packed = {i: np.frombuffer(b, dtype=np.float32).reshape(-1, 384) for i, b in got if i < -1}
            out[aid] = {"sentences": np.stack(sents) if sents else np.zeros((0, 384), dtype=np.float32),
                        "clauses": packed.get(CLAUSE_VECTORS), "quotes": packed.get(QUOTE_VECTORS)}
        return out

    def clauses(self, article_id: str) -> tuple[Clause, ...]:
        """An article's clauses in order (clause n has clause vector row n); empty for articles
        stored before clauses were kept."""
        return self.clauses_of([article_id])[article_id]

    def clauses_of(self, article_ids: Sequence[str]) -> dict[str, tuple[Clause, ...]]:
        """``clauses`` of many articles, read together."""
        c = S.clauses.c
        out: dict[str, list[Clause]] = {aid: [] for aid in article_ids}
        with self.engine.connect() as conn:
            for ids in _chunks(article_ids):
                for r in conn.execute(select(c.article_id, c.start, c.end, c.sentence, c.has_verb, c.lemmas)
                                      .where(c.article_id.in_(ids)).order_by(c.article_id, c.idx)):
                    out[r.article_id].append(Clause(r.start, r.end, r.sentence, bool(r.has_verb),
                                                    tuple((r.lemmas or "").split())))
        return {aid: tuple(found) for aid, found in out.items()}

    def rebuttals(self, article_id: str) -> tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]] | None:
        """An article's claim nouns and reported rebuttals in order (a rebuttal's ``claim`` indexes
        the claim nouns); None for articles stored before they were read at analyze time."""
        return self.rebuttals_of([article_id])[article_id]

    def rebuttals_of(self, article_ids: Sequence[str]
                     ) -> dict[str, tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]] | None]:
        """``rebuttals`` of many articles, read together."""
        n, r = S.claim_nouns.c, S.rebuttals.c
        nouns: dict[str, list[ClaimNoun]] = {aid: [] for aid in article_ids}
        rebs: dict[str, list[Rebuttal]] = {aid: [] for aid in article_ids}
        read: set[str] = set()
        with self.engine.connect() as conn:
            for ids in _chunks(article_ids):
                read |= set(conn.execute(select(S.articles.c.id).where(S.articles.c.id.in_(ids))
                                         .where(S.articles.c.rebuttals_read.is_(True))).scalars())
                for x in conn.execute(select(n.article_id, n.start, n.end, n.at, n.sentence, n.owner, n.owner_keys,
                                             n.definite).where(n.article_id.in_(ids)).order_by(n.article_id, n.idx)):
                    nouns[x.article_id].append(ClaimNoun(x.start, x.end, x.at, x.sentence, x.owner,
                                                         frozenset(json.loads(x.owner_keys)), bool(x.definite)))
                for y in conn.execute(select(r.article_id, r.start, r.end, r.sentence, r.rebutter, r.rebutter_keys,
                                             r.claim).where(r.article_id.in_(ids)).order_by(r.article_id, r.idx)):
                    rebs[y.article_id].append(Rebuttal(y.start, y.end, y.sentence, y.rebutter,
                                                       frozenset(json.loads(y.rebutter_keys)), y.claim))
        return {aid: (tuple(nouns[aid]), tuple(rebs[aid])) if aid in read else None for aid in article_ids}

    # ------------------------------------------------------------------ reads
    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.articles)).scalar_one()

    def list_articles(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        cols = [S.articles.c[n] for n in ("id", "source", "title", "outlet", "published", "format")]
        q = select(*cols, func.length(S.articles.c.body).label("chars")).order_by(
            S.articles.c.source, S.articles.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def resolve_id(self, prefix: str) -> str | None:
        """Full article id from a unique prefix (as git does), or None; ``AmbiguousId`` lists the
        candidates of a prefix that starts several."""
        if not ID_TEXT.fullmatch(prefix):
            return None  # ids are letters and digits: anything else (a NUL PostgreSQL refuses) names none
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.articles.c.id).where(S.articles.c.id.startswith(prefix, autoescape=True))
                                .order_by(S.articles.c.id).limit(AMBIGUOUS_SHOWN + 1)).all()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise AmbiguousId(prefix, [r[0] for r in rows])
        return None

    def _search_pg(self, query: str, limit: int, offset: int) -> list[dict[str, Any]]:
        """PostgreSQL full-text search (a GIN index over to_tsvector of title and body)."""
        if not query.strip():
            return []
        sql = text(
            "SELECT id AS article_id, title, ts_headline('english', body, q, 'StartSel=[,StopSel=],MaxWords=14,"
            "MinWords=6') AS snippet FROM articles, plainto_tsquery('english', :q) q "
            "WHERE to_tsvector('english', coalesce(title, '') || ' ' || body) @@ q "
            "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || body), q) DESC, id "
            "LIMIT :lim OFFSET :off")
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sql, {"q": query, "lim": limit, "off": offset})]

    def story_of(self, article_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(S.story_articles.c.story_id)
                                .where(S.story_articles.c.article_id == article_id)).scalar()

    def article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(S.articles.c.id).order_by(S.articles.c.source, S.articles.c.id))]

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """An article with all its derived rows, as plain dicts."""
        return self.get_articles([article_id]).get(article_id)

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Articles by id with all their derived rows, as plain dicts (``get_article``), read a few
        queries for many articles: a story's findings read hundreds of them at once."""
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for ids in _chunks(article_ids):
                for row in conn.execute(select(S.articles).where(S.articles.c.id.in_(ids))):
                    art = dict(row._mapping)
                    art["authors"] = json.loads(art["authors"])
                    art.pop("rebuttals_read", None)  # a storage mark: ``rebuttals`` reads it
                    out[art["id"]] = art | {table.name: [] for table in S.ARTICLE_ROWS}
                for table in S.ARTICLE_ROWS:
                    for r in conn.execute(select(table).where(table.c.article_id.in_(ids))
                                          .order_by(table.c.article_id, table.c.idx)):
                        if r.article_id in out:
                            out[r.article_id][table.name].append(dict(r._mapping))
                names = dict(conn.execute(select(S.entities.c.id, S.entities.c.name)
                                          .join(S.local_entities, S.local_entities.c.entity_id == S.entities.c.id)
                                          .where(S.local_entities.c.article_id.in_(ids))).all())
                for aid in ids:
                    if aid in out:
                        _name_speakers(out[aid], names)
        return out

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every article with its rows (``get_article``), read ``READ_CHUNK`` at a time."""
        ids = self.article_ids()
        for i in range(0, len(ids), READ_CHUNK):
            arts = self.get_articles(ids[i:i + READ_CHUNK])
            yield from (arts[aid] for aid in ids[i:i + READ_CHUNK] if aid in arts)

    def entities(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            out = [dict(r._mapping) for r in conn.execute(select(S.entities).order_by(S.entities.c.id))]
        for e in out:
            e["aliases"] = json.loads(e["aliases"])
        return out

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.entities).where(S.entities.c.id == entity_id)).first()
        return dict(row._mapping, aliases=json.loads(row.aliases)) if row else None

    def list_entities(self, limit: int = 50, offset: int = 0, type_: str | None = None) -> list[dict[str, Any]]:
        q = select(S.entities)
        if type_:
            q = q.where(S.entities.c.type == type_)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(S.entities.c.name, S.entities.c.id).limit(limit).offset(offset)).all()
        return [dict(r._mapping, aliases=json.loads(r.aliases)) for r in rows]

    def count_entities(self, type_: str | None = None) -> int:
        q = select(func.count()).select_from(S.entities)
        if type_:
            q = q.where(S.entities.c.type == type_)
        with self.engine.connect() as conn:
            return conn.execute(q).scalar_one()

    def quotes_by_entity(self, entity_id: str) -> list[dict[str, Any]]:
        """Every quote attributed to one corpus entity, across outlets."""
        le, q, a = S.local_entities, S.quotes, S.articles
        stmt = (select(q.c.article_id, q.c.start, q.c.end, q.c.text, q.c.kind, q.c.cue, a.c.outlet, a.c.title,
                       a.c.published)
                .join(le, (le.c.article_id == q.c.article_id) & (le.c.idx == q.c.speaker_local))
                .join(a, a.c.id == q.c.article_id)
                .where(le.c.entity_id == entity_id).order_by(a.c.seq, q.c.start))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def entity_articles(self, entity_id: str) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(S.local_entities.c.article_id).distinct()
                                               .where(S.local_entities.c.entity_id == entity_id))]

    _STORY_COLS = ("id", "title", "summary", "size", "first_date", "last_date", "created_at")

    def _stories_with_members(self, where=None, order=None, limit: int | None = None, offset: int = 0,
                              members_by_seq: bool = True) -> list[dict[str, Any]]:
        """Story rows plus their article ids, with one query for all the members (not one per story)."""
        q = select(*[S.stories.c[n] for n in self._STORY_COLS])
        if where is not None:
            q = q.where(where)
        q = q.order_by(*(order or (S.stories.c.created_at, S.stories.c.id))).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        sa = S.story_articles
        with self.engine.connect() as conn:
            out = [dict(r._mapping) for r in conn.execute(q)]
            m = select(sa.c.story_id, sa.c.article_id)
            if where is not None or limit is not None:
                m = m.where(sa.c.story_id.in_([st["id"] for st in out]))
            m = (m.join(S.articles, S.articles.c.id == sa.c.article_id).order_by(S.articles.c.seq, sa.c.article_id)
                 if members_by_seq else m.order_by(sa.c.article_id))
            by_story: dict[str, list[str]] = {}
            for sid, aid in conn.execute(m) if out else ():
                by_story.setdefault(sid, []).append(aid)
        for st in out:
            st["articles"] = by_story.get(st["id"], [])
        return out

    def find_story(self, prefix: str) -> list[dict[str, Any]]:
        """Stories whose id is ``prefix`` or starts with it (at most two: enough to tell ambiguity)."""
        if not ID_TEXT.fullmatch(prefix):
            return []
        return (self._stories_with_members(S.stories.c.id == prefix)
                or self._stories_with_members(S.stories.c.id.startswith(prefix, autoescape=True),
                                              order=(S.stories.c.id,), limit=2))

    def list_stories(self, limit: int, offset: int) -> list[dict[str, Any]]:
        """Largest stories first, one page of them."""
        return self._stories_with_members(order=(S.stories.c.size.desc(), S.stories.c.id), limit=limit, offset=offset)

    def article_stamps(self, article_ids: list[str], chunk: int = 500) -> list[tuple[str, str | None, str | None]]:
        """(id, outlet, published) of each article, in the order given: what choosing among a story's
        articles needs, without reading them."""
        found: dict[str, tuple[str, str | None, str | None]] = {}
        with self.engine.connect() as conn:
            for n in range(0, len(article_ids), chunk):
                for aid, outlet, published in conn.execute(
                        select(S.articles.c.id, S.articles.c.outlet, S.articles.c.published)
                        .where(S.articles.c.id.in_(article_ids[n:n + chunk]))):
                    found[aid] = (aid, outlet, published)
        return [found[a] for a in article_ids if a in found]

    def outlets_of(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.articles.c.outlet).where(S.articles.c.id.in_(article_ids))).all()
        return {r[0] or "unknown" for r in rows}

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.stories)).scalar_one()

    def stories(self) -> list[dict[str, Any]]:
        """Every story, oldest first, its articles in id order (the export's order)."""
        return self._stories_with_members(members_by_seq=False)

    def count_search(self, query: str) -> int:
        """How many articles ``search`` finds in all (its pages hold ``limit`` of them)."""
        query = query.replace("\x00", " ")  # no database takes a NUL in a query string
        if not self.sqlite:
            if not query.strip():
                return 0
            sql = text("SELECT count(*) FROM articles, plainto_tsquery('english', :q) q "
                       "WHERE to_tsvector('english', coalesce(title, '') || ' ' || body) @@ q")
            params = {"q": query}
        else:
            terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split() if t)
            if not terms:
                return 0
            sql = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q")
            params = {"q": terms}
        with self.engine.connect() as conn:
            return conn.execute(sql, params).scalar_one()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over title and clean body (FTS5 on SQLite)."""
        query = query.replace("\x00", " ")  # no database takes a NUL in a query string
        if not self.sqlite:
            return self._search_pg(query, limit, offset)
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split() if t)
        if not terms:
            return []
        sql = text("SELECT article_id, title, snippet(articles_fts, 2, '[', ']', '…', 12) AS snippet "
                   "FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :lim OFFSET :off")
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sql, {"q": terms, "lim": limit, "off": offset})]
