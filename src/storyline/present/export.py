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
        "stories": [{"id": s["id"], "title": s["title"], "articles": s["articles"], "quote_variants": [],
                     "conflicts": [], "agreements": [], "exclusives": []} for s in store.stories()],
    }
