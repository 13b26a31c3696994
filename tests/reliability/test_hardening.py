"""Issue 19: every hostile input and request gets a clear answer (a per-record failure naming the
file and line, a 4xx, or a one-line CLI error), never a traceback, a 500 or a silent loss."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text as sql
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from storyline import pipeline
from storyline.ingest import iter_inputs, read_jsonl_stream
from storyline.ingest.readers import detect, record_to_raw
from storyline.model import Failure, RawArticle
from storyline.present.api import create_app
from storyline.present.cli import app
from storyline.store import Store
from tests.conftest import EXAMPLES, ROOT, run_cli, wait_until_serving
from tests.ingest.test_warc import _warc

BODY = "The harbour reopened on Monday after a storm, the port authority said in a statement."


def _jsonl(tmp_path: Path, lines: list[bytes | str]) -> list[RawArticle | Failure]:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(ln if isinstance(ln, bytes) else ln.encode() for ln in lines) + b"\n")
    return list(iter_inputs([str(path)], 10**9))


# row 1 -------------------------------------------------------------------------------------------
def test_deeply_nested_jsonl_line_is_one_failure_and_the_batch_goes_on(tmp_path):
    items = _jsonl(tmp_path, ["[" * 100_000 + "]" * 100_000, '{"text": ' + "[" * 100_000,
                              '{"text": "x", "n": ' + "1" * 5000 + "}", json.dumps({"text": BODY})])
    assert [type(i) for i in items] == [Failure, Failure, Failure, RawArticle]
    assert items[0].source.endswith("in.jsonl:1") and "nested more than 64 levels" in items[0].reason
    assert items[1].source.endswith("in.jsonl:2") and "nested" in items[1].reason
    assert items[2].source.endswith("in.jsonl:3") and "digits" in items[2].reason


def test_overlong_jsonl_line_is_skipped_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_MAX_RECORD_BYTES", "1000")
    items = list(read_jsonl_stream(io.BytesIO(json.dumps({"text": "x" * 5000}).encode() + b"\n" +
                                              json.dumps({"text": BODY}).encode()), "<stdin>"))
    assert isinstance(items[0], Failure) and items[0].source == "<stdin>:1" and "1,000-byte limit" in items[0].reason
    assert isinstance(items[1], RawArticle) and items[1].source == "<stdin>:2"


# row 2 -------------------------------------------------------------------------------------------
def _boundaries(data: bytes) -> set[int]:
    it = ArchiveIterator(io.BytesIO(data))
    ends = set()
    for _ in it:
        ends.add(it.get_record_offset() + it.get_record_length())
    return ends


def test_a_warc_cut_anywhere_is_a_failure_and_no_cut_record_is_stored(tmp_path):
    for name in ("crawl.warc", "crawl.warc.gz"):
        full = tmp_path / name
        _warc(full)
        data = full.read_bytes()
        whole = {i.text for i in iter_inputs([str(full)], 10**9) if isinstance(i, RawArticle)}
        assert len(whole) == 1
        ends = _boundaries(data)
        cut_file = tmp_path / ("cut-" + name)
        for cut in range(1, len(data)):
            if (cut if name.endswith(".gz") else cut - 4) in ends:
                continue  # a cut between records (after a gzip member, or a record's two CRLFs): a valid archive
            cut_file.write_bytes(data[:cut])
            items = list(iter_inputs([str(cut_file)], 10**9))
            assert any(isinstance(i, Failure) for i in items), (name, cut)
            assert all(i.text in whole for i in items if isinstance(i, RawArticle)), (name, cut)


def test_warc_gz_that_is_not_gzip_or_not_warc_is_a_failure(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(b"hello, plain text\n" * 20)
    (tmp_path / "b.warc").write_bytes(b"<html>not an archive</html>\n")
    (tmp_path / "c.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate" * 3)
    items = list(iter_inputs([str(tmp_path)], 10**9))
    assert [type(i) for i in items] == [Failure] * 3
    assert "not gzip-compressed" in items[0].reason and "not a WARC archive" in items[1].reason
    assert "damaged" in items[2].reason or "not a readable" in items[2].reason


# row 7 -------------------------------------------------------------------------------------------
def test_control_characters_are_stripped_from_jsonl_metadata(tmp_path):
    rec = {"text": BODY, "title": "Harbour \x1b]0;pwned\x07reopens\x1b[2J", "outlet": "Quay\u202e Post\r\n",
           "authors": ["Rhea\x00 Lund", "\x1b[31m"], "url": "https://q.example/\x1b[1m"}
    (item,) = _jsonl(tmp_path, [json.dumps(rec)])
    assert item.title == "Harbour ]0;pwnedreopens[2J" and item.outlet == "Quay Post"
    assert item.authors == ("Rhea Lund", "[31m") and item.url == "https://q.example/[1m"


# row 10 ------------------------------------------------------------------------------------------
CYRILLIC = "Мэр города заявил в понедельник, что мост будет открыт в пятницу после ремонта.\n"


def test_cp1251_is_read_as_cyrillic():
    for text in (CYRILLIC, "Привет мир", "Глава администрации заявил, что дорога откроется в среду."):
        d = detect(text.encode("cp1251"))
        assert d.text == text, (d.encoding, d.text)


def test_western_texts_still_read_right():
    for text in ("The café owner, Renée Dupré, said the façade would be restored by June.\n",
                 "Müller sagte, dass die Brücke am Freitag öffnet.", "naïve résumé"):
        assert detect(text.encode("cp1252")).text == text


def test_utf16_without_bom_is_text():
    for text in ("Harbour officials said the ferry docked two hours late on Monday.\n", CYRILLIC):
        for enc in ("utf-16-le", "utf-16-be"):
            d = detect(text.encode(enc))
            assert d.text == text and d.encoding == enc


def test_uncertain_detection_warns_in_the_ingest_summary(tmp_path):
    (tmp_path / "short.txt").write_bytes("Привет мир".encode("cp1251"))
    (tmp_path / "long.txt").write_bytes(CYRILLIC.encode("cp1251"))
    short, long_ = sorted(iter_inputs([str(tmp_path)], 10**9), key=lambda i: i.source, reverse=True)
    assert "encoding guessed as cp1251" in short.warning and long_.warning is None


# row 11 ------------------------------------------------------------------------------------------
def test_lone_surrogate_is_a_per_record_failure(tmp_path):
    items = _jsonl(tmp_path, ['{"text": "The mayor \\ud800 said the bridge would reopen."}',
                              '{"text": "ok", "title": "a \\udc00 b"}', '{"text": "A pair \\ud83d\\ude00 is fine '
                              'and the mayor said so on Monday."}'])
    assert [type(i) for i in items] == [Failure, Failure, RawArticle]
    assert "lone UTF-16 surrogate (\\ud800" in items[0].reason and items[0].source.endswith(":1")
    assert "'title'" in items[1].reason


# the API and the CLI ----------------------------------------------------------------------------
API_LISTS = ["/api/stories", "/api/articles", "/api/entities", "/api/search?q=tanker", "/", "/index.json",
             "/search?q=tanker", "/search.json?q=tanker"]


@pytest.fixture(scope="module")
def client(example_store):
    return TestClient(create_app(example_store.url), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """A database with two articles whose ids share their first character (an ambiguous prefix)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('twins') / 'twins.db'}"
    store = Store(url)
    by_first: dict[str, RawArticle] = {}
    for n in range(100):
        raw = record_to_raw({"text": f"The ferry to Port Avera ran {n} minutes late on Monday, the harbour office "
                                     "said in a statement."}, f"t.jsonl:{n}")
        if raw.id[0] in by_first:
            pair = [by_first[raw.id[0]], raw]
            break
        by_first[raw.id[0]] = raw
    assert pipeline.ingest(pair, store).ok
    return url, [r.id for r in pair]


def test_deeply_nested_post_is_422(tmp_path):
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'deep.db'}"), raise_server_exceptions=False)
    for body in ("[" * 100_000 + "]" * 100_000, '{"text": ' + "[" * 100_000, '{"text": "' + "x" * 10 + '", "n": '
                 + "9" * 5000 + "}"):
        r = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, (r.status_code, r.text[:200])


def test_post_to_a_read_only_database_is_503_not_500(tmp_path):
    Store(f"sqlite:///{tmp_path / 'ro.db'}").close()
    client = TestClient(create_app(f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true"),
                        raise_server_exceptions=False)
    r = client.post("/api/articles", json={"text": BODY})
    assert r.status_code == 503 and "readonly" in r.json()["detail"] and "INSERT" not in r.text


# row 3
def test_ambiguous_article_prefix_is_404_with_candidates(twins):
    url, ids = twins
    client = TestClient(create_app(url), raise_server_exceptions=False)
    for path in (f"/articles/{ids[0][0]}", f"/api/articles/{ids[0][0]}", f"/articles/{ids[0][0]}.json"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "ambiguous" in r.text and all(i in r.text for i in ids), path
    assert client.get(f"/api/articles/{ids[0][:10]}").json()["id"] == ids[0]  # a unique prefix still works


# row 4
@pytest.mark.parametrize("value", [2**63, 2**64, 10**30, -1])
def test_out_of_range_offsets_are_422_on_every_listing(client, value):
    for path in API_LISTS:
        sep = "&" if "?" in path else "?"
        r = client.get(f"{path}{sep}offset={value}")
        assert r.status_code == 422, (path, r.status_code)
    assert client.get("/api/articles?offset=4611686018427387904").status_code == 200  # the limit itself: empty page
    assert client.get("/articles/x?hl=1-" + "9" * 5000).status_code == 422


# row 5
def test_cross_site_text_plain_post_is_refused(tmp_path):
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'x.db'}"), raise_server_exceptions=False)
    body = json.dumps({"text": BODY})
    r = client.post("/api/articles", content=body, headers={"content-type": "text/plain",
                                                             "origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-site" in r.json()["detail"]
    assert client.post("/api/articles", content=body, headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/api/articles", content=body, headers={"content-type": "application/json",
                                                                "origin": "https://evil.example"}).status_code == 403
    assert client.post("/api/articles", content=body, headers={"content-type": "application/json",
                                                                "sec-fetch-site": "cross-site"}).status_code == 403
    assert client.get("/api/articles").json()["total"] == 0


def test_same_origin_json_post_with_token_is_accepted(tmp_path):
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'x.db'}", token="t0k"), raise_server_exceptions=False)
    headers = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    assert client.post("/api/articles", json={"text": BODY}, headers=headers).status_code == 401
    r = client.post("/api/articles", json={"text": BODY}, headers=dict(headers, authorization="Bearer t0k"))
    assert r.status_code == 201


def test_foreign_host_header_is_refused(example_store):
    client = TestClient(create_app(example_store.url, allowed_hosts=["127.0.0.1", "localhost"]),
                        base_url="http://127.0.0.1:8000")
    assert client.get("/api/stories").status_code == 200
    refused = client.get("/api/stories", headers={"host": "rebound.evil.example"})
    assert refused.status_code == 400 and refused.headers["x-content-type-options"] == "nosniff"


def test_security_headers_on_every_page_and_head_answered(client, example_store):
    sid = client.get("/api/stories").json()["items"][0]["id"]
    aid = client.get("/api/articles").json()["items"][0]["id"]
    for path in ["/", f"/stories/{sid}", f"/articles/{aid}", "/search?q=reef", "/api/stories", "/nope", "/docs",
                 "/openapi.json"]:
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
        assert "unsafe-inline" not in csp and "default-src 'none'" in csp, path
        if path != "/docs" and r.headers["content-type"].startswith("text/html"):
            assert "<script" not in r.text and "script-src" not in csp, path  # no script on the pages at all
            for style in re.findall(r"<style>(.*?)</style>", r.text, flags=re.S):  # each inline style by hash
                digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in csp, path
            assert " style=" not in r.text, path
        head = client.head(path)
        assert head.status_code == r.status_code and head.content == b"", path


def test_serve_makes_a_token_and_refuses_foreign_hosts(example_store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "storyline.present.cli", "serve", "--port", str(port), "--db",
                             example_store.url], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        lines: list[str] = []
        deadline = time.time() + 120
        while not any("write token" in ln for ln in lines):  # printed before the server starts listening
            assert time.time() < deadline, "no write token printed: " + "".join(lines)
            if select.select([proc.stderr], [], [], 1.0)[0]:
                line = proc.stderr.readline().decode()
                assert line, "".join(lines)
                lines.append(line)
        token = lines[-1].rsplit(" ", 1)[1].strip()
        assert len(token) >= 24
        wait_until_serving(base)
        assert httpx.post(base + "/api/articles", json={"text": BODY}).status_code == 401
        assert httpx.post(base + "/api/articles", json={"text": BODY}, headers={
            "authorization": f"Bearer {token}", "origin": "https://evil.example"}).status_code == 403
        assert httpx.get(base + "/api/stories", headers={"host": f"evil.example:{port}"}).status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    help_text = run_cli("serve", "--help", db=example_store.url).stdout.decode()
    assert "--no-auth" in help_text and "token" in help_text


# row 6
def test_search_total_is_the_number_of_hits(client):
    every = client.get("/api/search?q=tanker&limit=200").json()
    assert every["total"] == len(every["items"]) > 2
    page = client.get("/api/search?q=tanker&limit=1&offset=1").json()
    assert page["total"] == every["total"] and len(page["items"]) == 1
    assert client.get("/search.json?q=tanker&limit=1").json()["total"] == every["total"]


def test_search_count_on_both_databases(any_db_url):
    store = Store(any_db_url)
    raws = [record_to_raw({"text": f"The ferry to Port Avera ran {n} minutes late on Monday, the harbour office "
                                   "said."}, f"f.jsonl:{n}") for n in range(3)]
    assert pipeline.ingest(raws, store).ok
    assert store.count_search("ferry") == len(store.search("ferry", limit=200)) == 3
    assert store.count_search("ferry\x00late") == 3 and store.search("\x00") == [] and store.count_search("") == 0


# row 7
def test_control_characters_never_reach_the_terminal(tmp_path):
    url = f"sqlite:///{tmp_path / 'esc.db'}"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps({"text": BODY, "title": "Harbour\x1b]0;pwned\x07 reopens",
                                                   "outlet": "Quay\x1b[2J Post", "authors": ["R\x1b[31m Lund"]}) + "\n")
    (folder / "evil\nignored 5, unchanged 0, failed 0\x1b[2J.txt").write_bytes(b"")
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", url, "-p", "1"])
    assert res.exit_code == 1
    assert "\x1b" not in res.output and "\\nignored 5" in res.output and "\\x1b[2J" in res.output
    assert [ln for ln in res.output.splitlines() if ln.startswith("ingested")] == [
        "ingested 1, unchanged 0, failed 1"]  # the file name could not forge a summary line
    store = Store(url)
    (art,) = store.list_articles()
    assert art["title"] == "Harbour]0;pwned reopens" and art["outlet"] == "Quay[2J Post"
    with store.engine.begin() as conn:  # a database written by an older version, with raw controls
        conn.execute(sql("UPDATE articles SET title = :t, source = :s"), {"t": "T\x1b]0;x\x07", "s": "a\nb"})
    for args in (["articles"], ["show", art["id"]], ["report"]):
        res = CliRunner().invoke(app, [*args, "--db", url])
        assert res.exit_code == 0 and "\x1b" not in res.output and "\x07" not in res.output, args
    assert "T\\x1b]0;x" in CliRunner().invoke(app, ["show", art["id"], "--db", url]).output


def test_undecodable_file_name_is_stored_and_printed_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/bad\xff.txt"))).write_text(BODY)
    url = f"sqlite:///{tmp_path / 'names.db'}"
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", url, "-p", "1"])
    assert res.exit_code == 0, res.output
    (art,) = Store(url).list_articles()
    assert art["source"].endswith("bad\\xff.txt")
    assert "bad\\xff.txt" in CliRunner().invoke(app, ["articles", "--db", url]).output


# row 8
def _one_line_error(proc, *needles):
    errtext = proc.stderr.decode()
    assert proc.returncode == 2, errtext
    assert "Traceback" not in errtext and "SELECT" not in errtext and "[SQL" not in errtext, errtext
    assert len(errtext.strip().splitlines()) == 1, errtext
    for n in needles:
        assert n in errtext, errtext


def test_unusable_database_is_a_one_line_error(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database\n" * 200)
    _one_line_error(run_cli("articles", db=f"sqlite:///{junk}"), "file is not a database", "--db")
    Store(f"sqlite:///{tmp_path / 'ro.db'}").close()
    ro = f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true"
    _one_line_error(run_cli("ingest", str(EXAMPLES / "northern-wire.jsonl"), db=ro), "cannot write", "readonly")
    _one_line_error(run_cli("articles", db=f"sqlite:///{tmp_path / 'missing' / 'x.db'}"), "unable to open")


def test_dossier_output_errors_leave_no_part_file(tmp_path, example_store):
    for target, needle in ((tmp_path / "missing" / "d.html", "create it first"), (tmp_path, "is a folder")):
        _one_line_error(run_cli("dossier", "--largest", "-o", str(target), db=example_store.url), needle)
    assert not list(tmp_path.rglob("*.part"))
    (tmp_path / "ok.html").mkdir()
    _one_line_error(run_cli("export", "-o", str(tmp_path / "ok.html"), db=example_store.url), "folder")
    assert not list(tmp_path.rglob("*.part"))


# row 9
@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://bob:hunter2secret@127.0.0.1:1/news", "bob:***@127.0.0.1:1/news"),
    # issue 30 row 4: a password given as a query parameter
    ("postgresql+psycopg://bob@127.0.0.1:1/news?password=hunter2secret&sslmode=disable", "password=***"),
])
def test_postgresql_password_is_masked(url, shown):
    for args in (["articles"], ["serve", "--port", "8931"]):
        proc = run_cli(*args, db=url)
        _one_line_error(proc, shown)
        assert "hunter2secret" not in proc.stderr.decode() + proc.stdout.decode()
