"""The dossier in a terminal (rich); rich prints plain text when output is not a terminal."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyline.present.words import counted


def print_story_list(console: Console, rows: list[dict[str, Any]]) -> None:
    if not console.is_terminal:  # one line per story, tab-separated: easy to grep and cut
        console.print("\t".join(["story", "title", "outlets", "articles", "dates", "conflicts", "agreements",
                                 "exclusives"]), soft_wrap=True, highlight=False, markup=False)
        for r in rows:
            dates = " – ".join(dict.fromkeys(filter(None, [r["first_date"], r["last_date"]]))) or "—"
            console.print("\t".join([r["id"], r["title"] or "—", ", ".join(r["outlets"]), str(r["articles"]), dates,
                                     str(r["conflicts"]), str(r["agreements"]), str(r["exclusives"])]),
                          soft_wrap=True, highlight=False, markup=False)
        return
    table = Table(title=f"{len(rows)} stories", title_justify="left")
    for col in ("story", "title", "outlets", "articles", "dates", "conflicts", "agreements", "exclusives"):
        table.add_column(col, overflow="fold")
    for r in rows:
        dates = " – ".join(dict.fromkeys(filter(None, [r["first_date"], r["last_date"]]))) or "—"
        table.add_row(r["id"], r["title"] or "—", ", ".join(r["outlets"]), str(r["articles"]), dates,
                      str(r["conflicts"]), str(r["agreements"]), str(r["exclusives"]))
    console.print(table)


def _side(r: dict[str, Any]) -> Text:
    """One piece of evidence: outlet and time, the words, the original article's URL."""
    t = Text.assemble((f"{r['outlet'] or 'unknown'}", "bold"), (f" · {r.get('published') or 'undated'}: ", "dim"), r["text"])
    if r.get("url"):
        t.append(f"  {r['url']}", style="dim underline")
    return t


def _first(f: dict[str, Any]) -> Text | None:
    x = f.get("first")
    if not x:
        return None
    return Text(f"    first reported by {x['by']} · {x['at']}", style="dim")  # URL: on its evidence


def one_per_outlet(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first piece of evidence of each outlet, in order: a finding's support without repeats."""
    firsts: dict[str | None, dict[str, Any]] = {}
    for r in refs:
        firsts.setdefault(r["outlet"], r)
    return list(firsts.values())


def print_overview(console: Console, d: dict[str, Any]) -> None:
    """The first screen: title, the story in a few corroborated sentences, key figures, counts, outlets."""
    s, o = d["story"], d["overview"]
    console.rule(Text(s["title"] or s["id"], style="bold"))
    sentences = " ".join(f"{x['text']} ({x['sources']})" for x in o["sentences"]) or s["summary"]
    if sentences:
        console.print(sentences, highlight=False)
    if s.get("read_note"):
        console.print(s["read_note"], style="dim", highlight=False)
    for x in o["figures"]:
        style = {"agreed": "green", "disputed": "red", "evolving": "yellow"}.get(x["state"], "")
        console.print(Text.assemble(("  ", ""), (f"{x['state']:<8}", style), f" {x['about']} ({counted(x['outlets'], 'outlet')})"))
    console.print(" · ".join(f"{n} {name}" for name, n in o["counts"].items()), style="dim", highlight=False)
    console.print("outlets: " + "; ".join(f"{x['outlet']} ({x['articles']}, first {x['first_published'] or 'undated'})"
                                          for x in o["outlets"]), style="dim", highlight=False)
    console.print(f"story {s['id']} · filter with --kind, --outlet, --min-outlets, --since, --until; --limit 0 for every "
                  "finding", style="dim", highlight=False)


def _more(console: Console, d: dict[str, Any], name: str) -> None:
    n = (d.get("more") or {}).get(name)
    if n:
        console.print(f"… {n} more (--limit 0 for all)", style="dim")


def print_dossier(console: Console, d: dict[str, Any]) -> None:
    print_overview(console, d)
    for k in d.get("linked", []):
        console.print(Text(f"linked story {k['id']}: {k['title'] or 'untitled'} ({k['label']}, "
                           f"{k['first_date'] or 'undated'}) · shares {', '.join(k['names'][:3])}", style="cyan"))
    if d["syndicated"]:
        for g in d["syndicated"]:
            console.print("syndicated copy (one source): " + " = ".join(c["outlet"] or "?" for c in g), style="dim")

    def findings(name: str, title: str, key: str, style: str = "", note: str = "outlet") -> None:
        if not d[name] and not d.get("more", {}).get(name):
            return
        console.rule(title, style=style)
        for f in d[name]:
            count = f" ({counted(f['outlets'], note)})" if isinstance(f.get("outlets"), int) else ""
            console.print(Text(f"• {f['about']}{count}", style="bold"))
            console.print(Text(f"    why: {f['why']}", style="dim"))
            if (first := _first(f)) is not None:
                console.print(first)
            shown = f[key] if key == "series" else one_per_outlet(f[key])
            for r in shown:
                extra = f"{r['value']} · " if "value" in r else ""
                console.print(Text(f"    {extra}").append(_side(r)))
            if len(shown) < len(f[key]):
                console.print(f"    + {len(f[key]) - len(shown)} more from the same outlets (all in `storyline dossier` "
                              "and on the story page)", style="dim")
        _more(console, d, name)

    findings("conflicts", "Conflicts", "sides", "red")
    findings("agreements", "Agreements", "evidence", "green", "independent outlet")
    findings("compatible", "Different but compatible", "sides")
    findings("evolving", "Figures that changed over time", "series")
    findings("disputed", "Disputed claims", "sides")

    if d["variants"]:
        console.rule("Quote variants")
        for v in d["variants"]:
            console.print(Text(v["speaker"] or "Unattributed", style="bold"))
            console.print(Text(f"    why: {v['why']}", style="dim"))
            for r in v["renderings"]:
                line = Text(f"    {r['outlet'] or 'unknown'} · {r.get('published') or 'undated'}: “", style="")
                for w in r["text"].split(" "):
                    differs = w.lower().strip('.,;:!?"“”\'’') in r["differs"]
                    line.append(w + " ", style="reverse" if differs else "")
                line.append("”")
                if r.get("url"):
                    line.append(f"  {r['url']}", style="dim underline")
                console.print(line)
        _more(console, d, "variants")

    if d["exclusives"]:
        console.rule("Only one outlet reports")
        for r in d["exclusives"]:
            console.print(Text(f"• {r['about']}", style="bold"))
            if (first := _first(r)) is not None:
                console.print(first)
            console.print(Text("    ").append(_side(r)))
        _more(console, d, "exclusives")

    if d["timeline"]:
        console.rule("Timeline")
        for e in d["timeline"]:
            console.print(Text(f"• {e['date'] or e['weekday'] or '?'} · {e['event'] or 'event'}", style="bold"))
            for r in e["evidence"]:
                console.print(Text("    ").append(_side(r)))
        _more(console, d, "timeline")
