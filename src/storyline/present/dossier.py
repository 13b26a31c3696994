"""The story dossier as plain data: what every front end (terminal, files, API, pages) renders."""
from __future__ import annotations

from typing import Any

from storyline.model import (
    DisputedFacts,
    Evidence,
    EvolvingFacts,
    Finding,
    FindingKind,
    SyndicatedFacts,
    TimelineFacts,
    VariantFacts,
)
from storyline.present.words import describe, quantity
from storyline.store import Store
from storyline.store.db import AmbiguousId


class NotFound(LookupError):
    """No such story/article/entity; the message says how to find one."""


def _ref(e: Evidence, arts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    art = arts.get(e.article, {})
    return {"article": e.article, "outlet": art.get("outlet") or art.get("source"), "start": e.start,
            "end": e.end, "text": e.text, "anchor": f"a-{e.article}-{e.start}"}


def _by(found: list[Finding], kind: FindingKind) -> list[Finding]:
    return [f for f in found if f.kind is kind]


def _agreement_rank(f: Finding) -> tuple[int, int]:
    """Most independent outlets first; then the most evidence."""
    outlets = getattr(f.facts, "outlets", 0)
    return -outlets, -len(f.evidence)


def resolve_story(store: Store, story_id: str) -> dict[str, Any]:
    """A story by id or unique prefix (the 's' may be left out)."""
    hits = store.find_story(story_id) or store.find_story("s" + story_id)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise NotFound(f"story id {story_id!r} is ambiguous; give more characters")
    raise NotFound(f"no story {story_id!r}; list them with `storyline report` or GET /api/stories")


def story_row(store: Store, s: dict[str, Any]) -> dict[str, Any]:
    """One line of the story list: counts, outlets, dates."""
    found = store.findings(s["id"])
    count = lambda k: sum(1 for f in found if f.kind is k)  # noqa: E731
    outlets = sorted(store.outlets_of(s["articles"]))
    return {"id": s["id"], "title": s["title"], "summary": s["summary"], "articles": len(s["articles"]),
            "outlets": outlets, "first_date": s["first_date"], "last_date": s["last_date"],
            "conflicts": count(FindingKind.CONFLICT), "agreements": count(FindingKind.AGREEMENT),
            "exclusives": count(FindingKind.EXCLUSIVE), "variants": count(FindingKind.VARIANT),
            "evolving": count(FindingKind.EVOLVING), "disputed": count(FindingKind.DISPUTED)}


def build(store: Store, story_id: str) -> dict[str, Any]:
    s = resolve_story(store, story_id)
    arts = {aid: art for aid in s["articles"] if (art := store.get_article(aid)) is not None}
    found = store.findings(s["id"])
    exclusives: dict[str, list] = {}
    for f in _by(found, FindingKind.EXCLUSIVE):
        ref = _ref(f.evidence[0], arts)
        exclusives.setdefault(ref["outlet"] or "unknown", []).append({"about": describe(f), **ref})
    variants = []
    for f in _by(found, FindingKind.VARIANT):
        facts = f.facts
        assert isinstance(facts, VariantFacts)
        renderings = [_ref(e, arts) for e in f.evidence]
        for r, e, spans in zip(renderings, f.evidence, facts.differs or [()] * len(renderings), strict=True):
            body = (arts.get(e.article) or {}).get("body") or ""
            r["differs"] = sorted({body[x.start:x.end].lower() for x in spans})
        variants.append({"about": describe(f), "speaker": facts.speaker, "renderings": renderings})
    evolving = []
    for f in _by(found, FindingKind.EVOLVING):
        ev = f.facts
        assert isinstance(ev, EvolvingFacts)
        evolving.append({"about": describe(f), "series": [
            {"published": p.published, "value": quantity(p.quantity), **_ref(f.evidence[p.evidence], arts)}
            for p in ev.series]})
    disputed = []
    for f in _by(found, FindingKind.DISPUTED):
        dp = f.facts
        assert isinstance(dp, DisputedFacts)
        disputed.append({"about": describe(f), "claimant": dp.claimant, "rebutter": dp.rebutter,
                         "sides": [_ref(e, arts) for e in f.evidence]})
    timeline = []
    for f in sorted(_by(found, FindingKind.TIMELINE), key=lambda f: getattr(f.facts, "order", 0)):
        t = f.facts
        assert isinstance(t, TimelineFacts)
        timeline.append({"about": describe(f), "date": t.date, "weekday": t.weekday, "event": t.event, "order": t.order,
                         "evidence": [_ref(e, arts) for e in f.evidence]})
    syndicated = []
    for f in _by(found, FindingKind.SYNDICATED):
        sy = f.facts
        assert isinstance(sy, SyndicatedFacts)
        syndicated.append([{"article": c.article, "outlet": c.outlet} for c in sy.copies])
    return {
        "story": {k: s[k] for k in ("id", "title", "summary", "first_date", "last_date")},
        "articles": [{"id": a["id"], "title": a["title"], "outlet": a["outlet"], "published": a["published"],
                      "source": a["source"], "url": a["url"]} for a in arts.values()],
        "agreements": [{"about": describe(f), "outlets": getattr(f.facts, "outlets", 0),
                        "evidence": [_ref(e, arts) for e in f.evidence]}
                       for f in sorted(_by(found, FindingKind.AGREEMENT), key=_agreement_rank)],
        "conflicts": [{"about": describe(f), "sides": [_ref(e, arts) for e in f.evidence]}
                      for f in _by(found, FindingKind.CONFLICT)],
        "compatible": [{"about": describe(f), "sides": [_ref(e, arts) for e in f.evidence]}
                       for f in _by(found, FindingKind.COMPATIBLE)],
        "evolving": evolving,
        "disputed": disputed,
        "variants": variants,
        "exclusives": exclusives,
        "timeline": timeline,
        "syndicated": syndicated,
    }


def largest_story(store: Store) -> str | None:
    top = store.list_stories(limit=1, offset=0)
    return top[0]["id"] if top else None


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article with its quotes, claims, entities and time references, for pages and the API."""
    try:
        full = store.resolve_id(article_id)
    except AmbiguousId as exc:  # a 404 that lists the candidates, as for an unknown id
        raise NotFound(str(exc)) from exc
    art = store.get_article(full) if full else None
    if art is None:
        raise NotFound(f"no article {article_id!r}; list them with `storyline articles` or GET /api/articles")
    ents = {le["idx"]: le for le in art["local_entities"]}
    return {
        "id": art["id"], "title": art["title"], "outlet": art["outlet"], "published": art["published"],
        "authors": art["authors"], "source": art["source"], "url": art["url"], "body": art["body"],
        "paragraphs": [{"start": p["start"], "end": p["end"]} for p in art["paragraphs"]],
        "sentences": [{"start": s["start"], "end": s["end"]} for s in art["sentences"]],
        "quotes": [{k: q[k] for k in ("start", "end", "text", "kind", "cue", "speaker", "speaker_entity")}
                   for q in art["quotes"]],
        "claims": [{k: c[k] for k in ("start", "end", "value", "unit", "qualifier", "counted", "claimant",
                                      "claimant_entity")} for c in art["claims"]],
        "time_refs": [{k: t[k] for k in ("start", "end", "text", "resolved", "precision", "weekday")}
                      for t in art["time_refs"]],
        "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"], "label": m["label"],
                      "entity": (ents.get(m["local_entity"]) or {}).get("entity_id")} for m in art["mentions"]],
    }


def entity_view(store: Store, entity_id: str) -> dict[str, Any]:
    ent = store.entity(entity_id)
    if ent is None:
        raise NotFound(f"no entity {entity_id!r}; list them with GET /api/entities")
    quotes = store.quotes_by_entity(ent["id"])
    return {**ent, "quotes": quotes, "articles": sorted({q["article_id"] for q in quotes} | set(store.entity_articles(ent["id"])))}
