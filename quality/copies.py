"""Copy groups (``storyline.reconcile.copies``) against every copy group judged in the breaking corpus.

The judged groups come from three places, all hand-made: the ``syndicated`` groups of the shipped
findings gold (six events), of our findings annotations (``tests/data/breaking_findings``, nine
more events), and ``tests/data/breaking_copies.json`` (the other thirteen events with two or more
articles, with pairs judged *not* to be copies). An export's groups are read from its stories.

- ``copy_group_recall``: judged groups whose stored members all fall in one predicted group;
- ``copy_pair_precision``: predicted pairs inside a judged event that are pairs of a judged group
  (every other pair in such an event is wrong: the events were read whole);
- ``copy_negatives_grouped``: judged look-alike pairs predicted as copies (should be 0).

The copy rule's settings were chosen on these same groups (the nine annotated events were scored
once before, see the note of issue 26), so these figures say how the rule fits them.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

from quality.common import DEV, ROOT

BREAKING = DEV / "breaking"
COPIES_GOLD = ROOT / "tests" / "data" / "breaking_copies.json"
FINDINGS_HELD = ROOT / "tests" / "data" / "breaking_findings"


def judged() -> tuple[dict[int, list[set[int]]], set[frozenset[int]], dict[int, set[int]]]:
    """(judged groups per event, judged non-copy pairs, lines per judged event) in corpus lines."""
    groups: dict[int, list[set[int]]] = {}
    lines: dict[int, set[int]] = {}
    negatives: set[frozenset[int]] = set()
    sources = [json.loads((BREAKING / "findings_gold.json").read_text(encoding="utf-8"))["events"]]
    if FINDINGS_HELD.is_dir():
        sources.append({f.stem: json.loads(f.read_text(encoding="utf-8")) for f in sorted(FINDINGS_HELD.glob("*.json"))})
    for events in sources:
        for ev, e in events.items():
            groups[int(ev)] = [set(g) for g in e["syndicated"]]
            lines[int(ev)] = set(e["lines"])
    if COPIES_GOLD.exists():
        for ev, e in json.loads(COPIES_GOLD.read_text(encoding="utf-8"))["events"].items():
            groups[int(ev)] = [set(g) for g in e["groups"]]
            lines[int(ev)] = set(e["lines"])
            negatives |= {frozenset(p) for p in e["not_copies"]}
    return groups, negatives, lines


def score(export: Path) -> dict[str, float]:
    data = json.loads(export.read_text(encoding="utf-8"))
    line_of = {a["id"]: int(a["source"].rsplit(":", 1)[1]) for a in data["articles"]}
    predicted = [{line_of[a] for a in g if a in line_of} for s in data["stories"] for g in s["syndicated"]]
    groups, negatives, lines = judged()
    stored = set(line_of.values())
    found = total = 0
    for gs in groups.values():
        for g in gs:
            members = g & stored
            if len(members) < 2:
                continue
            total += 1
            found += any(members <= p for p in predicted)
    event_of = {ln: ev for ev, ls in lines.items() for ln in ls}
    gold_pairs = {frozenset(p) for gs in groups.values() for g in gs for p in itertools.combinations(sorted(g), 2)}
    pairs = {frozenset(p) for g in predicted for p in itertools.combinations(sorted(g), 2)}
    in_judged = {p for p in pairs if all(ln in event_of for ln in p) and len({event_of[ln] for ln in p}) == 1}
    return {"copy_groups_judged": float(total),
            "copy_group_recall": found / total if total else float("nan"),
            "copy_pair_precision": len(in_judged & gold_pairs) / len(in_judged) if in_judged else float("nan"),
            "copy_negatives_grouped": float(len(pairs & negatives))}
