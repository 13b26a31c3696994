"""`storyline COMMAND`: thin front end over the library (parse arguments, call, print)."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.config import settings
from storyline.ingest import iter_inputs, read_jsonl_stream
from storyline.model import Failure, RawArticle
from storyline.present import dossier as D
from storyline.present.export import article_json, export_corpus, story_json
from storyline.present.render import dossier_html, dossier_markdown
from storyline.present.terminal import print_dossier, print_story_list
from storyline.store import Store, StoreError

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Reconcile one news story across many outlets: what they agree on, where they conflict, "
         "who said what — every statement linked to its sentence.",
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # one line per failure, greppable in logs

DbOption = typer.Option(None, "--db", help="Database URL (default: $STORYLINE_DB or sqlite:///storyline.db).",
                        show_default=False)


def _store(db: str | None) -> Store:
    url = settings().with_db(db).db_url
    try:
        return Store(url)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _inputs(paths: list[str], max_bytes: int) -> Iterator[RawArticle | Failure]:
    files = [p for p in paths if p != "-"]
    for p in paths:
        if p == "-":
            yield from read_jsonl_stream(sys.stdin.buffer, "<stdin>")
    yield from iter_inputs(files, max_bytes)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders (.txt, .html/.htm, .jsonl/.ndjson); "
                                                "'-' reads JSON Lines from stdin."),
    db: str | None = DbOption,
    reprocess: bool = typer.Option(False, "--reprocess", help="Clean and analyze again articles already stored."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line and failures."),
    processes: int | None = typer.Option(None, "--processes", "-p", min=1,
                                            help="Local worker processes (default: every core; small inputs stay "
                                                 "in one process)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Run on a Dask LocalCluster with this many workers."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on the Dask scheduler at this address."),
) -> None:
    """Read articles, clean and analyze them, and store each one in its own transaction.

    Exit status: 0 when every input landed, 1 when some failed (the rest still land), 2 on usage errors.
    """
    # the pipeline imports spaCy and torch (~2 s), which `storyline --help` and the read-only
    # commands never need: only the commands that run it (ingest, recluster, serve) import it
    from storyline import pipeline  # noqa: PLC0415
    from storyline.scale import make_runner  # noqa: PLC0415

    cfg = settings().with_db(db)
    store = _store(db)
    runner = make_runner(processes=processes or cfg.processes, workers=workers, scheduler=scheduler)
    items = _inputs(paths, cfg.max_file_bytes)
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "failed": 0}
    show_bar = err.is_terminal and not quiet
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show_bar)

    with progress:
        task = progress.add_task("ingesting", total=None)

        def on_event(status: str, source: str) -> None:
            counts[status] = counts.get(status, 0) + 1
            progress.update(task, advance=1, description=(
                f"ingested {counts['ingested'] + counts['replaced']} · unchanged {counts['unchanged']} · "
                f"failed {counts['failed']}  [dim]{Path(source).name[:40]}[/dim]"))

        try:
            summary = pipeline.ingest(items, store, replace=reprocess, batch_size=cfg.batch_size, on_event=on_event,
                                      runner=runner)
        finally:
            runner.close()
    store.close()

    for f in summary.failed:
        err.print(f"[red]failed[/red] {f.source}: {f.reason}", highlight=False, markup=True)
    line = (f"ingested {summary.ingested}, unchanged {summary.unchanged}, failed {len(summary.failed)}"
            + (f", reprocessed {summary.replaced}" if summary.replaced else ""))
    err.print(line, highlight=False)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def export(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    db: str | None = DbOption,
) -> None:
    """Write the whole corpus as JSON (articles, entities, stories; see SCHEMA.md)."""
    store = _store(db)
    data = export_corpus(store)
    store.close()
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if output is None:
        sys.stdout.write(text + "\n")
        return
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(output)  # never leave a half-written export behind
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(2) from exc
    err.print(f"exported {len(data['articles'])} articles, {len(data['entities'])} entities, "
              f"{len(data['stories'])} stories to {output}")


@app.command()
def articles(
    limit: int = typer.Option(100, min=1, help="How many to list."),
    offset: int = typer.Option(0, min=0, help="Skip this many first."),
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List stored articles."""
    store = _store(db)
    rows = store.list_articles(limit=limit, offset=offset)
    total = store.count_articles()
    store.close()
    if as_json:
        out.print_json(data={"total": total, "offset": offset, "items": rows})
        return
    table = Table(title=f"{total} articles" + (f" (showing {offset + 1}–{offset + len(rows)})" if rows else ""))
    for col in ("id", "outlet", "published", "title", "source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["outlet"] or "—", r["published"] or "—", r["title"] or "—", r["source"])
    out.print(table)


def _show_rows(title: str, rows: list[dict[str, Any]], cols: list[str]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["—" if r.get(c) is None else str(r.get(c)) for c in cols])
    out.print(table)


@app.command()
def show(
    article_id: str = typer.Argument(..., help="Article id (a unique prefix is enough)."),
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print one cleaned article with its metadata, quotes, claims, time references and entities."""
    store = _store(db)
    try:
        full = store.resolve_id(article_id)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    art = store.get_article(full) if full else None
    store.close()
    if art is None:
        err.print(f"[red]error:[/red] no article with id {article_id!r}; list them with `storyline articles`")
        raise typer.Exit(1)
    if as_json:
        out.print_json(data=article_json(art))
        return
    out.print(f"[bold]{art['title'] or '(no title)'}[/bold]", highlight=False)
    out.print(f"id {art['id']} · outlet {art['outlet'] or '—'} · published {art['published'] or '—'} · "
              f"authors {', '.join(art['authors']) or '—'}", highlight=False)
    out.print(f"source {art['source']}", highlight=False)
    out.print()
    for p in art["paragraphs"]:
        out.print(art["body"][p["start"]:p["end"]], highlight=False, markup=False)
        out.print()
    _show_rows("Quotes", art["quotes"], ["text", "speaker", "cue", "kind"])
    _show_rows("Numeric claims", art["claims"], ["value", "unit", "qualifier", "counted", "claimant"])
    _show_rows("Time references", art["time_refs"], ["text", "resolved", "precision", "weekday"])
    _show_rows("Entities", art["local_entities"], ["name", "type", "aliases"])


@app.command()
def stories(
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List stories: title, articles, dates and counts of findings."""
    store = _store(db)
    rows = [story_json(store, s) for s in store.stories()]
    store.close()
    if as_json:
        out.print_json(data={"total": len(rows), "items": rows})
        return
    table = Table(title=f"{len(rows)} stories")
    for col in ("id", "title", "articles", "dates", "agree", "conflict", "excl"):
        table.add_column(col, overflow="fold")
    for r in rows:
        dates = " – ".join(filter(None, [r["first_date"], r["last_date"]])) or "—"
        table.add_row(r["id"], r["title"] or "—", str(len(r["articles"])), dates, str(len(r["agreements"])),
                      str(len(r["conflicts"])), str(len(r["exclusives"])))
    out.print(table)


@app.command()
def recluster(db: str | None = DbOption) -> None:
    """Rebuild every story from scratch (same order as ingestion, so the same grouping) and reconcile them."""
    from storyline import pipeline  # noqa: PLC0415 (spaCy and torch: imported by the commands that run them)

    store = _store(db)
    touched = pipeline.rebuild_stories(store)
    store.close()
    err.print(f"rebuilt {len(touched)} stories")


@app.command()
def report(
    story: str | None = typer.Argument(None, help="Story id (or unique prefix); without it, the list of stories."),
    largest: bool = typer.Option(False, "--largest", help="The dossier of the story with the most articles."),
    db: str | None = DbOption,
) -> None:
    """The story list, or one story's dossier, in the terminal (plain text when piped)."""
    store = _store(db)
    if largest:
        story = D.largest_story(store) or "(none)"
    try:
        if story is None:
            rows = [D.story_row(store, s) for s in sorted(store.stories(), key=lambda s: -len(s["articles"]))]
            print_story_list(out, rows)
        else:
            print_dossier(out, D.build(store, story))
    except D.NotFound as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        store.close()


@app.command()
def dossier(
    story: str | None = typer.Argument(None, help="Story id (or unique prefix); `storyline report` lists them."),
    largest: bool = typer.Option(False, "--largest", help="The story with the most articles."),
    fmt: str = typer.Option("html", "--format", "-f", help="md, html or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    db: str | None = DbOption,
) -> None:
    """Write one story's dossier as a self-contained HTML or Markdown file, or as JSON."""
    if fmt not in {"md", "html", "json"}:
        err.print(f"[red]error:[/red] unknown format {fmt!r}: use md, html or json")
        raise typer.Exit(2)
    store = _store(db)
    if largest:
        story = D.largest_story(store) or "(none)"
    if story is None:
        err.print("[red]error:[/red] give a story id or --largest; `storyline report` lists them")
        raise typer.Exit(2)
    try:
        d = D.build(store, story)
        text = {"json": lambda: json.dumps(d, ensure_ascii=False, indent=1), "md": lambda: dossier_markdown(d),
                "html": lambda: dossier_html(store, d)}[fmt]()
    except D.NotFound as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    err.print(f"dossier of {d['story']['id']} written to {output}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind; the default keeps it on this machine."),
    port: int = typer.Option(8000, min=1, max=65535),
    db: str | None = DbOption,
) -> None:
    """Serve the API (docs at /docs) and the web pages."""
    from storyline.present.api import create_app  # noqa: PLC0415 (the API imports the pipeline: spaCy, torch)

    url = settings().with_db(db).db_url
    _store(db).close()  # fail early, with a clear message, on a bad database
    err.print(f"storyline on http://{host}:{port}/ (API docs at /docs), database {url}")
    uvicorn.run(create_app(url), host=host, port=port, log_level="info")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
