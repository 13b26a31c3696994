"""Every API route in-process (TestClient), with 404s, bad input and pagination."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from storyline.present.api import MAX_POST_BYTES, create_app


@pytest.fixture(scope="module")
def client(example_store):
    return TestClient(create_app(example_store.url))


def test_stories_list_and_pagination(client):
    page = client.get("/api/stories?limit=1").json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["items"][0]["articles"] == 5
    second = client.get("/api/stories?limit=1&offset=1").json()["items"]
    assert second[0]["id"] != page["items"][0]["id"]
    assert client.get("/api/stories?limit=0").status_code == 422
    assert client.get("/api/stories?offset=-1").status_code == 422


def test_dossier_route_and_404(client):
    sid = client.get("/api/stories").json()["items"][0]["id"]
    d = client.get(f"/api/stories/{sid}").json()
    assert d["story"]["id"] == sid and d["conflicts"] and d["agreements"] and d["timeline"]
    assert client.get(f"/api/stories/{sid[:6]}").json()["story"]["id"] == sid  # unique prefix
    r = client.get("/api/stories/doesnotexist")
    assert r.status_code == 404 and "storyline report" in r.json()["detail"]


def test_articles_routes(client):
    page = client.get("/api/articles?limit=4&offset=0").json()
    assert page["total"] == 6 and len(page["items"]) == 4
    assert len(client.get("/api/articles?limit=4&offset=4").json()["items"]) == 2
    aid = page["items"][0]["id"]
    art = client.get(f"/api/articles/{aid}").json()
    assert art["id"] == aid and art["body"] and "quotes" in art and "claims" in art and "mentions" in art
    assert client.get("/api/articles/ffffffff").status_code == 404


def test_entities_routes(client):
    page = client.get("/api/entities?limit=500&type=PERSON").json()
    assert page["total"] == len(page["items"]) > 0 and all(e["type"] == "PERSON" for e in page["items"])
    solberg = next(e for e in page["items"] if e["name"] == "Ingrid Solberg")
    view = client.get(f"/api/entities/{solberg['id']}").json()
    assert len({q["outlet"] for q in view["quotes"]}) >= 3  # every outlet's rendering of her words
    assert client.get("/api/entities/nope").status_code == 404
    assert client.get("/api/entities?type=bad;drop").status_code == 422


def test_search(client):
    hits = client.get("/api/search?q=seabirds").json()["items"]
    assert len(hits) == 1 and "seabirds" in hits[0]["snippet"]
    assert client.get("/api/search?q=").status_code == 422
    for attack in ["' OR 1=1 --", '"; DROP TABLE articles; --', "NEAR(", "*", "reef) OR (1"]:
        r = client.get("/api/search", params={"q": attack})
        assert r.status_code == 200, attack
    assert client.get("/api/articles").json()["total"] == 6


def test_openapi_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/entities", "/api/search"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_post_article(tmp_path):
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'post.db'}"))
    art = {"text": "The harbour reopened on Monday after a storm, the port authority said in a statement. "
                   "\"Ships can sail again,\" harbour master Rhea Lund said.", "outlet": "Quay Post",
           "title": "Harbour reopens", "published": "2025-03-03"}
    r = client.post("/api/articles", json=art)
    assert r.status_code == 201 and r.json()["status"] == "ingested" and r.json()["story"]
    assert client.post("/api/articles", json=art).json()["status"] == "unchanged"
    as_json = {"content-type": "application/json"}
    assert client.post("/api/articles", content=b"{not json", headers=as_json).status_code == 400
    assert client.post("/api/articles", content=json.dumps(art)).status_code == 415  # writes only as JSON
    assert client.post("/api/articles", json={"title": "no body"}).status_code == 422
    assert client.post("/api/articles", json={"text": 5}).status_code == 422
    assert client.post("/api/articles", json=["a"]).status_code == 422
    big = json.dumps({"text": "word " * (MAX_POST_BYTES // 4)})
    assert client.post("/api/articles", content=big, headers={"content-type": "application/json"}).status_code == 413
    assert client.get("/api/articles").json()["total"] == 1


def test_token_protects_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_TOKEN", "s3cret")
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'tok.db'}"))
    art = {"text": "The harbour reopened on Monday after a storm, the port authority said in a statement."}
    assert client.post("/api/articles", json=art).status_code == 401
    assert client.post("/api/articles", json=art, headers={"Authorization": "Bearer s3cret"}).status_code == 201
    assert client.get("/api/articles").status_code == 200  # reads stay open
