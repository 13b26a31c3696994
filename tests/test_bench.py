"""The benchmark's --quick mode runs end to end and writes its report."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_bench_quick(tmp_path):
    out = tmp_path / "RESULTS.md"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--float32", "--out", str(out)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    for section in ("(a) parse floor", "(b) processes", "(c) story assignment", "(d) API latency", "(e) peak memory",
                    "(f) adding one article to a story"):
        assert section in text
    # (f): the one article joined the generated story each time (of 5 and of 20 reports)
    assert "joined a story of 6 articles" in text and "joined a story of 21 articles" in text
    assert "ratio full/bare throughput" in text and "growth" in text and "speed-up of 2 processes" in text
    assert text.count("into a store of") == 2  # memory measured into two store sizes
    assert "Whole run:" in text
    # the per-stage breakdown of (a), with the CPU it ran on and the encoder path forced to float32
    assert "where the time went" in text and "encoder: float32 (forced: --float32)" in text
    for stage in ("clean (without its parse)", "parse", "analyze", "encode", "store", "assign", "link", "reconcile"):
        assert f"  - {stage}: " in text
