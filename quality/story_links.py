"""Linked stories (``storyline.cluster.links``) against pairs of dev events judged by hand.

    python -m quality.story_links --db /tmp/q/me/events.db          # the stored links, scored
    python -m quality.story_links --db /tmp/q/me/events.db --tune   # a grid of the link settings

``tests/data/story_links_gold.json`` lists gold event pairs that are one arc (positive), pairs
of the same kind or the same people that are not (negative), and a few left unjudged (ambiguous).
Every predicted story is read as its majority gold event; a link between two stories of one gold
event (an event split in two) is counted apart, neither right nor wrong. Precision counts every
other linked event pair that is not a positive as wrong (the positives are every arc found by
reading the 100 events' names), except the ambiguous ones; ``judged_precision`` counts only the
judged pairs. The settings were chosen on these same events (there is no held-back half: 12
positives are too few to split), so the figures say how the rule fits the events it was chosen on.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from quality.common import DEV, ROOT
from storyline.cluster.assign import StoryIndex, _assign
from storyline.config import Settings, settings
from storyline.model import StoryLink
from storyline.store import Store

GOLD = ROOT / "tests" / "data" / "story_links_gold.json"
EVENTS_GOLD = DEV / "events" / "gold.json"


def _pairs(rows: list[list[int]]) -> set[tuple[int, int]]:
    return {(min(a, b), max(a, b)) for a, b in rows}


def story_events(store: Store) -> dict[str, int]:
    """Each stored story's majority gold event (ties: the smaller event id)."""
    docs = json.loads(EVENTS_GOLD.read_text(encoding="utf-8"))["documents"]
    event_of_line = {d["line"]: d["event"] for d in docs}
    out = {}
    for s in store.stories():
        events: Counter[int] = Counter()
        for aid in s["articles"]:
            art = store.get_article(aid)
            line = str((art or {}).get("source", "")).rsplit(":", 1)[-1]
            if line.isdigit() and int(line) in event_of_line:
                events[event_of_line[int(line)]] += 1
        if events:
            out[s["id"]] = min(events, key=lambda e: (-events[e], e))
    return out


def score(links: list[StoryLink], event_of: dict[str, int], gold: dict[str, Any]) -> dict[str, float]:
    pos, neg, amb = _pairs(gold["positive"]), _pairs(gold["negative"]), _pairs(gold["ambiguous"])
    pred, within = set(), 0
    for k in links:
        a, b = event_of.get(k.earlier), event_of.get(k.later)
        if a is None or b is None:
            continue
        if a == b:
            within += 1
        else:
            pred.add((min(a, b), max(a, b)))
    scored = pred - amb
    tp = len(scored & pos)
    judged = scored & (pos | neg)
    return {"links": float(len(links)), "event_pairs": float(len(pred)), "links_within_event": float(within),
            "precision": tp / len(scored) if scored else 0.0, "recall": tp / len(pos) if pos else 0.0,
            "judged_precision": tp / len(judged) if judged else 0.0,
            "negatives_linked": float(len(scored & neg))}


def measure(db: Path) -> dict[str, float]:
    store = Store(f"sqlite:///{db}")
    try:
        return score(store.all_story_links(), story_events(store), json.loads(GOLD.read_text(encoding="utf-8")))
    finally:
        store.close()


def tune(db: Path) -> None:
    """Replay the stored articles once, then score the links of every setting of a small grid."""
    store = Store(f"sqlite:///{db}")
    ids = store.article_ids_in_order()
    index = StoryIndex([], settings().story_threshold, expected=len(ids))
    members = _assign(index, store, ids)
    by_story: dict[str, list[str]] = {}
    for sid, aid in members:
        by_story.setdefault(sid, []).append(aid)
    docs = json.loads(EVENTS_GOLD.read_text(encoding="utf-8"))["documents"]
    event_of_line = {d["line"]: d["event"] for d in docs}
    line_of = {aid: int(str((store.get_article(aid) or {})["source"]).rsplit(":", 1)[1]) for aid in ids}
    event_of = {}
    for sid, arts in by_story.items():
        c = Counter(event_of_line[line_of[a]] for a in arts)
        event_of[sid] = min(c, key=lambda e: (-c[e], e))
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    grid: dict[str, tuple[Any, ...]] = {"story_link_min_rarity": (3.0, 3.5, 4.0), "story_link_min_share": (0.3, 0.4, 0.5, 0.6),
            "story_link_min_terms": (0.2, 0.25, 0.3, 0.35), "story_link_max_gap_days": (30, 60, 120, 240)}
    base = settings()
    results = []
    for values in itertools.product(*grid.values()):
        s: Settings = replace(base, **dict(zip(grid, values, strict=True)))
        r = score(index.links(by_story, s), event_of, gold)
        f = 2 * r["precision"] * r["recall"] / (r["precision"] + r["recall"]) if r["precision"] + r["recall"] else 0.0
        results.append((round(f, 3), values, r))
    for f, values, r in sorted(results, key=lambda x: (-x[0], x[1]))[:15]:
        print(f, dict(zip(grid, values, strict=True)), {k: round(v, 3) for k, v in r.items()})
    store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="an ingested dev events store (quality.run events)")
    ap.add_argument("--tune", action="store_true", help="score a grid of the link settings")
    a = ap.parse_args(argv)
    if a.tune:
        tune(a.db)
    else:
        print(json.dumps(measure(a.db), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
