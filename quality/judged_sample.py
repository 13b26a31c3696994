"""A hand-judged sample of "first reported by" and timeline entries on the breaking stories,
replayed against a new run (``tests/data/breaking_first_timeline_judged.json``).

The sample was drawn from one run (40 agreements' first reports, 60 timeline entries, seed 26) and
judged against the articles by a reader (issue 26). A new run is scored on the same items:

- a timeline item is right when an entry that now holds its evidence sentence gives the judged
  correct date (or, for an entry that should not exist, when the sentence no longer makes it);
- a first-reported item is right when the agreement that now holds the same evidence names the
  outlet the judge accepted (judged right: the same answer as then; judged wrong: another one).
  Items whose evidence no longer forms an agreement are left out (``sample_first_found``).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from quality.common import ROOT
from storyline.present.dossier import first_reported

SAMPLE = ROOT / "tests" / "data" / "breaking_first_timeline_judged.json"


def digest(text: str) -> str:
    """How the sample names a sentence without keeping it: SHA-1 of its whitespace-normalised text."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:16]


def _key(line: int, text: str) -> tuple[int, str]:
    return line, digest(text)


def score(export: Path) -> dict[str, float]:
    if not SAMPLE.exists():
        return {}
    judged = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data = json.loads(export.read_text(encoding="utf-8"))
    arts = {a["id"]: a for a in data["articles"]}
    line_of = {a["id"]: int(a["source"].rsplit(":", 1)[1]) for a in data["articles"]}
    entries: dict[tuple[int, str], list[str]] = {}
    for s in data["stories"]:
        for t in s["timeline"]:
            for e in t["evidence"]:
                entries.setdefault(_key(line_of[e["article"]], e["text"]), []).append(t["date"] or t["weekday"] or "")
    right = 0
    for item in judged["timeline"]:
        got = entries.get((item["evidence"][0]["line"], item["evidence"][0]["text_sha1"]), [])
        want, was = item["correct_date"], item["date"] or item["weekday"]
        if want is None:  # the entry should not exist: right when the sentence no longer makes it
            right += was not in got
        else:  # right when the sentence makes an entry of the judged date (a weekday alone: that weekday)
            right += any(g and (str(want).startswith(g) or (item["date"] is None and g == item["weekday"]))
                         for g in got)
    agreements: list[list[dict[str, Any]]] = [a["support"] for s in data["stories"] for a in s["agreements"]]
    found = first_right = 0
    for item in judged["first_reported"]:
        want = {(e["line"], e["text_sha1"]) for e in item["evidence"]}
        match = next((ev for ev in agreements if {_key(line_of[e["article"]], e["text"]) for e in ev} == want), None)
        if match is None:
            continue
        found += 1
        refs = [{"outlet": arts[e["article"]]["outlet"], "published": arts[e["article"]]["published"], "url": None,
                 "article": e["article"], "anchor": "", "start": e["start"], "end": e["end"]} for e in match]
        first = first_reported(refs)
        same = first is not None and line_of[first["article"]] == item["answer"]["line"] and \
            first["tie"] == item["answer"]["tie"]
        first_right += same if item["right"] else not same
    return {"sample_timeline_right": right / len(judged["timeline"]),
            "sample_first_found": float(found),
            "sample_first_right": first_right / found if found else float("nan")}
