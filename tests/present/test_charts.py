"""The dossier's charts: real matplotlib SVG, parsed back and counted."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from storyline.present.charts import (
    Coverage,
    Event,
    Report,
    colours,
    coverage_chart,
    evolving_chart,
    png,
    svg,
    timeline_chart,
)

NS = {"s": "http://www.w3.org/2000/svg"}
T0 = datetime(2031, 3, 4, 6, 0, tzinfo=UTC)


def marks(markup: str, gid: str) -> int:
    """How many markers the group ``gid`` draws: matplotlib writes one <use> per point of a scatter of one
    size, one <path> per point when the sizes differ."""
    root = ET.fromstring(markup)
    group = root.find(f".//s:g[@id='{gid}']", NS)
    assert group is not None, f"no group {gid!r} in the SVG"
    return len(group.findall(".//s:use", NS)) + len(group.findall("s:path", NS))


def test_evolving_chart_has_one_mark_per_report_coloured_by_outlet():
    reports = [Report(T0 + timedelta(hours=h), v, o) for h, v, o in
               [(0, 4, "Harbour Post"), (3, 9, "Valley Wire"), (5, 12, "Harbour Post"), (9, 17, "Valley Wire"),
                (11, 17, "Coastline Daily")]]
    out = svg(evolving_chart(reports, "people killed"))
    assert out.startswith("<svg") and "<?xml" not in out
    assert [marks(out, f"reports-{k}") for k in range(3)] == [2, 2, 1]
    assert "people killed" in out and "Coastline Daily" in out  # text stays text (searchable, accessible)
    assert svg(evolving_chart(list(reversed(reports)), "people killed")) == out  # same data, same bytes


def test_timeline_chart_rows_and_labels():
    events = [Event(date(2031, 3, 2), "the bridge closes", ("A",)),
              Event(date(2031, 3, 4), "the collapse", ("A", "B", "C")),
              Event(date(2031, 3, 9), "an inquiry opens", ("B",))]
    out = svg(timeline_chart(events))
    assert marks(out, "events") == 3
    assert "the collapse" in out and "an inquiry opens" in out


def test_coverage_chart_fills_only_what_an_outlet_carries():
    cov = Coverage(("nine killed", "the mayor resigned"), ("A", "B", "C"), frozenset({(0, 0), (0, 1), (1, 2)}))
    out = svg(coverage_chart(cov))
    assert marks(out, "carried") == 3 and marks(out, "omitted") == 3


def test_long_labels_are_cut_and_empty_input_is_refused():
    out = svg(timeline_chart([Event(date(2031, 3, 2), "x" * 200, ("A",))]))
    assert "x" * 200 not in out and "…" in out
    with pytest.raises(ValueError, match="at least one"):
        evolving_chart([], "killed")
    with pytest.raises(ValueError, match="statements and outlets"):
        coverage_chart(Coverage((), ("A",), frozenset()))


def test_png_is_made():
    data = png(evolving_chart([Report(T0, 3, "A")], "injured"))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_colours_are_stable_in_order_of_first_appearance():
    c = colours(["B", "A", "B", "C"])
    assert list(c) == ["B", "A", "C"] and len(set(c.values())) == 3


def test_an_evolving_chart_writes_its_values_in_plain_digits():
    from storyline.present.charts import _plain  # noqa: PLC0415

    assert _plain(143_000_000) == "143,000,000" and _plain(6116) == "6,116"
    assert _plain(41.2) == "41.2" and _plain(7) == "7"
