"""The dossier's figures, drawn offline as SVG (and PNG for Markdown) with matplotlib.

Three charts, each from plain typed points so any front end can ask for one:

- :func:`evolving_chart`: a figure that changes across reports (a toll, a count) as a step line over
  publication time, one mark per report, coloured by outlet;
- :func:`timeline_chart`: the story's events on a horizontal date axis;
- :func:`coverage_chart`: an outlet × statement matrix (who carries which key statement).

No network, no script: the SVG is static markup (text kept as text, ids salted deterministically so
the same data gives the same bytes), ready to inline in a self-contained HTML file.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import matplotlib.dates as mdates
from matplotlib import rc_context
from matplotlib.figure import Figure  # the object API: no pyplot, no global state, no GUI backend
from matplotlib.ticker import FuncFormatter

#: Chart width and the height of one row (inches); the height of the timeline and matrix grows with rows.
WIDTH_IN = 7.0
ROW_IN = 0.32
MIN_HEIGHT_IN = 1.6
#: Labels longer than this are cut with an ellipsis (the full text is in the dossier beside the chart).
LABEL_CHARS = 48
#: The palette for outlets, in order of first appearance (colour-blind safe: Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
RC: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "storyline", "font.size": 9, "axes.spines.top": False,
      "axes.spines.right": False}


@dataclass(frozen=True)
class Report:
    """One report of an evolving figure: when it was published, the value, by whom."""

    published: datetime
    value: float
    outlet: str


@dataclass(frozen=True)
class Event:
    """One dated event of the timeline and the outlets that report it."""

    day: date
    label: str
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """Which outlet carries which statement: ``carried`` holds (statement index, outlet index)."""

    statements: tuple[str, ...]
    outlets: tuple[str, ...]
    carried: frozenset[tuple[int, int]]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def colours(outlets: Sequence[str]) -> dict[str, str]:
    """A stable colour per outlet, in order of first appearance."""
    out: dict[str, str] = {}
    for o in outlets:
        if o not in out:
            out[o] = PALETTE[len(out) % len(PALETTE)]
    return out


def _date_axis(ax: Any) -> None:
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _plain(value: float, _position: object = None) -> str:
    """A tick value in plain digits with thousands separators."""
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.6g}"


def evolving_chart(reports: Sequence[Report], measure: str) -> Figure:
    """A step chart of ``measure`` over publication time: the line holds each value until the next report."""
    if not reports:
        raise ValueError("an evolving figure needs at least one report")
    ordered = sorted(reports, key=lambda r: r.published)
    with rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, 2.6))
        ax = fig.subplots()
        ax.step(mdates.date2num([r.published for r in ordered]), [r.value for r in ordered], where="post",
                color="#888888", linewidth=1, zorder=1)
        for k, (outlet, colour) in enumerate(colours([r.outlet for r in ordered]).items()):
            mine = [r for r in ordered if r.outlet == outlet]
            ax.scatter(mdates.date2num([r.published for r in mine]), [r.value for r in mine], color=colour, label=outlet, zorder=2,
                       s=28, gid=f"reports-{k}")
        ax.set_ylabel(_short(measure))
        # values as a reader writes them ("143,000,000", "6,116", "41.2"), never an offset ("1e8")
        ax.yaxis.set_major_formatter(FuncFormatter(_plain))
        _date_axis(ax)
        ax.legend(loc="best", frameon=False)
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        fig.tight_layout()
    return fig


def timeline_chart(events: Sequence[Event]) -> Figure:
    """The events on a horizontal date axis, one row each (earliest on top), marked by how many outlets report it."""
    if not events:
        raise ValueError("a timeline needs at least one dated event")
    ordered = sorted(events, key=lambda e: e.day)
    with rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, max(MIN_HEIGHT_IN, ROW_IN * len(ordered) + 0.9)))
        ax = fig.subplots()
        rows = list(range(len(ordered)))[::-1]
        ax.scatter(mdates.date2num([e.day for e in ordered]), rows, s=[18 + 14 * len(e.outlets) for e in ordered], color=PALETTE[0],
                   zorder=2, gid="events")
        ax.set_yticks(rows, [_short(e.label) for e in ordered])
        ax.set_ylim(-0.7, len(ordered) - 0.3)
        _date_axis(ax)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        fig.tight_layout()
    return fig


def coverage_chart(cov: Coverage) -> Figure:
    """A filled cell where an outlet carries a statement, an empty one where it omits it."""
    if not cov.statements or not cov.outlets:
        raise ValueError("a coverage matrix needs statements and outlets")
    n = len(cov.statements)
    with rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, max(MIN_HEIGHT_IN, ROW_IN * n + 1.2)))
        ax = fig.subplots()
        cells = [(i, j) for i in range(n) for j in range(len(cov.outlets))]
        for held, gid in ((True, "carried"), (False, "omitted")):
            mine = [(i, j) for i, j in cells if ((i, j) in cov.carried) == held]
            ax.scatter([j for _, j in mine], [n - 1 - i for i, _ in mine], marker="s", s=90,
                       color=PALETTE[0] if held else "white", edgecolors=PALETTE[0], linewidths=0.8, gid=gid)
        ax.set_xticks(range(len(cov.outlets)), [_short(o) for o in cov.outlets], rotation=30, ha="right")
        ax.set_yticks(range(n), [_short(s) for s in reversed(cov.statements)])
        ax.set_xlim(-0.6, len(cov.outlets) - 0.4)
        ax.set_ylim(-0.6, n - 0.4)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.tick_params(length=0)
        fig.tight_layout()
    return fig


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prologue, no creation date: same data, same bytes)."""
    buf = io.StringIO()
    with rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "storyline"})
    return _PROLOGUE.sub("", buf.getvalue(), count=1)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (for Markdown, which links images rather than embedding markup)."""
    buf = io.BytesIO()
    with rc_context(RC):
        fig.savefig(buf, format="png", dpi=144, metadata={"Software": "storyline"})
    return buf.getvalue()
