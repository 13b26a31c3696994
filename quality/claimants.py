"""Claimants of numeric claims against the hand-labelled gold of ``tests/data/claimants_gold.json``.

Each gold number (corpus line, surface, occurrence; see ``tests/data/README.md``) is found in the
stored raw text, mapped into the clean body as ``quality/entities.py`` does, and matched to the
stored claim whose number overlaps it. A claimant is right when, as in the seed scorer, its last
name token equals the gold one ("Sen. Asa Hutchinson" for "Asa Hutchinson"; "U.S. officials" for
"officials"); a number the outlet states in its own voice is right with no claimant. Items carry a
``split``: ``tune`` (read while the rules were written) and ``held`` (scored apart), and ``sure``:
false where the labeller found another reading defensible (``sure_`` figures leave those out).
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quality.entities import body_span, corpus_line, nth_occurrence

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "claimants_gold.json"
KINDS = ("name", "described", "none")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass(frozen=True)
class GoldClaim:
    line: int
    surface: str
    occurrence: int
    kind: str
    claimant: str | None
    sure: bool
    split: str


def load_gold(path: Path = GOLD) -> list[GoldClaim]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [GoldClaim(c["line"], c["surface"], c["occurrence"], c["kind"], c.get("claimant"), c["sure"],
                      c["split"])
            for c in data["claims"]]


def last_token(name: str) -> str | None:
    """Last name token, lower case: possessive 's, punctuation and generational suffixes dropped."""
    words = [w for w in re.findall(r"[^\W_]+", re.sub(r"['’]s\b", "", name).lower()) if w not in SUFFIXES]
    return words[-1] if words else None


def _words(name: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", re.sub(r"['’]s\b", "", name).lower()))


def right(predicted: str | None, gold: GoldClaim) -> bool:
    """Named: the last name tokens agree. Described: the head words agree, or the prediction names
    the body the description belongs to ("Defense Department" for "two Defense Department
    officials"). Own voice: no claimant."""
    if gold.kind == "none" or not gold.claimant:
        return predicted is None
    if predicted is None:
        return False
    if last_token(predicted) == last_token(gold.claimant):
        return True
    return gold.kind == "described" and last_token(predicted) in _words(gold.claimant)


def predicted_claimants(db: Path, gold: list[GoldClaim]) -> list[tuple[bool, str | None]]:
    """(a stored claim holds that number, its claimant) for each gold number."""
    conn = sqlite3.connect(db)
    try:
        articles = {corpus_line(src): (aid, raw, body)
                    for aid, src, raw, body in conn.execute("SELECT id, source, raw_text, body FROM articles")}
        out: list[tuple[bool, str | None]] = []
        for g in gold:
            found: tuple[bool, str | None] = (False, None)
            if g.line in articles:
                aid, raw, body = articles[g.line]
                at = nth_occurrence(raw, g.surface, g.occurrence)
                span = body_span(conn, aid, at, len(g.surface)) if at is not None else None
                if span is not None and body[span[0]:span[1]] == g.surface:
                    row = conn.execute("SELECT claimant FROM claims WHERE article_id = ? AND start < ? AND \"end\" > ? "
                                       "ORDER BY start LIMIT 1", (aid, span[1], span[0])).fetchone()
                    if row is not None:
                        found = (True, row[0])
            out.append(found)
        return out
    finally:
        conn.close()


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(db: Path, gold_path: Path = GOLD) -> dict[str, float]:
    gold = load_gold(gold_path)
    pred = predicted_claimants(db, gold)
    out: dict[str, float] = {}
    for prefix, keep in (("", lambda g: True), ("sure_", lambda g: g.sure), ("held_", lambda g: g.split == "held"),
                         ("tune_", lambda g: g.split == "tune")):
        pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if keep(g)]
        found = [(g, c) for g, (hit, c) in pairs if hit]
        attributed = [(g, c) for g, c in found if g.kind != "none"]
        out[f"{prefix}claimant_accuracy"] = _ratio(sum(right(c, g) for g, c in attributed), len(attributed))
        if not prefix:
            for kind in KINDS:
                of_kind = [(g, c) for g, c in found if g.kind == kind]
                out[f"{kind}_accuracy"] = _ratio(sum(right(c, g) for g, c in of_kind), len(of_kind))
                out[f"{kind}_n"] = float(len(of_kind))
            out["claims_found"] = _ratio(len(found), len(pairs))
            out["gold_claims"] = float(len(pairs))
        out[f"{prefix}attributed_n"] = float(len(attributed))
    return out
