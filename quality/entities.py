"""Cross-outlet entity merging against the hand-annotated gold of ``tests/data/entities_gold.json``.

Each gold mention (corpus line, surface, occurrence; see ``tests/data/README.md``) is found in the
stored raw text, mapped through its paragraph's raw offsets into the clean body, and matched to the
stored mention that overlaps it most; that mention's local entity gives storyline's corpus entity.
Merge precision and recall are B-cubed over the gold mentions storyline found; ``strict_f1`` also
counts each missed mention as a singleton.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "entities_gold.json"


@dataclass(frozen=True)
class GoldMention:
    line: int
    surface: str
    occurrence: int
    entity: str


def load_gold(path: Path = GOLD) -> list[GoldMention]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [GoldMention(m["line"], m["surface"], m["occurrence"], m["entity"]) for m in data["mentions"]]


def nth_occurrence(text: str, surface: str, n: int) -> int | None:
    """Offset of the ``n``-th (0-based) non-overlapping match of ``surface`` in ``text``."""
    at = -len(surface)
    for _ in range(n + 1):
        at = text.find(surface, at + len(surface))
        if at < 0:
            return None
    return at


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted clustering against a gold one (same items)."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = sum(sum(gold[j] == gold[i] for j in by_pred[pred[i]]) / len(by_pred[pred[i]])
                    for i in range(len(gold))) / len(gold)
    recall = sum(sum(pred[j] == pred[i] for j in by_gold[gold[i]]) / len(by_gold[gold[i]])
                 for i in range(len(gold))) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def corpus_line(source: str) -> int | None:
    """The corpus line of an article stored from ``corpus.jsonl:LINE``."""
    tail = source.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def predicted_entities(db: Path, gold: list[GoldMention]) -> list[str | None]:
    """storyline's corpus entity for each gold mention (None: no stored mention overlaps it)."""
    conn = sqlite3.connect(db)
    try:
        articles = {corpus_line(src): (aid, raw, body)
                    for aid, src, raw, body in conn.execute("SELECT id, source, raw_text, body FROM articles")}
        out: list[str | None] = []
        for g in gold:
            if g.line not in articles:
                out.append(None)
                continue
            aid, raw, body = articles[g.line]
            at = nth_occurrence(raw, g.surface, g.occurrence)
            span = body_span(conn, aid, at, len(g.surface)) if at is not None else None
            if span is None or body[span[0]:span[1]] != g.surface:  # a paragraph not kept verbatim
                out.append(None)
                continue
            start, end = span
            best = None
            for m_start, m_end, entity in conn.execute(
                    "SELECT m.start, m.\"end\", le.entity_id FROM mentions m JOIN local_entities le "
                    "ON le.article_id = m.article_id AND le.idx = m.local_entity "
                    "WHERE m.article_id = ? AND m.start < ? AND m.\"end\" > ?", (aid, end, start)):
                overlap = min(end, m_end) - max(start, m_start)
                if entity is not None and (best is None or overlap > best[0]):
                    best = (overlap, entity)
            out.append(best[1] if best else None)
        return out
    finally:
        conn.close()


def body_span(conn: sqlite3.Connection, article_id: str, raw_at: int, length: int) -> tuple[int, int] | None:
    """A span of the stored raw text, mapped through its paragraph's raw offsets into the clean body."""
    row = conn.execute("SELECT start, raw_start FROM paragraphs WHERE article_id = ? AND raw_start <= ? AND raw_end >= ?",
                       (article_id, raw_at, raw_at + length)).fetchone()
    if row is None:
        return None
    start = row[0] + raw_at - row[1]
    return start, start + length


def score(db: Path, gold_path: Path = GOLD) -> dict[str, float]:
    gold = load_gold(gold_path)
    pred = predicted_entities(db, gold)
    found = [(p, g.entity) for p, g in zip(pred, gold, strict=True) if p is not None]
    precision, recall, f1 = bcubed([p for p, _ in found], [g for _, g in found])
    strict = [p if p is not None else f"missed:{i}" for i, p in enumerate(pred)]
    _, _, strict_f1 = bcubed(strict, [g.entity for g in gold])
    return {"merge_f1": f1, "merge_precision": precision, "merge_recall": recall, "strict_f1": strict_f1,
            "mention_recall": len(found) / len(gold) if gold else 0.0, "gold_mentions": float(len(gold)),
            "gold_entities": float(len({g.entity for g in gold}))}
