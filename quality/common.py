"""Ingest a development corpus into a fresh SQLite file, export it, and run a scorer on the export.

The development sets are third-party texts: they are read from ``../shared/dev`` beside the
checkout and never copied here. Every figure comes from the set's own scorer (standard-library
scripts under ``../shared``), run on a real ``storyline export``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline import pipeline
from storyline.config import settings
from storyline.ingest import iter_inputs
from storyline.model import Failure
from storyline.present.export import export_corpus
from storyline.scale import make_runner
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
EVAL = SHARED / "eval"
INTERNAL = "internal error"


class MissingData(RuntimeError):
    """A development set is not beside the checkout (``../shared/dev``)."""


@dataclass
class Run:
    """One development corpus ingested and exported."""

    name: str
    export: Path
    ingested: int
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def internal_errors(self) -> list[Failure]:
        return [f for f in self.failed if INTERNAL in f.reason]


def need(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MissingData(f"development data not found: {', '.join(missing)} (clone ../shared beside the repo)")


def ingest_export(name: str, inputs: Sequence[Path], workdir: Path, embed: bool = True) -> Run:
    """Ingest ``inputs`` into ``workdir/NAME.db`` (fresh) and write ``workdir/NAME.json``.

    ``embed=False``: without sentence vectors (``STORYLINE_EMBED=0`` for this run and its worker
    processes), for a set whose figures read nothing the vectors decide (main text, quotes and
    speakers are read before encoding): the encoder is the dearest stage of an ingest."""
    need(*inputs)
    if not embed:
        previous = os.environ.get("STORYLINE_EMBED")
        os.environ["STORYLINE_EMBED"] = "0"
        try:
            return ingest_export(name, inputs, workdir)
        finally:
            if previous is None:
                del os.environ["STORYLINE_EMBED"]
            else:
                os.environ["STORYLINE_EMBED"] = previous
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = Store(f"sqlite:///{db}")
    started = time.perf_counter()
    try:
        # the runner `storyline ingest` uses (a process per core): results are stored in input order
        runner = make_runner(processes=settings().processes)
        summary = pipeline.ingest(iter_inputs([str(p) for p in inputs], settings().max_file_bytes), store,
                                  runner=runner)
        data = export_corpus(store)
    finally:
        store.close()
    export = workdir / f"{name}.json"
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Run(name, export, summary.ingested + summary.replaced + summary.unchanged, list(summary.failed),
               time.perf_counter() - started)


def score(script: Path, *args: str) -> dict:
    """Run a standard-library scorer with ``--json`` and return what it printed."""
    need(script)
    proc = subprocess.run([sys.executable, str(script), *args, "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{script.name} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout)
