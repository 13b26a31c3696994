"""50 concurrent clients against a local `storyline serve` for 60 seconds: reads, searches and
article POSTs; no 5xx, no accepted POST lost; latency percentiles printed."""
from __future__ import annotations

import asyncio
import json
import random
import time

import httpx
import pytest

from storyline.store import Store
from tests.conftest import EXAMPLES, SERVE_TOKEN, run_cli, serve
from tests.support.gen import short_articles

pytestmark = pytest.mark.slow
CLIENTS, SECONDS = 50, 60


@pytest.fixture
def served(tmp_path):
    url = f"sqlite:///{tmp_path / 'load.db'}"
    run_cli("ingest", str(EXAMPLES), "-q", db=url, check=True)
    proc, base = serve(url)
    yield base, url
    proc.terminate()
    proc.wait(timeout=20)


async def _client(n: int, base: str, sid: str, aids: list[str], posts: list[dict], results: list, accepted: list,
                  stop: float) -> None:
    rng = random.Random(n)
    auth = {"Authorization": f"Bearer {SERVE_TOKEN}"}
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        while time.time() < stop:
            roll = rng.random()
            if roll < 0.06 and posts:
                body = posts.pop()
                kind, req = "post", c.post("/api/articles", json=body, headers=auth)
            elif roll < 0.3:
                kind, req = "search", c.get("/api/search", params={"q": rng.choice(["reef", "tanker", "crew", "oil"])})
            elif roll < 0.6:
                kind, req = "dossier", c.get(f"/api/stories/{sid}")
            elif roll < 0.8:
                kind, req = "article", c.get(f"/articles/{rng.choice(aids)}")
            else:
                kind, req = "stories", c.get("/api/stories?limit=10")
            t = time.perf_counter()
            r = await req
            results.append((kind, r.status_code, (time.perf_counter() - t) * 1000))
            if kind == "post" and r.status_code == 201:
                accepted.append(r.json()["id"])


def test_fifty_clients_for_a_minute(served):
    base, url = served
    first = httpx.get(base + "/api/stories").json()["items"][0]["id"]
    aids = [a["id"] for a in httpx.get(base + "/api/articles").json()["items"]]
    posts = short_articles(400, seed=9)
    results: list = []
    accepted: list = []
    stop = time.time() + SECONDS

    async def main():
        await asyncio.gather(*[_client(i, base, first, aids, posts, results, accepted, stop) for i in range(CLIENTS)])

    asyncio.run(main())
    statuses = [s for _, s, _ in results]
    assert not [s for s in statuses if s >= 500], "server errors under load"
    assert all(s in (200, 201) for s in statuses), sorted(set(statuses))
    stored = set(Store(url).article_ids())
    assert accepted and set(accepted) <= stored  # no accepted article lost
    report = {}
    for kind in sorted({k for k, _, _ in results}):
        lat = sorted(ms for k, _, ms in results if k == kind)
        report[kind] = {"n": len(lat), "p50_ms": round(lat[len(lat) // 2], 1), "p95_ms": round(lat[int(len(lat) * .95)], 1)}
    print("LOAD", json.dumps(report))
    assert len(results) > 500
