"""Quality gate: ingest the seed articles, export, and score with ../shared/eval/score.py.

Floors only ever go up. Skipped (not failed) when ../shared/seeds is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SCORE, run_cli

FLOORS = {
    "clean_f1": 0.95,
    "title_accuracy": 0.75,
    "outlet_accuracy": 0.66,
    "published_accuracy": 1,
    # analysis (issue 4)
    "quote_f1": 0.85,
    "attribution_accuracy": 0.85,
    "entity_merge_f1": 0.8,
    "claim_recall": 0.8,
    "claimant_accuracy": 0.6,
    # stories and reconciliation (issue 5)
    "story_bcubed_f1": 0.95,
    "quote_variant_recall": 0.6,
    "conflict_recall": 0.5,
    "agreement_recall": 0.5,
    "exclusive_recall": 0.4,
}


@pytest.mark.quality
def test_seed_scores_meet_the_floors(seeds_dir, db_url, tmp_path):
    run_cli("ingest", str(seeds_dir), db=db_url, check=True)
    export = tmp_path / "export.json"
    run_cli("export", "-o", str(export), db=db_url, check=True)
    args = [sys.executable, str(SCORE), str(export), "--json"]
    for name, floor in FLOORS.items():
        args += ["--min", f"{name}={floor}"]
    proc = subprocess.run(args, capture_output=True, text=True)
    scores = json.loads(proc.stdout)
    print(json.dumps(scores, indent=1))
    assert proc.returncode == 0, proc.stderr
    assert scores["articles_found"] == 5
    assert scores["false_conflicts"] == 0, "a look-alike or an agreement was reported as a conflict"
