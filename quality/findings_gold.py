"""Per-kind precision and recall of story findings against ``tests/data/findings_gold.json``:
dev events stories judged by hand. The gold holds record numbers, line numbers and character
spans only; the words are read from ``../shared/dev/events/corpus.jsonl`` when scoring.

A predicted finding matches a judged one when two of its evidence spans (in two records) overlap
two of the judged evidence spans (for precision, a dispute found in fewer outlets than judged also
matches when it overlaps the judged evidence in each of its records). Recall: judged-true findings matched / judged-true findings.
Stories carry a ``split``: ``tune`` (read while the rules were written) or ``held`` (judged after,
scored apart as the held-back figures).

Precision: of the predicted findings that match a judged one, the share that match a true one;
for the kinds a story lists as ``exhaustive``, every predicted finding of that kind in the story
counts, matched or not (an unlisted one is wrong).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.model import FindingKind

K = FindingKind
#: the kinds the gold judges (by their enum values, as the gold file writes them)
KINDS = tuple(k.value for k in (K.AGREEMENT, K.CONFLICT, K.COMPATIBLE, K.EVOLVING, K.DISPUTED, K.SYNDICATED))
#: export story field → finding kind
FIELDS = {"agreements": K.AGREEMENT.value, "compatible": K.COMPATIBLE.value, "evolving": K.EVOLVING.value,
          "disputed": K.DISPUTED.value}


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@dataclass(frozen=True)
class Ref:
    record: int
    text: str


def _overlap(a: Ref, b: Ref) -> bool:
    if a.record != b.record:
        return False
    ta, tb = _tokens(a.text), _tokens(b.text)
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= 0.6


def _matches(pred: list[Ref], judged: list[Ref]) -> bool:
    hit = {j.record for j in judged if any(_overlap(p, j) for p in pred)}
    return len(hit) >= 2 or (len({j.record for j in judged}) == 1 and bool(hit)
                             and sum(any(_overlap(p, j) for p in pred) for j in judged) >= 2)


def _within(pred: list[Ref], judged: list[Ref]) -> bool:
    """A dispute is complete in one article: a prediction lying in fewer records than the judged
    finding is right (for precision) when each of its records overlaps the judged evidence there."""
    recs = {p.record for p in pred}
    return bool(recs) and all(any(_overlap(p, j) for p in pred if p.record == r for j in judged) for r in recs)


def _predicted(story: dict[str, Any], record_of: dict[str, int]) -> list[tuple[str, list[Ref]]]:
    out: list[tuple[str, list[Ref]]] = []
    for fld, kind in FIELDS.items():
        for f in story.get(fld, []):
            refs = f.get("support") or f.get("sides") or f.get("series") or []
            out.append((kind, [Ref(record_of[x["article"]], x["text"]) for x in refs if x["article"] in record_of]))
    for c in story.get("conflicts", []):
        if not c.get("disputed"):  # a dispute is also listed among conflicts: scored as a dispute
            out.append((K.CONFLICT.value, [Ref(record_of[x["article"]], x["text"]) for x in c["sides"]
                                     if x["article"] in record_of]))
    for g in story.get("syndicated", []):
        out.append((K.SYNDICATED.value, [Ref(record_of[a], "") for a in g if a in record_of]))
    return out


def score(export: dict[str, Any], gold: dict[str, Any], corpus: Path, split: str | None = None) -> dict[str, float]:
    """Per-kind figures over the gold's stories (only those of ``split`` when given)."""
    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines() if line.strip()]

    def words(ev: dict[str, Any]) -> Ref:
        line = texts[ev["record"] - 1].split("\n")[ev["line"] - 1]
        return Ref(ev["record"], line[ev["start"]:ev["end"]])

    record_of = {a["id"]: int(str(a["source"]).rsplit(":", 1)[1]) for a in export["articles"]
                 if re.search(r":\d+$", str(a["source"]))}
    tally = {k: dict(true=0, found=0, judged=0, right=0) for k in KINDS}
    for gs in gold["stories"]:
        if split is not None and gs.get("split", "tune") != split:
            continue
        recs = set(gs["records"])
        preds = [p for s in export["stories"] if {record_of.get(a) for a in s["articles"]} & recs
                 for p in _predicted(s, record_of)]
        preds = [(k, [r for r in refs if r.record in recs]) for k, refs in preds]
        judged = [(g["kind"], g["true"], [words(e) for e in g["evidence"]]) for g in gs["findings"]]
        for kind, true, refs in judged:
            if true:
                tally[kind]["true"] += 1
                if kind == K.SYNDICATED.value:
                    tally[kind]["found"] += any(k == kind and {r.record for r in p} == {r.record for r in refs}
                                                for k, p in preds)
                else:
                    tally[kind]["found"] += any(k == kind and _matches(p, refs) for k, p in preds)
        for kind, refs in preds:
            if len({r.record for r in refs}) < 1:
                continue
            hits = [true for k, true, j in judged if k == kind and (
                _matches(refs, j) or kind == K.DISPUTED.value and _within(refs, j))]
            if hits:
                tally[kind]["judged"] += 1
                tally[kind]["right"] += any(hits)
            elif kind in gs.get("exhaustive", []):
                tally[kind]["judged"] += 1
    out: dict[str, float] = {}
    for k, t in tally.items():
        if t["true"]:
            out[f"{k}_recall"] = t["found"] / t["true"]
        out[f"{k}_precision"] = t["right"] / t["judged"] if t["judged"] else float("nan")
        out[f"{k}_judged"] = float(t["judged"])
    return out


def score_splits(export: dict[str, Any], gold: dict[str, Any], corpus: Path) -> dict[str, float]:
    """Every story's figures, then the held-back stories' alone (``held_…``: judged after the
    rules were written, never tuned on) and the tuning stories' (``tune_…``)."""
    out = score(export, gold, corpus)
    for split in ("held", "tune"):
        out |= {f"{split}_{k}": v for k, v in score(export, gold, corpus, split).items()}
    return out
