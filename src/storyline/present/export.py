"""The corpus as one JSON document (the format of ../shared/eval/SCHEMA.md, plus provenance)."""
from __future__ import annotations

from typing import Any

from storyline.model import (
    DisputedFacts,
    EvolvingFacts,
    Finding,
    FindingKind,
    SyndicatedFacts,
    TimelineFacts,
)
from storyline.present.words import describe, is_short
from storyline.store import Store


def article_json(art: dict[str, Any]) -> dict[str, Any]:
    body = art["body"]
    return {
        "id": art["id"],
        "source": art["source"],
        "url": art["url"],
        "title": art["title"],
        "outlet": art["outlet"],
        "published": art["published"],
        "published_from": art.get("published_from"),
        "authors": art["authors"],
        "body": body,
        "short": is_short(body),
        "paragraphs": [{"start": p["start"], "end": p["end"], "raw_start": p["raw_start"], "raw_end": p["raw_end"]}
                       for p in art["paragraphs"]],
        "quotes": [
            {"text": q["text"], "speaker": q["speaker"], "speaker_entity": q["speaker_entity"],
             "kind": q["kind"], "cue": q["cue"], "start": q["start"], "end": q["end"]}
            for q in art["quotes"]
        ],
        "numeric_claims": [
            {"value": c["value"], "unit": c["unit"], "qualifier": c["qualifier"], "counted": c["counted"],
             "text": c["text"], "claimant": c["claimant"], "claimant_entity": c["claimant_entity"],
             "start": c["start"], "end": c["end"]}
            for c in art["claims"]
        ],
        "time_refs": [
            {"text": t["text"], "resolved": t["resolved"], "precision": t["precision"], "weekday": t["weekday"],
             "start": t["start"], "end": t["end"]}
            for t in art["time_refs"]
        ],
    }


def export_corpus(store: Store) -> dict[str, Any]:
    return {
        "articles": [article_json(a) for a in store.iter_articles()],
        "entities": [{"id": e["id"], "name": e["name"], "type": e["type"], "aliases": e["aliases"]}
                     for e in store.entities()],
        "stories": [story_json(store, s) for s in store.stories()],
    }


def _refs(f: Finding) -> list[dict[str, Any]]:
    return [{"article": e.article, "text": e.text, "start": e.start, "end": e.end} for e in f.evidence]


def _evolving(f: Finding) -> dict[str, Any]:
    x = f.facts
    assert isinstance(x, EvolvingFacts)
    refs = _refs(f)
    return {"about": describe(f), "counted": x.counted, "population": x.population, "measure": x.measure, "unit": x.unit,
            "series": [{**refs[p.evidence], "value": p.quantity.value, "high": p.quantity.high,
                        "bound": p.quantity.bound.value, "published": p.published, "outlet": p.outlet}
                       for p in x.series]}


def _disputed(f: Finding) -> dict[str, Any]:
    x = f.facts
    assert isinstance(x, DisputedFacts)
    return {"about": describe(f), "claimant": x.claimant, "rebutter": x.rebutter, "sides": _refs(f)}


def _timeline(f: Finding) -> dict[str, Any]:
    x = f.facts
    assert isinstance(x, TimelineFacts)
    return {"about": describe(f), "date": x.date, "weekday": x.weekday, "precision": x.precision, "event": x.event,
            "order": x.order, "evidence": _refs(f)}


def _copies(f: Finding) -> list[dict[str, Any]]:
    x = f.facts
    assert isinstance(x, SyndicatedFacts)
    return [{"article": c.article, "outlet": c.outlet} for c in x.copies]


def story_json(store: Store, s: dict[str, Any]) -> dict[str, Any]:
    """A story with its findings in the export format (SCHEMA.md), plus what that format has no room for.

    A dispute (a claim and its rebuttal by two parties) is listed under ``disputed``; it is also
    listed among the ``conflicts`` (marked ``"disputed": true``) as two accounts that cannot both be
    true, which is how the seed gold counts it, unless it is a rebuttal the outlet reports as an act
    ("X disputed Y's report"): that is one account of what happened, not two that disagree."""
    found = store.findings(s["id"])
    by = lambda kind: [f for f in found if f.kind is kind]  # noqa: E731
    return {
        "id": s["id"], "title": s["title"], "articles": s["articles"],
        # the story's lead sentences as reconcile chose them; the counts are the sections themselves
        "summary": s["summary"],
        "first_date": s["first_date"], "last_date": s["last_date"],
        "quote_variants": [_refs(f) for f in by(FindingKind.VARIANT)],
        "conflicts": [{"about": describe(f), "sides": _refs(f)} for f in by(FindingKind.CONFLICT)]
        + [{"about": describe(f), "sides": _refs(f), "disputed": True} for f in by(FindingKind.DISPUTED)
           if not getattr(f.facts, "reported", False)],
        "agreements": [{"about": describe(f), "outlets": getattr(f.facts, "outlets", 0), "support": _refs(f)}
                       for f in sorted(by(FindingKind.AGREEMENT), key=lambda f: -getattr(f.facts, "outlets", 0))],
        "compatible": [{"about": describe(f), "sides": _refs(f)} for f in by(FindingKind.COMPATIBLE)],
        "exclusives": [{"about": describe(f), **_refs(f)[0]} for f in by(FindingKind.EXCLUSIVE)],
        "syndicated": [[c["article"] for c in _copies(f)] for f in by(FindingKind.SYNDICATED)],
        "syndicated_outlets": [_copies(f) for f in by(FindingKind.SYNDICATED)],
        "evolving": [_evolving(f) for f in by(FindingKind.EVOLVING)],
        "disputed": [_disputed(f) for f in by(FindingKind.DISPUTED)],
        "timeline": [_timeline(f) for f in sorted(by(FindingKind.TIMELINE), key=lambda f: getattr(f.facts, "order", 0))],
    }
