"""Issue 30, the second hostile probe: each row that is answered here has a test that failed on the
code before the change (the row number is the issue's; row 4 is a case of
``test_hardening.py::test_postgresql_password_is_masked``)."""
from __future__ import annotations

import os
import stat

import pytest

from storyline.clean import clean
from storyline.clean.article import CleanError
from storyline.ingest import content_id, iter_inputs
from storyline.ingest.readers import detect
from storyline.model import Failure, RawArticle
from tests.conftest import run_cli
from tests.reliability.test_hardening import _one_line_error


# row 1
def test_output_through_a_link_is_refused_and_a_regular_file_keeps_its_mode(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    target = tmp_path / "t.json"
    target.write_text("mine\n")
    link = tmp_path / "l.json"
    link.symlink_to(target)
    _one_line_error(run_cli("export", "-o", str(link), db=db), "symbolic link")
    assert link.is_symlink() and target.read_text() == "mine\n"
    private = tmp_path / "p.json"
    private.write_text("old\n")
    private.chmod(0o600)
    assert run_cli("export", "-o", str(private), db=db).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and '"articles"' in private.read_text()
    assert not list(tmp_path.glob("*.part"))


# row 2
def test_output_under_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "f").write_text("")
    _one_line_error(run_cli("export", "-o", str(tmp_path / "f" / "x.json"), db=f"sqlite:///{tmp_path / 's.db'}"),
                    "cannot write", "is a file")


# row 3
def test_an_offset_past_64_bits_is_a_usage_error(tmp_path):
    proc = run_cli("articles", "--offset", str(2**63), db=f"sqlite:///{tmp_path / 's.db'}")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr and b"--offset" in proc.stderr


# row 8
def test_a_link_to_itself_is_reported_not_skipped(tmp_path):
    loop = tmp_path / "x.txt"
    os.symlink("x.txt", loop)
    for given in (tmp_path, loop):
        (item,) = list(iter_inputs([str(given)], 10**6))
        assert isinstance(item, Failure) and "points to itself" in item.reason


# row 10
def test_a_read_only_command_leaves_a_file_that_is_no_database_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"W")
    _one_line_error(run_cli("articles", db=f"sqlite:///{notes}"), "not a database", "left as it is")
    assert notes.read_bytes() == b"W"
    # a new file, or an empty one, is still a new database
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert run_cli("articles", db=f"sqlite:///{empty}").returncode == 0


# row 9
def test_a_stray_latin1_byte_keeps_the_rest_of_a_utf8_file():
    data = "Mayor Dåhl said the harbour of Vell reopened on Monday.".encode() + b" Caf\xe9 owners cheered."
    decoded = detect(data)
    assert decoded.encoding == "utf-8" and "Dåhl" in decoded.text and "Caf\ufffd owners" in decoded.text
    assert decoded.warning is not None and "1 byte that is not UTF-8" in decoded.warning
    legacy = detect("Le café de Vell a rouvert lundi, très tôt.".encode("cp1252"))  # no UTF-8 in it: still Latin-1
    assert "café" in legacy.text and "très tôt" in legacy.text


# row 14
def test_prose_in_another_language_is_refused_for_its_language_not_as_furniture():
    for text, name in (("В понедельник в Москве прошли переговоры министров иностранных дел. "
                        "Стороны договорились продолжить диалог.", "Russian"),
                       ("Le maire de Lyon a annoncé lundi la fermeture du pont pour travaux. "
                        "Les habitants sont inquiets.", "French")):
        with pytest.raises(CleanError, match=f"reads as {name}.*English text only"):
            clean(RawArticle(id=content_id(text), source="t.txt", format="text", text=text, encoding="utf-8"))
    with pytest.raises(CleanError, match="furniture"):  # English furniture keeps its reason
        text = "Share this story\nSign up for our newsletter.\nClick here to subscribe now!\n© 2031 Vell Courier"
        clean(RawArticle(id=content_id(text), source="t.txt", format="text", text=text, encoding="utf-8"))


# row 7
def _render_reference(body: str, marks: list) -> str:
    """The rendering as it was before the sweep: every mark checked against every piece."""
    from itertools import pairwise  # noqa: PLC0415 - the reference only

    from markupsafe import escape  # noqa: PLC0415
    marks = [m for m in marks if 0 <= m.start < m.end <= len(body)]
    cuts = sorted({0, len(body)} | {m.start for m in marks} | {m.end for m in marks}
                  | {i for i, ch in enumerate(body) if ch == "\n"} | {i + 1 for i, ch in enumerate(body) if ch == "\n"})
    out, seen = ["<p>"], set()
    for a, b in pairwise(cuts):
        piece = body[a:b]
        if piece == "\n":
            out.append("</p>\n<p>")
            continue
        html = str(escape(piece))
        for m in sorted([m for m in marks if m.start <= a and b <= m.end], key=lambda m: (m.end - m.start, m.start)):
            attrs = f' class="{escape(m.cls)}"' + (f' title="{escape(m.title)}"' if m.title else "")
            if m.id and m.start == a and m.id not in seen:
                attrs += f' id="{escape(m.id)}"'
                seen.add(m.id)
            tag = "mark" if "hl" in m.cls.split() else "span"
            html = f"<{tag}{attrs}>{html}</{tag}>"
        out.append(html)
    out.append("</p>")
    return "".join(out)


def test_the_article_page_renders_in_time_linear_in_its_marks():
    import random  # noqa: PLC0415
    import time  # noqa: PLC0415

    from storyline.present.highlight import Mark, render_body  # noqa: PLC0415
    rng = random.Random(30)
    for _ in range(200):  # the sweep gives what the pairwise check gave, marks nested or overlapping
        body = "".join(rng.choice("ab <&\n") for _ in range(rng.randint(0, 60)))
        marks = [Mark(x, x + rng.randint(0, 12), rng.choice(["s", "q", "hl", "e"]), rng.choice([None, "t"]),
                      rng.choice([None, "i1", "i2"])) for x in (rng.randint(-2, 62) for _ in range(rng.randint(0, 8)))]
        assert str(render_body(body, marks)) == _render_reference(body, marks)
    sentence = "The harbour office said the ferry ran late again on Tuesday, officials said. "
    body = sentence * 3300  # ~250,000 characters, 3,300 sentences, 10,000 marks
    marks = [Mark(i * len(sentence) + d, i * len(sentence) + d + n, c) for i in range(3300)
             for d, n, c in ((0, len(sentence) - 1, "s"), (4, 13, "e"), (48, 55, "t"))]
    started = time.perf_counter()
    html = str(render_body(body, marks))
    assert time.perf_counter() - started < 3.0, "a 250k-character page took longer than 3 s to render"
    assert html.count("officials said.</span>") == 3300


# row 6
def test_a_small_warc_that_inflates_is_refused_record_by_record_without_holding_it(tmp_path):
    import io  # noqa: PLC0415
    import tracemalloc  # noqa: PLC0415

    from warcio.statusandheaders import StatusAndHeaders  # noqa: PLC0415
    from warcio.warcwriter import WARCWriter  # noqa: PLC0415
    bomb = tmp_path / "bomb.warc.gz"
    page = b"<html><body><p>" + b" " * (40 * 1024 * 1024) + b"</p></body></html>"  # 40 MB of spaces
    good = b"<html><body><p>The ferry ran late on Tuesday, the harbour office said.</p></body></html>"
    with bomb.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body in (("https://quaypost.example/bomb", page), ("https://quaypost.example/ferry", good)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    del page
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        items = list(iter_inputs([str(bomb)], 1024 * 1024))  # a 1 MB limit per file, and per record once inflated
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak:,} bytes held while reading a record of 40 MB"
    (failure,) = [i for i in items if isinstance(i, Failure)]
    assert failure.source.endswith(":1") and "over the 1,048,576-byte limit once decompressed" in failure.reason
    assert [i.url for i in items if isinstance(i, RawArticle)] == ["https://quaypost.example/ferry"]


# row 13
@pytest.mark.parametrize("depth, tag", [(1000, "div"), (50_000, "b")])
def test_text_under_deeply_nested_markup_is_found(depth, tag):
    paragraphs = "".join(f"<p>The ferry arrived {i} hours late on Saturday, the harbour office said in a "
                         "statement to reporters.</p>" for i in range(2, 6))
    page = ("<html><head><title>Ferry late</title></head><body>" + f"<{tag}>" * depth + paragraphs
            + f"</{tag}>" * depth + "</body></html>")
    art = clean(RawArticle(id="x", source="deep.html", format="html", text=page, encoding="utf-8"))
    assert art.body.count("hours late on Saturday") == 4


# row 5
def test_a_nul_in_an_id_is_a_404_on_both_databases(any_db_url):
    from fastapi.testclient import TestClient  # noqa: PLC0415

    from storyline.present.api import create_app  # noqa: PLC0415
    client = TestClient(create_app(any_db_url), raise_server_exceptions=False)
    for path in ("/api/articles/%00", "/api/articles/ab%00cd", "/api/stories/s%00", "/articles/%00"):
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code, r.text[:200])


def test_an_internal_error_is_a_500_with_the_security_headers(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient  # noqa: PLC0415

    from storyline.present import dossier  # noqa: PLC0415
    from storyline.present.api import SECURITY_HEADERS, create_app  # noqa: PLC0415

    def broken(store, article_id):
        raise RuntimeError("a bug")

    monkeypatch.setattr(dossier, "article_view", broken)
    client = TestClient(create_app(f"sqlite:///{tmp_path / 's.db'}"), raise_server_exceptions=False)
    r = client.get("/api/articles/abc")
    assert r.status_code == 500 and "internal error" in r.json()["detail"] and "a bug" not in r.text
    assert all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


# row 12
def test_a_rebuild_stopped_before_reconciling_keeps_the_titles_and_findings_of_unchanged_stories(tmp_path):
    from storyline import pipeline  # noqa: PLC0415
    from storyline.cluster.assign import recluster  # noqa: PLC0415
    from storyline.config import settings  # noqa: PLC0415
    from storyline.store import Store  # noqa: PLC0415
    from tests.conftest import EXAMPLES  # noqa: PLC0415
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        assert pipeline.ingest(iter_inputs([str(EXAMPLES)], 10**7), store).ok
        before = {s["id"]: (s["title"], len(store.findings(s["id"]))) for s in store.stories()}
        assert any(n for _, n in before.values())
        # what a `recluster` killed after its new stories were committed, before any was reconciled, leaves
        recluster(store, settings().story_threshold)
        after = {s["id"]: (s["title"], len(store.findings(s["id"]))) for s in store.stories()}
        assert after == before, "the same stories, with their titles and findings, until reconciled again"
        assert not store.pending()["stale"]
    finally:
        store.close()


# row 1, the charts a Markdown dossier writes beside itself
def test_the_charts_beside_a_markdown_dossier_are_written_as_safely_as_the_dossier(tmp_path):
    from tests.conftest import EXAMPLES  # noqa: PLC0415
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run_cli("ingest", str(EXAMPLES), db=db).returncode == 0
    out = tmp_path / "d.md"
    assert run_cli("dossier", "--largest", "--format", "md", "-o", str(out), db=db).returncode == 0
    pngs = sorted(tmp_path.glob("d-*.png"))
    assert pngs and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    target = tmp_path / "precious.txt"
    target.write_text("mine\n")
    pngs[0].unlink()
    pngs[0].symlink_to(target)
    _one_line_error(run_cli("dossier", "--largest", "--format", "md", "-o", str(out), db=db), "symbolic link")
    assert pngs[0].is_symlink() and target.read_text() == "mine\n"
    assert not list(tmp_path.glob("*.part"))


# row 11
def test_connections_that_trickle_their_request_head_are_closed(example_store):
    import select  # noqa: PLC0415
    import socket  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import time  # noqa: PLC0415

    import httpx  # noqa: PLC0415

    from tests.conftest import ROOT, wait_until_serving  # noqa: PLC0415
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, STORYLINE_HEADER_TIMEOUT="1.5")
    proc = subprocess.Popen([sys.executable, "-m", "storyline.present.cli", "serve", "--port", str(port), "--no-auth",
                             "--db", example_store.url], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    base = f"http://127.0.0.1:{port}"
    socks: list[socket.socket] = []
    try:
        wait_until_serving(base)
        for _ in range(60):  # a request line sent a few bytes at a time and never finished
            c = socket.create_connection(("127.0.0.1", port))
            c.sendall(b"GET /api/stor")
            socks.append(c)
        time.sleep(1.0)
        for c in socks[:10]:
            c.sendall(b"i")  # trickling more does not buy more time
        deadline = time.time() + 10
        closed = 0
        pending = list(socks)
        while pending and time.time() < deadline:
            ready, _, _ = select.select(pending, [], [], 0.5)
            for c in ready:
                if c.recv(1024) == b"":
                    closed += 1
                pending.remove(c)
        assert closed == len(socks), f"{len(socks) - closed} half-open connections still open"
        # a whole request is still answered, and a slow but whole one within the deadline too
        assert httpx.get(base + "/api/stories", timeout=5).status_code == 200
        with socket.create_connection(("127.0.0.1", port)) as c:
            c.sendall(b"GET /api/stories HTTP/1.1\r\n")
            time.sleep(0.5)
            c.sendall(f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
            c.settimeout(5)
            assert c.recv(64).startswith(b"HTTP/1.1 200")
    finally:
        for c in socks:
            c.close()
        proc.terminate()
        proc.wait(timeout=30)
