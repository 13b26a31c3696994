"""The corpus as one JSON document (the format of ../shared/eval/SCHEMA.md, plus provenance)."""
from __future__ import annotations

from typing import Any

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
        "authors": art["authors"],
        "body": body,
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


def _refs(f: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"article": e["article"], "text": e["text"], "start": e["start"], "end": e["end"]} for e in f["evidence"]]


def story_json(store: Store, s: dict[str, Any]) -> dict[str, Any]:
    """A story with its findings in the export format (SCHEMA.md), plus what that format has no room for."""
    found = store.findings(s["id"])
    by = lambda kind: [f for f in found if f["kind"] == kind]  # noqa: E731
    return {
        "id": s["id"], "title": s["title"], "summary": s["summary"], "articles": s["articles"],
        "first_date": s["first_date"], "last_date": s["last_date"],
        "quote_variants": [_refs(f) for f in by("variant")],
        "conflicts": [{"about": f["about"], "sides": _refs(f)} for f in by("conflict")],
        "agreements": [{"about": f["about"], "support": _refs(f)} for f in by("agreement")],
        "compatible": [{"about": f["about"], "sides": _refs(f)} for f in by("compatible")],
        "exclusives": [{"about": f["about"], **_refs(f)[0]} for f in by("exclusive")],
        "syndicated": [f["detail"]["copies"] for f in by("syndicated")],
        "timeline": [{"about": f["about"], **f["detail"], "evidence": _refs(f)}
                     for f in sorted(by("event"), key=lambda f: f["detail"]["order"])],
    }
