"""HTTP API and web pages (FastAPI + Jinja2). Routes only parse input and call the library.

Every page has a JSON twin: the same path with ``.json`` or an ``Accept: application/json`` header.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import pipeline
from storyline.config import settings
from storyline.ingest.readers import IngestError, MalformedJSON, parse_json, record_to_raw
from storyline.present import dossier as D
from storyline.present.highlight import article_marks, render_body
from storyline.present.render import chart_uris, page
from storyline.store import MAX_OFFSET, Store

MAX_POST_BYTES = settings().max_post_bytes
#: A highlight span (``?hl=START-END``) is two character offsets; nine digits each is plenty.
HL_PATTERN = r"^\d{1,9}-\d{1,9}$"

log = logging.getLogger("storyline.api")

SECURITY_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
                    "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin"}


def _csp_hashes(html: str, tag: str) -> list[str]:
    """``'sha256-…'`` sources for the inline ``<tag>`` blocks of a page we wrote ourselves."""
    blocks = re.findall(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", html, flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks if b.strip()]


def _page_csp() -> str:
    """No script at all on the pages; their one inline style block is allowed by its hash."""
    styles = " ".join(_csp_hashes(page("base.html"), "style")) or "'none'"
    return (f"default-src 'none'; style-src {styles}; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")


class _Headers:
    """Security headers on every response, and ``HEAD`` answered as ``GET`` without the body."""

    def __init__(self, app: ASGIApp, csp: str):
        self.app, self.csp = app, csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = dict(SECURITY_HEADERS, **{"content-security-policy": self.csp})
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in names]
                message = dict(message, headers=headers)
            elif message["type"] == "http.response.body" and head:
                message = dict(message, body=b"")
            await send(message)

        started = False

        async def send_once(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_once)
        except Exception:
            # a bug: Starlette's own error page would go out past this middleware, without the
            # headers; answer it here, with them, and leave the traceback in the server log
            if started:
                raise
            log.exception("internal error answering %s %s", scope.get("method"), scope.get("path"))
            body = json.dumps({"detail": "internal error: the server log has the details; please report it"}).encode()
            await send_with_headers({"type": "http.response.start", "status": 500,
                                     "headers": [(b"content-type", b"application/json"),
                                                 (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})


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
    linked: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    compatible: list[dict[str, Any]]
    evolving: list[dict[str, Any]]
    disputed: list[dict[str, Any]]
    variants: list[dict[str, Any]]
    exclusives: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    syndicated: list[list[dict[str, Any]]]
    overview: dict[str, Any]
    more: dict[str, int]
    total: dict[str, int]
    filter: dict[str, Any]


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


def same_origin(origin: str | None, host: str | None, fetch_site: str | None) -> bool:
    """A write comes from this site: no ``Origin`` (not a browser) or one naming the served host,
    and the browser does not call it cross-site."""
    if fetch_site and fetch_site.lower() not in {"same-origin", "none"}:
        return False
    if origin is None:
        return True
    return bool(host) and urlsplit(origin).netloc.lower() == (host or "").lower()


def create_app(db_url: str | None = None, *, token: str | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The app over one database. ``token`` (default ``STORYLINE_TOKEN``) guards writes;
    ``allowed_hosts`` (``serve`` passes the address it binds) refuses other ``Host`` headers, so a
    page on another site cannot reach this server through a rebound DNS name."""
    cfg = settings()
    url = db_url or cfg.db_url
    store = Store(url)
    app = FastAPI(title="storyline", version="0.1.0", docs_url=None, redoc_url=None,
                  swagger_ui_oauth2_redirect_url=None,
                  description="Stories told by many outlets, reconciled: conflicts, agreements, quote variants, "
                              "exclusives and a timeline, each linked to its evidence sentence.")
    app.state.store = store
    token = token or cfg.token
    max_post = cfg.max_post_bytes
    write_lock = threading.Lock()
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(_Headers, csp=_page_csp())  # added last: outermost, so even a refused Host gets them

    def get_store() -> Store:
        return store

    docs = get_swagger_ui_html(openapi_url="/openapi.json", title="storyline - Swagger UI")
    docs_csp = (f"default-src 'none'; script-src https://cdn.jsdelivr.net {' '.join(_csp_hashes(bytes(docs.body).decode(), 'script'))}; "
                "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; connect-src 'self'; "
                "base-uri 'none'; frame-ancestors 'none'")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        """The OpenAPI explorer (its script comes from the CDN; allowed by name and hash only here)."""
        return HTMLResponse(docs.body, headers={"content-security-policy": docs_csp})

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
    def api_stories(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET), st: Store = Depends(get_store)):
        return story_rows(st, limit, offset)

    def story_filter(kind: list[str] = Query([], max_length=20),
                     outlet: list[str] = Query([], max_length=200),
                     min_outlets: str = Query("", pattern=r"^\d{0,3}$"),
                     since: str = Query("", pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                     until: str = Query("", pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                     limit: str = Query("", pattern=r"^\d{0,5}$")) -> D.DossierFilter:
        """The story filter from the query string (a GET form's blank fields mean "any")."""
        try:
            return D.make_filter(kind, outlet, min_outlets, since, until, limit)
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc

    def filtered(story_id: str, f: D.DossierFilter) -> dict[str, Any]:
        return D.apply(lookup(D.build, story_id), f)

    @app.get("/api/stories/{story_id}", response_model=Dossier, tags=["stories"])
    def api_story(story_id: str, f: D.DossierFilter = Depends(story_filter), st: Store = Depends(get_store)):
        """One story's dossier, ranked; filter with ``kind``, ``outlet`` (both repeatable), ``min_outlets``,
        ``since``/``until`` (YYYY-MM-DD) and ``limit`` (findings per section; 0 for all)."""
        return filtered(story_id, f)

    @app.get("/api/articles", response_model=Page, tags=["articles"])
    def api_articles(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET), st: Store = Depends(get_store)):
        return paging(st.count_articles(), limit, offset, st.list_articles(limit=limit, offset=offset))

    @app.get("/api/articles/{article_id}", response_model=ArticleView, tags=["articles"])
    def api_article(article_id: str, st: Store = Depends(get_store)):
        return lookup(D.article_view, article_id)

    async def guard_write(request: Request) -> None:
        """Writes only from this site, with the token, as JSON: a page on another site can send a
        ``text/plain`` form-like POST without asking the browser's permission, never JSON."""
        if not same_origin(request.headers.get("origin"), request.headers.get("host"),
                           request.headers.get("sec-fetch-site")):
            raise HTTPException(status_code=403, detail="cross-site write refused: POST from a page of this server, "
                                                        "or from a client that sends no foreign Origin")
        if token and not hmac.compare_digest(request.headers.get("authorization", "").encode(),
                                             f"Bearer {token}".encode()):
            raise HTTPException(status_code=401, detail="this server needs a token: send 'Authorization: Bearer TOKEN' "
                                                        "(printed by `storyline serve` when it starts)")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise HTTPException(status_code=415, detail=f"send the article as 'Content-Type: application/json', "
                                                        f"not {ctype or 'no content type'!r}")

    @app.post("/api/articles", response_model=IngestResult, status_code=201, tags=["articles"],
              dependencies=[Depends(guard_write)])
    async def api_post_article(request: Request, st: Store = Depends(get_store)):
        """Add one article (same rules as `storyline ingest`); 201 with its id, status and story.

        Needs `Content-Type: application/json`, the server's token (`Authorization: Bearer TOKEN`) and,
        from a browser, this server's own origin."""
        too_big = HTTPException(status_code=413, detail=f"article over {max_post:,} bytes; split it or ingest "
                                                        "it from a file with `storyline ingest`")
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > max_post:
            raise too_big
        body = bytearray()
        async for chunk in request.stream():  # never more than the limit in memory
            body += chunk
            if len(body) > max_post:
                raise too_big
        return await run_in_threadpool(_post, bytes(body), st)

    def _post(raw_body: bytes, st: Store) -> dict[str, Any]:
        try:
            raw = record_to_raw(parse_json(raw_body, cfg.max_json_depth), "<api>")
        except MalformedJSON as exc:
            raise HTTPException(status_code=400, detail=f"body is not JSON: {exc}") from exc
        except IngestError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        try:
            with write_lock:  # one writer at a time: the NLP models are not shared across threads
                summary = pipeline.ingest([raw], st)
        except SQLAlchemyError as exc:  # e.g. a read-only database file: the driver's reason, not the SQL
            reason = " ".join(str(getattr(exc, "orig", None) or type(exc).__name__).split())
            raise HTTPException(status_code=503, detail=f"the database cannot store the article now ({reason}); "
                                                        "nothing was stored, try again later") from None
        if summary.failed:
            raise HTTPException(status_code=422, detail=summary.failed[0].reason)
        status = "ingested" if summary.ingested else "unchanged"
        return {"id": raw.id, "status": status, "story": st.story_of(raw.id)}

    @app.get("/api/entities", response_model=Page, tags=["entities"])
    def api_entities(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                     type: str | None = Query(None, pattern="^[A-Z_]{2,16}$"), st: Store = Depends(get_store)):
        return paging(st.count_entities(type), limit, offset, st.list_entities(limit, offset, type))

    @app.get("/api/entities/{entity_id}", response_model=EntityView, tags=["entities"])
    def api_entity(entity_id: str, st: Store = Depends(get_store)):
        return lookup(D.entity_view, entity_id)

    @app.get("/api/search", response_model=Page, tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=500), limit: int = Query(20, ge=1, le=200),
                   offset: int = Query(0, ge=0, le=MAX_OFFSET), st: Store = Depends(get_store)):
        return paging(st.count_search(q), limit, offset, st.search(q, limit=limit, offset=offset))

    # ------------------------------------------------------------------ pages
    def nav(path: str, total: int, limit: int, offset: int, extra: str = "") -> dict[str, str | None]:
        prev_url = f"{path}?offset={max(0, offset - limit)}&limit={limit}{extra}" if offset > 0 else None
        next_url = f"{path}?offset={offset + limit}&limit={limit}{extra}" if offset + limit < total else None
        return {"prev_url": prev_url, "next_url": next_url}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        data = story_rows(store, limit, offset)
        if _wants_json(request, "")[0]:
            return JSONResponse(data)
        return page("stories.html", **data, **nav("/", data["total"], limit, offset))

    @app.get("/index.json", include_in_schema=False)
    def home_json(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        return story_rows(store, limit, offset)

    def twin(request: Request, name: str, build, template: str, var: str):
        """One view, as its page or (``.json`` / ``Accept: application/json``) its JSON twin."""
        as_json, key = _wants_json(request, name)
        data = lookup(build, key)
        return JSONResponse(data) if as_json else page(template, **{var: data})

    @app.get("/stories/{name}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, name: str, f: D.DossierFilter = Depends(story_filter)):
        """The dossier page (or its JSON twin), filtered by the same query parameters as the API."""
        as_json, key = _wants_json(request, name)
        d = filtered(key, f)
        if as_json:
            return JSONResponse(d)
        full_url = f"/stories/{quote(d['story']['id'])}?" + urlencode({**d["filter"], "limit": 0}, doseq=True)
        return page("dossier.html", d=d, charts=chart_uris(d), kinds=D.KINDS, full_url=full_url)

    @app.get("/articles/{name}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, name: str, hl: str | None = Query(None, pattern=HL_PATTERN)):
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
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        hits = store.search(q, limit=limit, offset=offset) if q.strip() else []
        data = paging(store.count_search(q) if q.strip() else 0, limit, offset, hits)
        if request.url.path.endswith(".json") or _wants_json(request, "")[0]:
            return JSONResponse(data)
        return page("search.html", q=q, items=hits, **nav("/search", data["total"], limit, offset, f"&q={quote(q)}"))

    return app
