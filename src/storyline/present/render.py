"""Dossier renderers: self-contained HTML, Markdown, and pages (Jinja2, autoescaped)."""
from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, PackageLoader, select_autoescape
from matplotlib.figure import Figure

from storyline.config import settings
from storyline.present import charts as C
from storyline.present.dossier import SECTIONS as D_SECTIONS
from storyline.present.dossier import article_view, when
from storyline.present.highlight import Mark, render_body
from storyline.present.words import counted
from storyline.reconcile.quoted import bare


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=PackageLoader("storyline.present", "templates"),
                    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                    trim_blocks=True, lstrip_blocks=True)
    e.filters["web"] = web
    e.filters["counted"] = counted
    return e


def web(url: str | None) -> bool:
    """A URL a reader may follow: http or https only (never ``javascript:`` from an input file)."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def page(template: str, **context: Any) -> str:
    """A page of the site (its links start at the site's root)."""
    return env().get_template(template).render(root="/", standalone=False, **context)


#: What a chart draws, hashable: who carries which statement, the timeline's events, or an evolving
#: figure's reports and what it measures.
ChartSpec = C.Coverage | tuple[C.Event, ...] | tuple[tuple[C.Report, ...], str]

#: The charts of a dossier, in the order they are shown, with their captions.
CHARTS = {"coverage": "Who reports what: outlet × key statement (filled: carried, empty: omitted)",
          "timeline": "Timeline of events by resolved date (larger marks: more outlets)",
          "evolving": "How a figure changed from report to report"}


def chart_specs(d: dict[str, Any]) -> dict[str, ChartSpec]:
    """The charts the dossier's data allows (``evolving-0``, ``timeline``, ``coverage``); none when empty."""
    cfg = settings()
    out: dict[str, ChartSpec] = {}
    # rows a reader understands: statements, and figures that say what they measure (not "30", "12 mph")
    agreed = [a for a in d["agreements"] if not a.get("figure") or a.get("key_figure")][:cfg.chart_statements]
    outlets = [o["outlet"] for o in d.get("overview", {}).get("outlets", [])]
    if agreed and outlets:
        carried = frozenset((i, outlets.index(r["outlet"] or "unknown")) for i, a in enumerate(agreed)
                            for r in a["evidence"] if (r["outlet"] or "unknown") in outlets)
        out["coverage"] = C.Coverage(tuple(a["about"] for a in agreed), tuple(outlets), carried)
    events = []
    for e in d["timeline"]:
        try:
            day = date.fromisoformat((e["date"] or "")[:10])
        except ValueError:
            continue
        words = bare(" ".join(e["evidence"][0]["text"].split())) if e["evidence"] else ""
        label = words or e["about"]  # the sentence, not the lemma of its verb ("occur: …")
        events.append(C.Event(day, label, tuple(sorted({r["outlet"] or "?" for r in e["evidence"]}))))
    if events:  # the most widely reported, when there are too many to read
        events = sorted(events, key=lambda e: -len(e.outlets))[:cfg.chart_events]
        out["timeline"] = tuple(events)
    for k, f in enumerate(d["evolving"][:cfg.chart_evolving]):
        reports = [C.Report(t, float(r["number"]), r["outlet"] or "unknown")
                   for r in f["series"] if (t := when(r["published"])) is not None and r.get("number") is not None]
        if reports:
            out[f"evolving-{k}"] = (tuple(reports), f.get("measure") or "figure")
    return out


def figure(spec: ChartSpec) -> Figure:
    """The chart a spec describes (``chart_specs``)."""
    if isinstance(spec, C.Coverage):
        return C.coverage_chart(spec)
    if spec and isinstance(spec[0], C.Event):
        return C.timeline_chart(spec)
    reports, measure = cast(tuple[tuple[C.Report, ...], str], spec)
    return C.evolving_chart(reports, measure)


def figures(d: dict[str, Any]) -> dict[str, Figure]:
    """Every chart of a dossier, drawn."""
    return {name: figure(spec) for name, spec in chart_specs(d).items()}


#: SVG charts kept in memory, by what they draw: a page asked again (or another filter of the same
#: story) draws nothing; matplotlib takes 50-150 ms per chart.
SVG_KEPT = 256


@lru_cache(maxsize=SVG_KEPT)
def _svg_uri(spec: ChartSpec) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(C.svg(figure(spec)).encode()).decode()


def chart_uris(d: dict[str, Any]) -> list[dict[str, str]]:
    """Each chart as an ``<img>`` source (an SVG data URI: no script, allowed by the pages' CSP) and its caption."""
    return [{"name": name, "caption": CHARTS[name.split("-")[0]], "src": _svg_uri(spec)}
            for name, spec in chart_specs(d).items()]


def _write_png(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def chart_pngs(d: dict[str, Any], folder: Path, stem: str,
               write: Callable[[Path, bytes], None] = _write_png) -> list[dict[str, str]]:
    """Each chart as a PNG next to a Markdown file, written by ``write`` (the CLI's safe writer);
    returns the names to link and their captions."""
    out = []
    for name, fig in figures(d).items():
        file = f"{stem}-{name}.png"
        write(folder / file, C.png(fig))
        out.append({"name": name, "caption": CHARTS[name.split("-")[0]], "file": file})
    return out


def all_refs(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Every piece of evidence a dossier cites."""
    refs = [r for f in d["conflicts"] + d["compatible"] + d.get("disputed", []) for r in f["sides"]]
    refs += [r for f in d.get("evolving", []) for r in f["series"]]
    refs += [r for f in d["agreements"] for r in f["evidence"]]
    refs += [r for v in d["variants"] for r in v["renderings"]]
    refs += list(d["exclusives"])
    return refs + [r for e in d["timeline"] for r in e["evidence"]]


def dossier_html(store, d: dict[str, Any]) -> str:
    """One file, no external assets: the dossier plus every article with its evidence anchored."""
    evidence: dict[str, list[Mark]] = {}
    for r in all_refs(d):
        evidence.setdefault(r["article"], []).append(Mark(r["start"], r["end"], "hl", "evidence", id=r["anchor"]))
    bodies = []
    for a in d["articles"]:
        view = article_view(store, a["id"])
        bodies.append({**a, "html": render_body(view["body"], evidence.get(a["id"], []))})  # the evidence only: small
    return env().get_template("dossier.html").render(d=d, bodies=bodies, charts=chart_uris(d), standalone=True,
                                                     root="#")


def _md(text: str | None) -> str:
    """Markdown-safe text: no raw HTML, no accidental formatting."""
    if text is None:
        return ""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def _url(url: str | None) -> str:
    """A URL for a Markdown link: http(s) only, with the characters that would end the link escaped."""
    return (url or "").replace(" ", "%20").replace("(", "%28").replace(")", "%29") if web(url) else ""


def dossier_markdown(d: dict[str, Any], charts: Path | None = None, stem: str = "",
                     write: Callable[[Path, bytes], None] = _write_png) -> str:
    """The dossier in Markdown: the summary first, every section ranked (and, when ``d`` was cut by
    :func:`dossier.apply`, followed by "N more"); with ``charts`` (the folder of the .md file) the figures are
    written there as PNGs and linked."""
    s, o = d["story"], d["overview"]
    lines = [f"# {_md(s['title'] or s['id'])}", "", "## Summary", ""]
    if o["sentences"]:
        lines += [" ".join(f"{_md(x['text'])} ({_md(x['sources'])})" for x in o["sentences"]), ""]
    elif s["summary"]:
        lines += [_md(s["summary"]), ""]
    if s.get("read_note"):
        lines += [f"*{_md(s['read_note'])}*", ""]
    if o["figures"]:
        lines += ["Key figures:", ""] + [f"- **{x['state']}** {_md(x['about'])} ({counted(x['outlets'], 'outlet')})"
                                         for x in o["figures"]] + [""]
    lines += [" · ".join(f"[{n} {name}](#{name})" if n and name in D_SECTIONS else f"{n} {name}"
                         for name, n in o["counts"].items()), ""]
    lines += ["| Outlet | Articles | First published |", "|---|---|---|"]
    lines += [f"| {_md(x['outlet'])} | {x['articles']} | {x['first_published'] or '—'} |"
              for x in o["outlets"]]
    if charts is not None:
        pngs = chart_pngs(d, charts, stem or "dossier", write)
        if pngs:
            lines += ["", "## Figures", ""] + [f"![{_md(c['caption'])}]({c['file']})" for c in pngs]
    if d.get("linked"):
        lines += ["", "## Linked stories", ""] + [
            f"- **{_md(k['title'] or k['id'])}** ({_md(k['label'])} · {k['first_date'] or 'undated'}"
            + (f" – {k['last_date']}" if k["last_date"] and k["last_date"] != k["first_date"] else "")
            + f" · {k['size']}) — why: {_md(k['why'])}" for k in d["linked"]]
    lines += ["", "## Articles", "", "| Outlet | Headline | Published |", "|---|---|---|"]
    lines += [f"| {_md(a['outlet'] or 'unknown')} | "
              + (f"[{_md(a['title'] or a['source'])}]({_url(a['url'])})" if _url(a["url"]) else _md(a["title"] or a["source"]))
              + f" | {a['published'] or '—'}{' (' + a['published_note'] + ')' if a.get('published_note') else ''} |"
              for a in d["articles"]]

    def ref(r: dict[str, Any], words: str | None = None) -> str:
        original = f" · [original article]({_url(r['url'])})" if _url(r.get("url")) else ""
        return (f"- **{_md(r['outlet'] or 'unknown')}** · {r.get('published') or 'undated'} — "
                f"“{words if words is not None else _md(r['text'])}” ([evidence](#{r['anchor']})){original}")

    def first(f: dict[str, Any]) -> list[str]:
        x = f.get("first")
        if not x:
            return []
        original = f" · [original]({_url(x['url'])})" if _url(x["url"]) else ""
        return [f"First reported by {_md(x['by'])} · {x['at']}{original}", ""]

    def listing(name: str, title: str, render) -> None:
        items = d[name]
        total = d.get("total", {}).get(name, len(items))
        lines.extend(["", f'<a id="{name}"></a>', "", f"## {title} ({total})", ""])
        for f in items:
            lines.extend(render(f))
        if more := d.get("more", {}).get(name):
            lines.extend([f"{more} more: `storyline dossier {s['id']} --format md --all` writes every finding", ""])

    def finding(key: str, note: str = ""):
        def render(f: dict[str, Any]) -> list[str]:
            extra = f" ({counted(f['outlets'], note)})" if note and isinstance(f.get("outlets"), int) else ""
            return [f"### {_md(f['about'])}{extra}", "", f"_Why: {_md(f['why'])}_", "", *first(f),
                    *(ref(r) for r in f[key]), ""]
        return render

    def evolving(f: dict[str, Any]) -> list[str]:
        return [f"### {_md(f['about'])}", "", f"_Why: {_md(f['why'])}_", "",
                *(ref(r, f"{_md(r['value'])}: {_md(r['text'])}") for r in f["series"]), ""]

    def variant(v: dict[str, Any]) -> list[str]:
        out = [f"### {_md(v['speaker'] or 'Unattributed')}", "", f"_Why: {_md(v['why'])}_", ""]
        for r in v["renderings"]:
            words = " ".join(f"**{_md(w)}**" if w.lower().strip('.,;:!?"“”\'’') in r["differs"] else _md(w)
                             for w in r["text"].split(" "))
            out.append(ref(r, words))
        return out + [""]

    def exclusive(r: dict[str, Any]) -> list[str]:
        return [f"### {_md(r['about'])}", "", *first(r), ref(r), ""]

    def event(e: dict[str, Any]) -> list[str]:
        return [f"### {e['date'] or e['weekday'] or '?'} · {_md(e['event'] or 'event')}", "", *(ref(r) for r in e["evidence"]), ""]

    listing("conflicts", "Conflicts", finding("sides", "outlet"))
    listing("agreements", "Agreements", finding("evidence", "independent outlet"))
    listing("compatible", "Different but compatible", finding("sides"))
    listing("evolving", "Figures that changed over time", evolving)
    listing("disputed", "Disputed claims", finding("sides", "outlet"))
    listing("variants", "Quote variants", variant)
    listing("exclusives", "Only one outlet reports", exclusive)
    listing("timeline", "Timeline", event)
    lines += ["", "## Evidence", ""]
    seen = set()
    for r in all_refs(d):
        if r["anchor"] not in seen:
            seen.add(r["anchor"])
            lines.append(f'<a id="{r["anchor"]}"></a>**{_md(r["outlet"] or "?")}** (article `{r["article"]}`, '
                         f'characters {r["start"]}–{r["end"]}): {_md(r["text"])}  ')
    return "\n".join(lines) + "\n"
