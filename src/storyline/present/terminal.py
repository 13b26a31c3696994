"""The dossier in a terminal (rich); rich prints plain text when output is not a terminal."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


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
    return Text.assemble((f"{r['outlet'] or 'unknown'}: ", "bold"), r["text"])


def print_dossier(console: Console, d: dict[str, Any]) -> None:
    s = d["story"]
    console.rule(Text(s["title"] or s["id"], style="bold"))
    if s["summary"]:
        console.print(s["summary"], highlight=False)
    console.print(f"story {s['id']} · " + ", ".join(f"{a['outlet'] or 'unknown'}" for a in d["articles"]),
                  style="dim", highlight=False)
    if d["syndicated"]:
        for g in d["syndicated"]:
            console.print("syndicated copy (one source): " + " = ".join(c["outlet"] or "?" for c in g), style="dim")

    console.rule("Conflicts", style="red")
    for f in d["conflicts"]:
        table = Table(title=f["about"], title_justify="left", show_header=False, expand=True)
        for _ in f["sides"]:
            table.add_column(ratio=1, overflow="fold")
        table.add_row(*[_side(r) for r in f["sides"]])
        console.print(table)
    if not d["conflicts"]:
        console.print("none found", style="dim")

    console.rule("Agreements", style="green")
    for f in d["agreements"]:
        console.print(Text(f"• {f['about']}", style="bold"))
        for r in f["evidence"]:
            console.print(Text("    ").append(_side(r)))
    if d["compatible"]:
        console.rule("Different but compatible")
        for f in d["compatible"]:
            console.print(Text(f"• {f['about']}", style="bold"))
            for r in f["sides"]:
                console.print(Text("    ").append(_side(r)))

    if d.get("evolving"):
        console.rule("Figures that changed over time")
        for f in d["evolving"]:
            console.print(Text(f"• {f['about']}", style="bold"))
            for r in f["series"]:
                console.print(Text(f"    {r['published'] or 'undated'} · {r['value']} · ").append(_side(r)))
    if d.get("disputed"):
        console.rule("Disputed claims")
        for f in d["disputed"]:
            console.print(Text(f"• {f['about']}", style="bold"))
            for r in f["sides"]:
                console.print(Text("    ").append(_side(r)))

    console.rule("Quote variants")
    for v in d["variants"]:
        console.print(Text(v["speaker"] or "Unattributed", style="bold"))
        for r in v["renderings"]:
            line = Text(f"    {r['outlet'] or 'unknown'}: “", style="")
            for w in r["text"].split(" "):
                differs = w.lower().strip('.,;:!?"“”\'’') in r["differs"]
                line.append(w + " ", style="reverse" if differs else "")
            line.append("”")
            console.print(line)

    console.rule("Only one outlet reports")
    for outlet, items in d["exclusives"].items():
        console.print(Text(outlet, style="bold"))
        for r in items:
            console.print(Text(f"    {r['about']}: ", style="italic").append(r["text"], style=""))

    console.rule("Timeline")
    table = Table(show_header=True, expand=True)
    table.add_column("when", no_wrap=True)
    table.add_column("what")
    table.add_column("evidence", ratio=1, overflow="fold")
    for e in d["timeline"]:
        table.add_row(e["date"] or e["weekday"] or "?", e["event"] or "",
                      Text("\n").join(_side(r) for r in e["evidence"]))
    console.print(table)
