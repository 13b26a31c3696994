"""The development sets and the figures each one gives (see ``../shared/dev/README.md``).

Each ``measure_*`` ingests its set into ``workdir``, exports, runs the set's scorer and returns a
``Figures``: the scorer's numbers that ``make quality`` prints and the suite's floors check.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quality.claimants import GOLD as CLAIMANT_GOLD
from quality.claimants import score as claimant_score
from quality.common import DEV, EVAL, ROOT, SHARED, Run, ingest_export, need, score
from quality.copies import score as copies_score
from quality.entities import GOLD as ENTITY_GOLD
from quality.entities import score as entity_score
from quality.findings_gold import score_splits as findings_gold_score
from quality.furniture import score as furniture_score
from quality.headings import score as headings_score
from quality.judged_sample import score as sample_score
from quality.story_links import measure as story_links_measure
from storyline.clean.furniture import EXTRACTED_DROP

POLNEAR = DEV / "polnear"
HTML = DEV / "html"
EVENTS = DEV / "events"
BREAKING = DEV / "breaking"


@dataclass
class Figures:
    """One set's figures, in print order, with the runs that produced them."""

    name: str
    values: dict[str, float]
    runs: list[Run]


def measure_polnear(workdir: Path) -> Figures:
    """Quotes and speakers on PolNeAR ``dev`` (tune on ``train``, report on ``dev``)."""
    run = ingest_export("polnear_dev", [POLNEAR / "dev" / "articles"], workdir, embed=False)
    s = score(POLNEAR / "score.py", str(run.export), "--gold", str(POLNEAR / "dev" / "gold.json"))
    keys = ("quote_f1", "quote_precision", "quote_recall", "attribution_accuracy", "attributed_recall_named",
            "attribution_pronoun_resolved", "attribution_pronoun_lenient", "attribution_description_lenient",
            "attribution_description_resolved")
    return Figures("quotes (PolNeAR dev)", {k: s[k] for k in keys}, [run])


def measure_polnear_train(workdir: Path, every: int = 1) -> Figures:
    """PolNeAR ``train`` articles ingested for internal errors only (``every``: a 1-in-N sample)."""
    articles = POLNEAR / "train" / "articles"
    need(articles)
    files = sorted(articles.iterdir())[::every]
    run = ingest_export("polnear_train", files, workdir, embed=False)
    return Figures("PolNeAR train (errors only)", {}, [run])


def measure_html(workdir: Path) -> Figures:
    """HTML main text: storyline's F beside bare trafilatura's, same pages, same run."""
    run = ingest_export("html", [HTML / "pages"], workdir, embed=False)
    baseline = workdir / "html_trafilatura.json"
    need(HTML / "baseline.py")
    proc = subprocess.run([sys.executable, str(HTML / "baseline.py"), "-o", str(baseline)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"baseline.py exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    s = score(HTML / "score.py", str(run.export), str(baseline))
    mine, theirs = s["export"]["groups"]["all"], s["baseline"]["groups"]["all"]
    return Figures("HTML main text", {
        "f1_ratio": s["f_ratio"]["all"], "f1": mine["f1"], "trafilatura_f1": theirs["f1"],
        "precision": mine["precision"], "recall": mine["recall"],
        "pages_without_article": s["export"]["pages_without_article"]}, [run])


#: the events run of this process per workdir: stories, findings, the findings gold and entities share it
_EVENTS_RUNS: dict[Path, Run] = {}
FINDINGS_GOLD = ROOT / "tests" / "data" / "findings_gold.json"


def _events_run(workdir: Path) -> Run:
    """The events corpus ingested once per process and workdir."""
    if workdir not in _EVENTS_RUNS:
        _EVENTS_RUNS[workdir] = ingest_export("events", [EVENTS / "corpus.jsonl"], workdir)
    return _EVENTS_RUNS[workdir]


def measure_findings_gold(workdir: Path) -> Figures:
    """Per-kind precision and recall of findings on dev events stories judged by hand
    (``tests/data/findings_gold.json``; the events export of this run)."""
    need(EVENTS / "corpus.jsonl", FINDINGS_GOLD)
    run = _events_run(workdir)
    s = findings_gold_score(json.loads(run.export.read_text()), json.loads(FINDINGS_GOLD.read_text()),
                            EVENTS / "corpus.jsonl")
    return Figures("findings gold (dev events)", {k: v for k, v in s.items() if v == v}, [])  # nan: none judged


def measure_events(workdir: Path) -> tuple[Figures, Figures]:
    """Stories against the gold events (TF-IDF baseline beside), and gold-free findings counts."""
    run = _events_run(workdir)
    c = score(EVAL / "score_clusters.py", str(run.export), "--gold", str(EVENTS / "gold.json"))
    f = score(EVAL / "score_findings.py", str(run.export))
    stories = Figures("stories (dev events)", {
        k: c[k] for k in ("b3_f1", "b3_precision", "b3_recall", "tfidf_b3_f1", "pred_clusters", "gold_events")}, [run])
    findings = Figures("findings (dev events)", {
        k: f[k] for k in ("same_outlet_conflicts", "one_outlet_agreements", "furniture_evidence",
                          "conflicts_per_story", "conflicts", "agreements", "exclusives", "quote_variants")}, [])
    return stories, findings


def measure_breaking(workdir: Path) -> tuple[Figures, Figures]:
    """Developing stories (``../shared/dev/breaking``, the whole corpus ingested): stories against the
    gold events with the TF-IDF baseline beside, and the stories of the six annotated events; the
    findings of the same run against the findings gold (``breaking_findings``)."""
    need(BREAKING / "corpus.jsonl", BREAKING / "gold.json")
    run = ingest_export("breaking", [BREAKING / "corpus.jsonl"], workdir)
    c = score(EVAL / "score_clusters.py", str(run.export), "--gold", str(BREAKING / "gold.json"))
    values = {k: c[k] for k in ("b3_f1", "b3_precision", "b3_recall", "tfidf_b3_f1", "pred_clusters", "gold_events",
                                "missing")}
    values["stories_per_annotated_event"] = annotated_stories(run.export, BREAKING)
    findings = breaking_findings(run.export, workdir) if (BREAKING / "findings_gold.json").exists() else {}
    findings |= copies_score(run.export) if (BREAKING / "findings_gold.json").exists() else {}
    findings |= sample_score(run.export)
    findings |= headings_score(run.export.with_suffix(".db"))
    return Figures("stories (dev breaking)", values, [run]), Figures("findings gold (dev breaking)", findings, [])


#: Our own findings annotations of more breaking events (one file per event, the format of
#: ``../shared/dev/breaking/findings_gold.json``): held back from tuning when they were made (issue 27).
BREAKING_HELD = ROOT / "tests" / "data" / "breaking_findings"
#: The findings scorer's totals that the table shows, per gold part.
FINDINGS_TOTALS = ("conflict_precision", "conflict_recall", "lookalike_conflicts", "evolving_recall",
                   "syndication_group_recall", "syndication_pair_precision", "key_fact_agreement_recall",
                   "key_facts_in_summary", "predicted_conflicts")


def with_quotes(item: Any, texts: list[str]) -> Any:
    """Our annotations name each quote by its corpus line and character span (``at``), so no text of
    the articles is kept in the repository; the scorer's format wants the words: read them here."""
    if isinstance(item, dict):
        if "at" in item and "line" in item:
            start, end = item["at"]
            item = {**{k: v for k, v in item.items() if k != "at"}, "quote": texts[item["line"] - 1][start:end]}
        return {k: with_quotes(v, texts) for k, v in item.items()}
    if isinstance(item, list):
        return [with_quotes(x, texts) for x in item]
    return item


def breaking_findings(export: Path, workdir: Path) -> dict[str, float]:
    """The findings of the whole breaking run against the shipped gold of six events (``tune_``) and
    against our own annotations of more events (``held_``); a figure the scorer cannot give (a
    precision with nothing predicted) is left out."""
    parts = {"tune": BREAKING / "findings_gold.json"}
    held = sorted(BREAKING_HELD.glob("*.json")) if BREAKING_HELD.is_dir() else []
    if held:
        texts = [json.loads(line)["text"] for line in (BREAKING / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
        gold = {"corpus": str(BREAKING / "corpus.jsonl"), "description": "our annotations (tests/data/breaking_findings)",
                "events": {f.stem: with_quotes(json.loads(f.read_text(encoding="utf-8")), texts) for f in held}}
        parts["held"] = workdir / "breaking_findings_held.json"
        parts["held"].write_text(json.dumps(gold), encoding="utf-8")
    out: dict[str, float] = {}
    for name, gold_path in parts.items():
        total = score(EVAL / "score_findings_gold.py", str(export), "--input", str(BREAKING / "corpus.jsonl"),
                      "--gold", str(gold_path), "--corpus", str(BREAKING / "corpus.jsonl"))["total"]
        out |= {f"{name}_{k}": float(total[k]) for k in FINDINGS_TOTALS if total.get(k) is not None}
    return out


def annotated_stories(export: Path, root: Path) -> float:
    """Mean number of stories the articles of each event of ``findings_gold.json`` landed in (1: every
    annotated event is one story)."""
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    annotated = {int(e) for e in json.loads((root / "findings_gold.json").read_text(encoding="utf-8"))["events"]}
    data = json.loads(export.read_text(encoding="utf-8"))
    line_of = {a["id"]: int(a["source"].rsplit(":", 1)[1]) for a in data["articles"]}
    story_of = {line_of[a]: s["id"] for s in data["stories"] for a in s["articles"] if a in line_of}
    by_event: dict[int, set[str]] = {}
    for d in gold["documents"]:
        if d["event"] in annotated:
            by_event.setdefault(d["event"], set()).add(story_of.get(d["line"], f"missing:{d['line']}"))
    return sum(len(v) for v in by_event.values()) / len(by_event) if by_event else float("nan")


def measure_story_links(workdir: Path) -> Figures:
    """Linked stories of the events run against the hand-judged arcs (``tests/data/story_links_gold.json``)."""
    run = _events_run(workdir)
    return Figures("story links (dev events)", story_links_measure(run.export.with_suffix(".db")), [])


def measure_entities(workdir: Path) -> Figures:
    """Cross-outlet entity merging on the events corpus against ``tests/data/entities_gold.json``
    (B-cubed over the gold mentions storyline found; see ``quality/entities.py``)."""
    need(EVENTS / "corpus.jsonl", ENTITY_GOLD)
    run = _events_run(workdir)
    return Figures("entities (dev events)", entity_score(run.export.with_suffix(".db")), [])


def measure_claimants(workdir: Path) -> Figures:
    """Claimants of numeric claims on the events corpus against ``tests/data/claimants_gold.json``
    (see ``quality/claimants.py``)."""
    need(EVENTS / "corpus.jsonl", CLAIMANT_GOLD)
    run = _events_run(workdir)
    return Figures("claimants (dev events)", claimant_score(run.export.with_suffix(".db")), [])


def measure_seeds(workdir: Path) -> Figures:
    """The five seed articles against their gold (the seed gate of ``tests/test_quality.py``)."""
    run = ingest_export("seeds", [SHARED / "seeds"], workdir)
    s = score(EVAL / "score.py", str(run.export))
    keys = ("clean_f1", "quote_f1", "attribution_accuracy", "entity_merge_f1", "claimant_accuracy",
            "story_bcubed_f1", "conflict_recall", "false_conflicts", "agreement_recall", "exclusive_recall")
    return Figures("seeds", {k: s[k] for k in keys if k in s}, [run])


def measure_furniture(workdir: Path) -> Figures:
    """The furniture model on the held-back fifth of the labelled HTML development lines."""
    s = furniture_score()
    values: dict[str, float] = {"held_back_lines": float(s["lines"])}
    for name, key in (("extracted", f"model p>={EXTRACTED_DROP} (extracted HTML text)"),
                      ("scraped_page", "scraped page (rules, model veto)"), ("rules_alone", "rules alone (not prose)")):
        prf = s[key]
        values[f"{name}_precision"], values[f"{name}_recall"] = prf["precision"], prf["recall"]
    return Figures("furniture (held-back lines)", values, [])


#: name → what it measures; ``python -m quality.run NAME`` runs one.
SETS: dict[str, Callable[[Path], list[Figures]]] = {
    "seeds": lambda w: [measure_seeds(w)],
    "polnear": lambda w: [measure_polnear(w)],
    "html": lambda w: [measure_html(w)],
    "events": lambda w: list(measure_events(w)),
    "entities": lambda w: [measure_entities(w)],
    "claimants": lambda w: [measure_claimants(w)],
    "findings-gold": lambda w: [measure_findings_gold(w)],
    "furniture": lambda w: [measure_furniture(w)],
    "story-links": lambda w: [measure_story_links(w)],
    "breaking": lambda w: list(measure_breaking(w)),
    "polnear-train": lambda w: [measure_polnear_train(w)],
}
