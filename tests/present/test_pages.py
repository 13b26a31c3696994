"""Pages and dossier files checked with an HTML parser: evidence present, text always escaped."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline import pipeline
from storyline.ingest.readers import record_to_raw
from storyline.present.api import create_app
from storyline.present.cli import app
from storyline.store import Store
from tests.conftest import HOSTILE


class Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    return t


def test_seed_dossier_page_shows_both_sides_of_the_conflicts(seeds_store):
    client = TestClient(create_app(seeds_store.url))
    big = client.get("/api/stories").json()["items"][0]
    d = client.get(f"/api/stories/{big['id']}").json()
    page = parse(client.get(f"/stories/{big['id']}").text)
    text = " ".join(page.text)
    day = next(c for c in d["conflicts"] if "day of" in c["about"])
    assert any("visited on Thursday" in s["text"] for s in day["sides"])
    assert any("late Wednesday" in s["text"] for s in day["sides"])
    for conflict in d["conflicts"]:
        for side in conflict["sides"]:
            assert side["text"] in text
    links = [a.get("href", "") for tag, a in page.tags if tag == "a"]
    assert any("/articles/" in h and "?hl=" in h for h in links)


def test_json_twins(example_store):
    client = TestClient(create_app(example_store.url))
    sid = client.get("/api/stories").json()["items"][0]["id"]
    assert client.get(f"/stories/{sid}.json").json() == client.get(f"/api/stories/{sid}").json()
    assert client.get(f"/stories/{sid}", headers={"accept": "application/json"}).json()["story"]["id"] == sid
    assert client.get("/index.json").json()["total"] == 2
    aid = client.get("/api/articles").json()["items"][0]["id"]
    assert client.get(f"/articles/{aid}.json").json()["id"] == aid
    assert client.get("/search.json?q=reef").json()["items"]


@pytest.fixture
def hostile_app(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hostile.db'}")
    raw = record_to_raw({"text": HOSTILE, "outlet": "<script>alert('outlet')</script>",
                         "title": "<img src=x onerror=alert(2)>Headline"}, "hostile.jsonl:1")
    assert pipeline.ingest([raw], store).ok
    return TestClient(create_app(store.url)), store, raw.id


def test_article_text_is_escaped_in_pages(hostile_app):
    client, store, aid = hostile_app
    for path in [f"/articles/{aid}", "/", f"/stories/{client.get('/api/stories').json()['items'][0]['id']}",
                 "/search?q=tanker"]:
        html = client.get(path).text
        tree = parse(html)
        assert not [t for t, _ in tree.tags if t in {"script", "img", "b", "i"}], path
        assert not any(k.startswith("on") for _, attrs in tree.tags for k in attrs), path
    assert "<script>alert" in " ".join(parse(client.get(f"/articles/{aid}").text).text)


def test_dossier_files_are_self_contained_and_escaped(hostile_app, tmp_path):
    client, store, aid = hostile_app
    sid = client.get("/api/stories").json()["items"][0]["id"]
    runner = CliRunner()
    for fmt in ("html", "md", "json"):
        out = tmp_path / f"d.{fmt}"
        res = runner.invoke(app, ["dossier", sid, "--format", fmt, "-o", str(out), "--db", store.url])
        assert res.exit_code == 0, res.output
        text = out.read_text()
        if fmt == "html":
            tree = parse(text)
            assert not [t for t, _ in tree.tags if t in {"script", "img", "link"}]
            assert not any(a.get("src") or (a.get("href") or "#").startswith("http") for _, a in tree.tags)
            anchors = {a["id"] for _, a in tree.tags if "id" in a}
            assert all(a["href"][1:] in anchors for t, a in tree.tags if t == "a" and a.get("href", "").startswith("#a-"))
        elif fmt == "md":
            assert "<script" not in text and "<img" not in text and "&lt;script&gt;" in text
        else:
            assert json.loads(text)["story"]["id"] == sid
    bad = runner.invoke(app, ["dossier", sid, "--format", "pdf", "--db", store.url])
    assert bad.exit_code == 2


def test_report_plain_text(example_store):
    res = CliRunner().invoke(app, ["report", "--db", example_store.url])
    assert res.exit_code == 0 and "Skerrow Reef" in res.output
    sid = json.loads(CliRunner().invoke(app, ["stories", "--json", "--db", example_store.url]).output)["items"]
    big = max(sid, key=lambda s: len(s["articles"]))["id"]
    res = CliRunner().invoke(app, ["report", big, "--db", example_store.url])
    assert res.exit_code == 0
    for section in ("Conflicts", "Agreements", "Quote variants", "Only one outlet reports", "Timeline"):
        assert section in res.output
    assert "\x1b[" not in res.output  # no colour codes when not a terminal
    assert CliRunner().invoke(app, ["report", "zzzz", "--db", example_store.url]).exit_code == 1
