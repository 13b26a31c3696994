"""Fuzzing (issue 19): hypothesis generates JSON Lines records, raw lines, HTTP paths and query
strings, and request bodies against the in-process app (TestClient, server exceptions returned as
500s, not raised): every input is an article or a failure naming its line, every request a 2xx,
3xx or 4xx; no 5xx and no traceback. The parameters of the GET routes come from the app's own
OpenAPI schema, so a new route is fuzzed without editing this file. Bounded: ~700 examples, < 60 s."""
from __future__ import annotations

import io
import json
import re
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import read_jsonl_stream
from storyline.model import Failure, RawArticle
from storyline.present.api import create_app

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def bounded(n: int) -> settings:
    """``n`` examples, the same ones on every run (a failure reproduces), no per-example deadline."""
    return settings(max_examples=n, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


NASTY = st.sampled_from(["", "\x00", "\x1b[2J", "\ud800", "\udfff", "\u202e", "..", "../../etc/passwd", "%", "%00",
                         "%ff", "'", '"', "<script>", "*", "NEAR(", ") OR (1", "a" * 600, "9" * 5000, "-1",
                         str(2**63), str(2**64), "1e309", "NaN", "[" * 500, "{}", "\n", "\r\n", "é", "Привет",
                         ".json", "/", "//", "\\", "?", "#", "&", "="])
STRINGS = NASTY | st.text(max_size=40)
SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | STRINGS
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(STRINGS, inner, max_size=4),
                    max_leaves=12)
FIELDS = st.fixed_dictionaries({}, optional={k: JSON | STRINGS for k in
                                             ("text", "html", "title", "outlet", "authors", "url", "published")})


def _line(value: object) -> bytes:
    try:
        return json.dumps(value).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return b"{}"


LINES = (FIELDS.map(_line) | JSON.map(_line) | st.binary(max_size=200)
         | st.builds(lambda n, d: (b"[" * n + b"]" * d), st.integers(0, 20_000), st.integers(0, 20_000)))


@bounded(300)
@given(st.lists(LINES, min_size=1, max_size=6))
def test_jsonl_records_are_articles_or_failures_naming_their_line(lines):
    data = b"\n".join(ln.replace(b"\n", b" ") for ln in lines) + b"\n"
    items = list(read_jsonl_stream(io.BytesIO(data), "f.jsonl"))
    for item in items:
        assert isinstance(item, (RawArticle, Failure))
        assert item.source.startswith("f.jsonl:")
        if isinstance(item, RawArticle):
            for value in (item.title, item.outlet, item.url, *item.authors):
                assert value is None or not CONTROLS.search(value), value  # no control characters in metadata


@pytest.fixture(scope="module")
def client(example_store):
    return TestClient(create_app(example_store.url), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def get_routes(client):
    """(path template, {parameter: schema}) for every GET route of the OpenAPI schema, plus the pages."""
    spec = client.get("/openapi.json").json()
    routes = [(path, {p["name"]: p.get("schema", {}) for p in op.get("parameters", [])})
              for path, ops in spec["paths"].items() for method, op in ops.items() if method == "get"]
    pages = {"offset": {"type": "integer"}, "limit": {"type": "integer"}}
    routes += [("/", pages), ("/index.json", pages), ("/search", {**pages, "q": {"type": "string"}}),
               ("/search.json", {**pages, "q": {"type": "string"}}), ("/stories/{x}", {}),
               ("/articles/{x}", {"hl": {"type": "string"}}), ("/entities/{x}", {}), ("/docs", {})]
    return routes


def _value(draw, schema: dict) -> str:
    if schema.get("type") == "integer":
        return str(draw(st.integers(min_value=-(2**80), max_value=2**80) | st.sampled_from([0, 1, 500, 501])))
    return draw(STRINGS | st.from_regex(r"\d{1,12}-\d{1,12}", fullmatch=True))


@st.composite
def requests(draw, routes):
    path, params = draw(st.sampled_from(routes))
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + quote(draw(STRINGS).encode("utf-8", "surrogatepass"), safe="") + path[end + 1:]
    query = {name: _value(draw, schema) for name, schema in params.items() if draw(st.booleans())}
    extra = draw(st.dictionaries(STRINGS, STRINGS, max_size=2))
    pairs = [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass"))
             for k, v in [*query.items(), *extra.items()]]
    return path + ("?" + urlencode(pairs) if pairs else ""), draw(st.sampled_from(["GET", "HEAD"]))


def test_http_paths_and_query_strings_never_5xx(client, get_routes):
    seen: dict[int, int] = {}

    @bounded(350)
    @given(requests(get_routes))
    def run(req):
        url, method = req
        r = client.request(method, url)
        seen[r.status_code] = seen.get(r.status_code, 0) + 1
        assert r.status_code < 500, (method, url, r.status_code, r.text[:300])
        assert "Traceback" not in r.text, url

    run()
    assert sum(seen.values()) >= 350
    assert seen.get(200) and seen.get(422) and seen.get(404), seen  # the run reached pages, validation and lookups


def test_post_bodies_never_5xx(tmp_path):
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'fuzz.db'}"), raise_server_exceptions=False)
    bodies = FIELDS.map(_line) | JSON.map(_line) | st.binary(max_size=300)

    @bounded(60)
    @given(bodies, st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", ""]),
           st.sampled_from([None, "http://testserver", "https://evil.example", "null"]))
    def run(body, ctype, origin):
        headers = {"content-type": ctype} | ({"origin": origin} if origin else {})
        r = client.post("/api/articles", content=body, headers=headers)
        assert r.status_code < 500, (body[:200], r.status_code, r.text[:300])
        assert "Traceback" not in r.text

    run()


# issue 30: output paths and database URLs, through the CLI in this process
PATH_PARTS = st.sampled_from(["dir", "file", "link", "dangling", "new.json", "..", ".", "", "a" * 300, "\x00",
                              "é.json", "x.part", " ", "-", "--help", "con", "file.json"])


def test_output_paths_are_written_or_refused_in_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner  # noqa: PLC0415

    from storyline.present.cli import app  # noqa: PLC0415
    monkeypatch.chdir(tmp_path)
    db = f"sqlite:///{tmp_path / 'out.db'}"
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("keep\n")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    runner = CliRunner()
    codes: dict[int, int] = {}

    @bounded(60)
    @given(st.lists(PATH_PARTS, min_size=1, max_size=3))
    def run(parts):
        path = "/".join(parts)
        r = runner.invoke(app, ["export", "-o", path, "--db", db])
        codes[r.exit_code] = codes.get(r.exit_code, 0) + 1
        assert r.exit_code in (0, 2), (path, r.exit_code, r.output[-500:])
        assert r.exception is None or isinstance(r.exception, SystemExit), (path, repr(r.exception))
        assert "Traceback" not in r.output, path
        assert (tmp_path / "link").is_symlink(), path  # a link at the path is never replaced
        kept = (tmp_path / "file").read_text()
        assert kept == "keep\n" or kept.startswith("{"), path  # the file, or an export written whole over it
        assert not list(tmp_path.rglob("*.json.part")), path

    run()
    assert codes.get(0) and codes.get(2), codes  # both written and refused paths were tried


URL_HEADS = st.sampled_from(["sqlite:///", "sqlite://", "sqlite:////", "postgresql+psycopg://u:p@127.0.0.1:1/",
                             "postgresql://127.0.0.1:1/", "mysql://", "", "file:", "sqlite:///file:", "http://"])


def test_database_urls_are_opened_or_refused_in_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner  # noqa: PLC0415

    from storyline.present.cli import app  # noqa: PLC0415
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("W")
    runner = CliRunner()

    @bounded(60)
    @given(URL_HEADS, NASTY | st.sampled_from(["db.sqlite", "notes.txt", "dir/x.db", "?mode=ro", "a?password=secret"]))
    def run(head, tail):
        url = head + tail
        r = runner.invoke(app, ["articles", "--db", url])
        assert r.exit_code in (0, 2), (url, r.exit_code, r.output[-500:], repr(r.exception))
        assert "Traceback" not in r.output, url
        assert "secret" not in r.output, url  # a password is never printed
        assert (tmp_path / "notes.txt").read_text() == "W", url  # a file that is no database stays as it was

    run()
