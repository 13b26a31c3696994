"""HTTP API and web pages (FastAPI + Jinja2). Routes only parse input and call the library.

Every page has a JSON twin: the same path with ``.json`` or an ``Accept: application/json`` header.
"""
from __future__ import annotations

import hmac
import json
import os
import threading
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup
from pydantic import BaseModel

from storyline import pipeline
from storyline.config import settings
from storyline.ingest.readers import IngestError, record_to_raw
from storyline.present import dossier as D
from storyline.present.highlight import article_marks, render_body
from storyline.present.render import page
from storyline.store import Store

MAX_POST_BYTES = 2 * 1024 * 1024


class _Paging(BaseModel):
    total: int
    limit: int
    offset: int


class Page(_Paging):
    items: list[dict[str, Any]]


class StoryRow(BaseModel):
    id: str
    title: str | None
    summary: str | None
    articles: int
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    conflicts: int
    agreements: int
    exclusives: int
    variants: int


class StoryPage(_Paging):
    items: list[StoryRow]


class Dossier(BaseModel):
    story: dict[str, Any]
    articles: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    compatible: list[dict[str, Any]]
    evolving: list[dict[str, Any]]
    disputed: list[dict[str, Any]]
    variants: list[dict[str, Any]]
    exclusives: dict[str, list[dict[str, Any]]]
    timeline: list[dict[str, Any]]
    syndicated: list[list[dict[str, Any]]]


class ArticleView(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    authors: list[str]
    source: str
    url: str | None
    body: str
    paragraphs: list[dict[str, int]]
    sentences: list[dict[str, int]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    time_refs: list[dict[str, Any]]
    mentions: list[dict[str, Any]]


class EntityView(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    quotes: list[dict[str, Any]]
    articles: list[str]


class IngestResult(BaseModel):
    id: str
    status: str
    story: str | None


def _wants_json(request: Request, name: str) -> tuple[bool, str]:
    if name.endswith(".json"):
        return True, name[:-5]
    return "application/json" in request.headers.get("accept", ""), name


def create_app(db_url: str | None = None) -> FastAPI:
    url = db_url or settings().db_url
    store = Store(url)
    app = FastAPI(title="storyline", version="0.1.0",
                  description="Stories told by many outlets, reconciled: conflicts, agreements, quote variants, "
                              "exclusives and a timeline, each linked to its evidence sentence.")
    app.state.store = store
    token = os.environ.get("STORYLINE_TOKEN")
    write_lock = threading.Lock()

    def get_store() -> Store:
        return store

    def lookup(fn, key: str) -> dict[str, Any]:
        """``fn(store, key)``, with an unknown key as a 404 that says how to find one."""
        try:
            return fn(store, key)
        except D.NotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc

    def paging(total: int, limit: int, offset: int, items: list) -> dict[str, Any]:
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def story_rows(st: Store, limit: int, offset: int) -> dict[str, Any]:
        return paging(st.count_stories(), limit, offset,
                      [D.story_row(st, s) for s in st.list_stories(limit=limit, offset=offset)])

    # ------------------------------------------------------------------ API
    @app.get("/api/stories", response_model=StoryPage, tags=["stories"])
    def api_stories(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0), st: Store = Depends(get_store)):
        return story_rows(st, limit, offset)

    @app.get("/api/stories/{story_id}", response_model=Dossier, tags=["stories"])
    def api_story(story_id: str, st: Store = Depends(get_store)):
        return lookup(D.build, story_id)

    @app.get("/api/articles", response_model=Page, tags=["articles"])
    def api_articles(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0), st: Store = Depends(get_store)):
        return paging(st.count_articles(), limit, offset, st.list_articles(limit=limit, offset=offset))

    @app.get("/api/articles/{article_id}", response_model=ArticleView, tags=["articles"])
    def api_article(article_id: str, st: Store = Depends(get_store)):
        return lookup(D.article_view, article_id)

    @app.post("/api/articles", response_model=IngestResult, status_code=201, tags=["articles"])
    async def api_post_article(request: Request, st: Store = Depends(get_store)):
        """Add one article (same rules as `storyline ingest`); 201 with its id, status and story."""
        if token and not hmac.compare_digest(request.headers.get("authorization", ""), f"Bearer {token}"):
            raise HTTPException(status_code=401, detail="this server needs a token: send 'Authorization: Bearer TOKEN'")
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > MAX_POST_BYTES:
            raise HTTPException(status_code=413, detail=f"article over {MAX_POST_BYTES:,} bytes; split it or ingest "
                                                        "it from a file with `storyline ingest`")
        raw_body = await request.body()
        return await run_in_threadpool(_post, raw_body, st)

    def _post(raw_body: bytes, st: Store) -> dict[str, Any]:
        if len(raw_body) > MAX_POST_BYTES:
            raise HTTPException(status_code=413, detail=f"article over {MAX_POST_BYTES:,} bytes")
        try:
            record = json.loads(raw_body)
            raw = record_to_raw(record, "<api>")
        except json.JSONDecodeError as exc:
            raise HTTPException(status_code=400, detail=f"body is not JSON: {exc.msg} at column {exc.colno}") from exc
        except (IngestError, UnicodeDecodeError) as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        with write_lock:  # one writer at a time: the NLP models are not shared across threads
            summary = pipeline.ingest([raw], st)
        if summary.failed:
            raise HTTPException(status_code=422, detail=summary.failed[0].reason)
        status = "ingested" if summary.ingested else "unchanged"
        return {"id": raw.id, "status": status, "story": st.story_of(raw.id)}

    @app.get("/api/entities", response_model=Page, tags=["entities"])
    def api_entities(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                     type: str | None = Query(None, pattern="^[A-Z_]{2,16}$"), st: Store = Depends(get_store)):
        return paging(st.count_entities(type), limit, offset, st.list_entities(limit, offset, type))

    @app.get("/api/entities/{entity_id}", response_model=EntityView, tags=["entities"])
    def api_entity(entity_id: str, st: Store = Depends(get_store)):
        return lookup(D.entity_view, entity_id)

    @app.get("/api/search", response_model=Page, tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=500), limit: int = Query(20, ge=1, le=200),
                   offset: int = Query(0, ge=0), st: Store = Depends(get_store)):
        hits = st.search(q, limit=limit, offset=offset)
        return paging(len(hits) + offset, limit, offset, hits)

    # ------------------------------------------------------------------ pages
    def nav(path: str, total: int, limit: int, offset: int, extra: str = "") -> dict[str, str | None]:
        prev_url = f"{path}?offset={max(0, offset - limit)}&limit={limit}{extra}" if offset > 0 else None
        next_url = f"{path}?offset={offset + limit}&limit={limit}{extra}" if offset + limit < total else None
        return {"prev_url": prev_url, "next_url": next_url}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        data = story_rows(store, limit, offset)
        if _wants_json(request, "")[0]:
            return JSONResponse(data)
        return page("stories.html", **data, **nav("/", data["total"], limit, offset))

    @app.get("/index.json", include_in_schema=False)
    def home_json(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        return story_rows(store, limit, offset)

    def twin(request: Request, name: str, build, template: str, var: str):
        """One view, as its page or (``.json`` / ``Accept: application/json``) its JSON twin."""
        as_json, key = _wants_json(request, name)
        data = lookup(build, key)
        return JSONResponse(data) if as_json else page(template, **{var: data})

    @app.get("/stories/{name}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, name: str):
        return twin(request, name, D.build, "dossier.html", "d")

    @app.get("/articles/{name}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, name: str, hl: str | None = Query(None, pattern=r"^\d+-\d+$")):
        as_json, aid = _wants_json(request, name)
        view = lookup(D.article_view, aid)
        if as_json:
            return JSONResponse(view)
        span = None
        if hl:  # "start-end", as the pattern above guarantees
            start, end = hl.split("-")
            span = (int(start), int(end))
        body: Markup = render_body(view["body"], article_marks(view, span))
        story = store.story_of(view["id"])
        seen, entities = set(), []
        for m in view["mentions"]:
            if m["text"] not in seen:
                seen.add(m["text"])
                entities.append(m)
        return page("article.html", a=view, body=body, story=story, entities=entities)

    @app.get("/entities/{name}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, name: str):
        return twin(request, name, D.entity_view, "entity.html", "e")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/search.json", include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=500), limit: int = Query(20, ge=1, le=200),
                    offset: int = Query(0, ge=0)):
        hits = store.search(q, limit=limit + 1, offset=offset) if q.strip() else []
        more = len(hits) > limit
        hits = hits[:limit]
        data = paging(offset + len(hits) + (1 if more else 0), limit, offset, hits)
        if request.url.path.endswith(".json") or _wants_json(request, "")[0]:
            return JSONResponse(data)
        return page("search.html", q=q, items=hits, **nav("/search", data["total"], limit, offset, f"&q={quote(q)}"))

    return app
