"""Where quality stands on real development data, in one table.

    python -m quality.run                 # every set (``make quality``)
    python -m quality.run events html     # some of them
    python -m quality.run --json          # the same figures as JSON

Writes the databases and exports under ``--workdir`` (default ``out/quality``) so a figure can be
checked against the export that produced it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quality.common import ROOT, MissingData
from quality.floors import bar
from quality.sets import SETS, Figures


def table(results: list[Figures]) -> str:
    lines = [f"{'set':<28} {'figure':<34} {'value':>10}  {'bar':<8}", "-" * 84]
    for fig in results:
        for key, value in fig.values.items():
            shown = f"{value:.4f}" if isinstance(value, float) and not float(value).is_integer() else f"{value:g}"
            lines.append(f"{fig.name:<28} {key:<34} {shown:>10}  {bar(fig.name, key)}")
        for run in fig.runs:
            lines.append(f"{fig.name:<28} {'articles stored / failed (' + run.name + ')':<34} "
                         f"{run.ingested:>5}/{len(run.failed):<4}")
            lines.append(f"{fig.name:<28} {'internal errors (' + run.name + ')':<34} {len(run.internal_errors):>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", metavar="SET", help=f"which sets (default: all of {', '.join(SETS)})")
    ap.add_argument("--workdir", type=Path, default=ROOT / "out" / "quality")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    unknown = [s for s in a.sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set {', '.join(unknown)}; choose from {', '.join(SETS)}")
    results: list[Figures] = []
    for name in a.sets or list(SETS):
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        try:
            results += SETS[name](a.workdir)
        except MissingData as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
    for fig in results:
        for run in fig.runs:
            for failure in run.internal_errors:
                print(f"INTERNAL ERROR {failure.source}: {failure.reason}", file=sys.stderr)
    if a.json:
        print(json.dumps({f.name: dict(f.values, **{f"internal_errors_{r.name}": len(r.internal_errors)
                                                    for r in f.runs}) for f in results}, indent=1))
    else:
        print(table(results))
    return 1 if any(r.internal_errors for f in results for r in f.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
