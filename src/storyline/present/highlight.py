"""Article text as HTML with spans marked (quotes, numbers, names, evidence); always escaped."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    title: str | None = None
    id: str | None = None


def render_body(body: str, marks: Iterable[Mark]) -> Markup:
    """Paragraphs (one per line) with marks as <mark>/<span>; overlapping marks are split to nest."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(body)]
    cuts = sorted({0, len(body)} | {m.start for m in marks} | {m.end for m in marks}
                  | {i for i, ch in enumerate(body) if ch == "\n"} | {i + 1 for i, ch in enumerate(body) if ch == "\n"})
    out: list[str] = ["<p>"]
    seen_ids: set[str] = set()
    # one sweep over the cuts: the marks open at a piece are kept as the sweep goes (linear in the
    # body and the marks, not every mark checked against every piece)
    by_start = sorted(marks, key=lambda m: m.start)
    nxt = 0
    active: list[Mark] = []
    for a, b in pairwise(cuts):
        while nxt < len(by_start) and by_start[nxt].start <= a:
            active.append(by_start[nxt])
            nxt += 1
        if any(m.end <= a for m in active):
            active = [m for m in active if m.end > a]
        piece = body[a:b]
        if piece == "\n":
            out.append("</p>\n<p>")
            continue
        html = str(escape(piece))
        for m in sorted(active, key=lambda m: (m.end - m.start, m.start)):
            attrs = f' class="{escape(m.cls)}"'
            if m.title:
                attrs += f' title="{escape(m.title)}"'
            if m.id and m.start == a and m.id not in seen_ids:
                attrs += f' id="{escape(m.id)}"'
                seen_ids.add(m.id)
            tag = "mark" if "hl" in m.cls.split() else "span"
            html = f"<{tag}{attrs}>{html}</{tag}>"
        out.append(html)
    out.append("</p>")
    return Markup("".join(out))


def article_marks(view: dict, highlight: tuple[int, int] | None = None) -> list[Mark]:
    marks = [Mark(q["start"], q["end"], "q", f"quote · {q['speaker'] or 'unattributed'}") for q in view["quotes"]]
    marks += [Mark(c["start"], c["end"], "n", f"claim · {c['claimant'] or 'no claimant'}") for c in view["claims"]]
    marks += [Mark(m["start"], m["end"], "e", f"{m['label']}") for m in view["mentions"]]
    marks += [Mark(t["start"], t["end"], "t", f"time · {t['resolved'] or t['weekday'] or '?'}") for t in view["time_refs"]]
    marks += [Mark(s["start"], s["end"], "s", id=f"a-{view['id']}-{s['start']}") for s in view["sentences"]]
    if highlight:
        marks.append(Mark(highlight[0], highlight[1], "hl", "evidence", id="hl"))
    return marks
