"""Shared by the quality tests on ``../shared/dev``: run a measure (skip when its data is absent)
and check its figures against the bars of ``quality/floors.py``."""
from __future__ import annotations

import pytest

from quality.common import MissingData
from quality.floors import CEILINGS, FLOORS
from quality.sets import Figures


def measure(fn, *args) -> list[Figures]:
    try:
        result = fn(*args)
    except MissingData as exc:
        pytest.skip(str(exc))
    return list(result) if isinstance(result, tuple) else [result]


def check(figures: list[Figures]) -> None:
    for fig in figures:
        print(fig.name, fig.values)
        bars = [key for name, key in [*FLOORS, *CEILINGS] if name == fig.name]
        assert set(bars) <= set(fig.values), f"a bar names a figure {fig.name} does not give: {bars}"
        for run in fig.runs:
            assert not run.internal_errors, "\n".join(f"{f.source}: {f.reason}" for f in run.internal_errors)
        for key, value in fig.values.items():
            if (fig.name, key) in FLOORS:
                assert value >= FLOORS[fig.name, key], f"{fig.name} {key} = {value} < floor {FLOORS[fig.name, key]}"
            if (fig.name, key) in CEILINGS:
                assert value <= CEILINGS[fig.name, key], f"{fig.name} {key} = {value} > {CEILINGS[fig.name, key]}"
