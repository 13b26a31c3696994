"""Quality gate: ingest the seed articles, export, and score with ../shared/eval/score.py.

Floors only ever go up. Skipped (not failed) when ../shared/seeds is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SCORE, run_cli

# The issues' minimums, raised towards what the pipeline measures today (see the issue notes),
# with a margin; a regression below any of them fails CI. Floors only ever go up.
FLOORS = {
    "clean_f1": 0.97,  # issue 3 asks 0.95; measured 1.0
    "title_accuracy": 0.75,  # measured 1.0 (4 titles: one miss would be 0.75)
    "outlet_accuracy": 0.66,  # measured 1.0 (3 outlets)
    "published_accuracy": 1,
    # analysis (issue 4)
    "quote_f1": 0.93,  # asks 0.85; measured 0.987
    "attribution_accuracy": 0.93,  # asks 0.85; measured 1.0
    "entity_merge_f1": 0.93,  # asks 0.8; measured 1.0
    "claim_recall": 0.9,  # asks 0.8; measured 1.0
    "claimant_accuracy": 0.8,  # asks 0.6; measured 1.0
    # stories and reconciliation (issue 5)
    "story_bcubed_f1": 0.95,  # measured 1.0
    "quote_variant_recall": 0.8,  # asks 0.6; measured 1.0
    "conflict_recall": 0.5,  # measured 1.0 (2 gold conflicts)
    "agreement_recall": 0.6,  # asks 0.5; measured 0.625
    "exclusive_recall": 0.6,  # asks 0.4; measured 0.8
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
