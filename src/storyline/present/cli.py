"""`storyline COMMAND`: thin front end over the library (parse arguments, call, print)."""
from __future__ import annotations

import contextlib
import json
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from storyline.config import settings
from storyline.ingest import iter_inputs, read_jsonl_stream
from storyline.model import Failure, RawArticle
from storyline.present import dossier as D
from storyline.present.export import article_json, export_corpus, story_json
from storyline.present.terminal import print_dossier, print_story_list
from storyline.present.words import is_short
from storyline.store import MAX_LIMIT, MAX_OFFSET, Store, StoreError
from storyline.store.db import safe_url
from storyline.textsafe import escape_controls, printable

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Reconcile one news story across many outlets: what they agree on, where they conflict, "
         "who said what — every statement linked to its sentence.",
)


class SafeConsole(Console):
    """A console that never passes a control character of the text it prints to the terminal: an
    ESC sequence in a stored title or a file name is shown escaped (``\\x1b``), a newline inside a
    value cannot forge a line. Rich's own styling (control segments) is untouched."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(seg if seg.control else Segment(escape_controls(seg.text, keep="\n\t"), seg.style)
                                      for seg in buffer)


out = SafeConsole(markup=False)  # what is printed is data: "[red]" in a title is text, not a style
err = SafeConsole(stderr=True, soft_wrap=True)  # one line per failure, greppable in logs

DbOption = typer.Option(None, "--db", help="Database URL (default: $STORYLINE_DB or sqlite:///storyline.db).",
                        show_default=False)


KIND_HELP = f"Only findings of this kind (repeatable): {', '.join(D.KINDS)}."
LIMIT_HELP = f"Findings per section (0: all; default {settings().dossier_section_limit}, the rest counted as \"N more\")."


def _error(message: str, code: int = 2) -> typer.Exit:
    """Print one ``error: …`` line (the message is data, not markup) and return the exit to raise."""
    err.print(Text.assemble(("error:", "red"), " ", printable(message)))
    return typer.Exit(code)


def _store(db: str | None, write: bool = False) -> Store:
    url = settings().with_db(db).db_url
    try:
        store = Store(url)
        if write:
            store.check_writable()
        return store
    except StoreError as exc:
        raise _error(str(exc)) from None


def _write_file(output: Path, text: str | bytes) -> None:
    """Write ``output`` whole or not at all (through ``OUTPUT.part``, removed on failure). Only a
    regular file is ever replaced, keeping its mode: a link, a device or a pipe at the path is
    refused (writing through a link would replace the link, not its target)."""
    if not output.name or output.name in {".", ".."}:
        raise _error(f"cannot write {output}: it is a folder; give a file name inside it")
    tmp = output.with_name(output.name + ".part")
    try:
        if output.is_symlink() or (output.exists() and not output.is_file()):
            kind = ("a symbolic link" if output.is_symlink() else "a folder" if output.is_dir()
                    else "not a regular file (a device, a pipe or a socket)")
            raise _error(f"cannot write {output}: it is {kind}; storyline writes only regular files, "
                         "give another path")
        mode = stat.S_IMODE(output.stat().st_mode) if output.exists() else None
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(text, bytes):
            with tmp.open("xb") as fb:
                fb.write(text)
        else:
            with tmp.open("x", encoding="utf-8") as f:
                f.write(text)
        if mode is not None:
            tmp.chmod(mode)
        tmp.replace(output)  # never leave a half-written file behind
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        what = exc.strerror or str(exc)
        hint = ("create the folder first" if isinstance(exc, FileNotFoundError)
                else "a part of the folder path is a file; choose another path" if isinstance(exc, NotADirectoryError)
                else "choose another path")
        raise _error(f"cannot write {output}: {what}; {hint}") from None


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
    store = _store(db, write=True)
    runner = make_runner(processes=processes or cfg.processes, workers=workers, scheduler=scheduler)
    warnings: list[tuple[str, str]] = []

    def noting(items: Iterator[RawArticle | Failure]) -> Iterator[RawArticle | Failure]:
        for item in items:
            if isinstance(item, RawArticle) and item.warning:
                warnings.append((item.source, item.warning))
            yield item

    items = noting(_inputs(paths, cfg.max_file_bytes))
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
                f"failed {counts['failed']}  [dim]{escape(printable(Path(source).name[:40]))}[/dim]"))

        try:
            summary = pipeline.ingest(items, store, replace=reprocess, batch_size=cfg.batch_size, on_event=on_event,
                                      runner=runner)
        finally:
            runner.close()
    store.close()

    for f in summary.failed:  # a file name is data: a newline or ESC in it is printed escaped
        err.print(Text.assemble(("failed", "red"), f" {printable(f.source)}: {printable(f.reason)}"))
    for source, warning in warnings:
        err.print(Text.assemble(("warning", "yellow"), f" {printable(source)}: {printable(warning)}"))
    line = (f"ingested {summary.ingested}, unchanged {summary.unchanged}, failed {len(summary.failed)}"
            + (f", reprocessed {summary.replaced}" if summary.replaced else "")
            + (f", {len(warnings)} with warnings" if warnings else ""))
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
    _write_file(output, text + "\n")
    err.print(f"exported {len(data['articles'])} articles, {len(data['entities'])} entities, "
              f"{len(data['stories'])} stories to {escape(printable(output))}")


@app.command()
def articles(
    limit: int = typer.Option(100, min=1, max=MAX_LIMIT, help="How many to list."),
    offset: int = typer.Option(0, min=0, max=MAX_OFFSET, help="Skip this many first."),
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
        table.add_row(r["id"], r["outlet"] or "—", r["published"] or "—", r["title"] or "—", printable(r["source"]))
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
        raise _error(str(exc)) from None
    art = store.get_article(full) if full else None
    store.close()
    if art is None:
        raise _error(f"no article with id {article_id!r}; list them with `storyline articles`", 1)
    if as_json:
        out.print_json(data=article_json(art))
        return
    out.print(Text(art["title"] or "(no title)", style="bold"), highlight=False)
    out.print(f"id {art['id']} · outlet {art['outlet'] or '—'} · published {art['published'] or '—'} · "
              f"authors {', '.join(art['authors']) or '—'}" + (" · short" if is_short(art["body"]) else ""),
              highlight=False)
    out.print(f"source {printable(art['source'])}", highlight=False)
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

    store = _store(db, write=True)
    touched = pipeline.rebuild_stories(store)
    store.close()
    err.print(f"rebuilt {len(touched)} stories")


@app.command()
def report(
    story: str | None = typer.Argument(None, help="Story id (or unique prefix); without it, the list of stories."),
    largest: bool = typer.Option(False, "--largest", help="The dossier of the story with the most articles."),
    kind: list[str] = typer.Option([], "--kind", help=KIND_HELP),
    outlet: list[str] = typer.Option([], "--outlet", help="Only findings with evidence from this outlet (repeatable)."),
    min_outlets: int = typer.Option(0, "--min-outlets", min=0, help="Only findings that many outlets support."),
    since: str | None = typer.Option(None, "--since", help="Only evidence published on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Only evidence published on or before YYYY-MM-DD."),
    limit: int | None = typer.Option(None, "--limit", min=0, max=MAX_LIMIT, help=LIMIT_HELP),
    db: str | None = DbOption,
) -> None:
    """The story list, or one story's dossier, in the terminal (plain text when piped): summary first."""
    try:
        chosen = D.make_filter(kind, outlet, min_outlets, since, until, limit)
    except ValueError as exc:
        raise _error(str(exc)) from None
    store = _store(db)
    if largest:
        story = D.largest_story(store) or "(none)"
    try:
        if story is None:
            rows = [D.story_row(store, s) for s in sorted(store.stories(), key=lambda s: -len(s["articles"]))]
            print_story_list(out, rows)
        else:
            print_dossier(out, D.apply(D.build(store, story), chosen))
    except D.NotFound as exc:
        raise _error(str(exc), 1) from None
    finally:
        store.close()


@app.command()
def dossier(
    story: str | None = typer.Argument(None, help="Story id (or unique prefix); `storyline report` lists them."),
    largest: bool = typer.Option(False, "--largest", help="The story with the most articles."),
    fmt: str = typer.Option("html", "--format", "-f", help="md, html or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    every: bool = typer.Option(False, "--all", help="Every finding of every section (default: the strongest "
                                                    f"{settings().dossier_section_limit} of each, the rest counted)."),
    db: str | None = DbOption,
) -> None:
    """Write one story's dossier as a self-contained HTML or Markdown file (charts as PNGs beside it), or as JSON."""
    if fmt not in {"md", "html", "json"}:
        raise _error(f"unknown format {fmt!r}: use md, html or json")
    if output is not None and output.is_dir():
        raise _error(f"cannot write {output}: it is a folder; give a file name inside it")
    if output is not None and not output.parent.is_dir():
        raise _error(f"cannot write {output}: folder {output.parent} does not exist; create it first")
    # matplotlib (0.7 s) is imported by the one command that draws charts, not by --help or ingest
    from storyline.present.render import dossier_html, dossier_markdown  # noqa: PLC0415

    store = _store(db)
    if largest:
        story = D.largest_story(store) or "(none)"
    if story is None:
        raise _error("give a story id or --largest; `storyline report` lists them")
    try:
        d = D.apply(D.build(store, story), D.DossierFilter(limit=0 if every else None))
        text = {"json": lambda: json.dumps(d, ensure_ascii=False, indent=1),
                # the charts beside the file are written as safely as the file itself
                "md": lambda: dossier_markdown(d, charts=output.parent if output else None,
                                               stem=output.stem if output else "", write=_write_file),
                "html": lambda: dossier_html(store, d)}[fmt]()
    except D.NotFound as exc:
        raise _error(str(exc), 1) from None
    finally:
        store.close()
    if output is None:
        sys.stdout.write(text)
        return
    _write_file(output, text)
    err.print(f"dossier of {d['story']['id']} written to {escape(printable(output))}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind; the default keeps it on this machine."),
    port: int = typer.Option(8000, min=1, max=65535),
    db: str | None = DbOption,
    no_auth: bool = typer.Option(False, "--no-auth", help="Accept POST /api/articles without a token (reads "
                                                           "never need one)."),
) -> None:
    """Serve the API (docs at /docs) and the web pages.

    POST /api/articles needs 'Authorization: Bearer TOKEN': $STORYLINE_TOKEN, or a token made up and printed at start.

    --no-auth drops the token; writes are still accepted only as JSON and never from another site's pages.

    Requests naming another Host are refused (DNS rebinding), unless --host binds every interface.
    """
    import uvicorn  # noqa: PLC0415 (the server, only for this command)

    from storyline.present.api import create_app  # noqa: PLC0415 (the API imports the pipeline: spaCy, torch)
    from storyline.present.serving import HeadTimeoutH11  # noqa: PLC0415

    url = settings().with_db(db).db_url
    _store(db).close()  # fail early, with a clear message, on a bad database
    token = None if no_auth else (settings().token or secrets.token_urlsafe(24))
    err.print(f"storyline on http://{host}:{port}/ (API docs at /docs), database {escape(safe_url(url))}",
              highlight=False)
    if token and not settings().token:
        err.print(f"write token (POST /api/articles needs 'Authorization: Bearer TOKEN'): {token}", highlight=False)
    elif not token:
        err.print("[yellow]warning:[/yellow] --no-auth: any local program can add articles", highlight=False)
    uvicorn.run(create_app(url, token=token, allowed_hosts=_hosts(host)), host=host, port=port,
                log_level="info", http=HeadTimeoutH11)


def _hosts(host: str) -> list[str] | None:
    """The names a browser may send as Host to this server (None: any, when bound to every interface
    or to an IPv6 address, whose Host the check cannot parse)."""
    if host in {"0.0.0.0", ""} or ":" in host:  # noqa: S104 (the user asked for every interface)
        return None
    return sorted({host, "127.0.0.1", "localhost"} if host in {"127.0.0.1", "localhost"} else {host})


def main() -> None:
    try:
        app()
    except (StoreError, SQLAlchemyError) as exc:  # a database failing mid-command: one line, no SQL, no password
        reason = getattr(exc, "orig", None) or exc
        err.print(Text.assemble(("error:", "red"), f" database: {printable(' '.join(str(reason).split()))}; "
                                "check the database (--db / STORYLINE_DB) and run the command again"))
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
