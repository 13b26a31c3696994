"""The CLI end to end on the bundled example corpus and a real SQLite file."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from storyline.present.cli import app
from tests.conftest import EXAMPLES, run_cli

runner = CliRunner()


def test_ingest_is_idempotent_and_exports_the_schema(db_url, tmp_path: Path):
    first = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "ingested 6, unchanged 0, failed 0" in first.output
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    assert "ingested 0, unchanged 6, failed 0" in again.output
    out = tmp_path / "export.json"
    res = runner.invoke(app, ["export", "-o", str(out), "--db", db_url])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert set(data) >= {"articles", "entities", "stories"}
    assert len(data["articles"]) == 6
    for art in data["articles"]:
        assert set(art) >= {"id", "source", "title", "outlet", "published", "authors", "body", "quotes",
                            "numeric_claims"}
        assert art["body"] and "\n\n" not in art["body"]
    solbergs = [e for e in data["entities"] if e["name"] == "Ingrid Solberg"]
    assert len(solbergs) == 1 and "Solberg" in solbergs[0]["aliases"]  # one entity across four outlets
    outlets = {a["outlet"] for a in data["articles"]}
    assert {"Coastline Daily", "Harbor Gazette", "Northern Wire"} <= outlets


def test_failures_exit_1_and_the_rest_lands(db_url, tmp_path: Path):
    (tmp_path / "good.txt").write_text((EXAMPLES / "harbor-gazette-tanker.txt").read_text())
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "furniture.txt").write_text("Subscribe\nSubscribe\nAccept cookies\n")
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", db_url])
    assert res.exit_code == 1
    assert "empty.txt: empty file" in res.output
    assert "furniture.txt: no article text found" in res.output
    assert "ingested 1, unchanged 0, failed 2" in res.output


def test_usage_errors_exit_2(db_url):
    assert runner.invoke(app, ["ingest", "--db", db_url]).exit_code == 2
    assert runner.invoke(app, ["export", "--bogus"]).exit_code == 2
    assert runner.invoke(app, ["articles", "--db", "nosuchdb://x"]).exit_code == 2


def test_articles_and_show(db_url):
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    listing = runner.invoke(app, ["articles", "--json", "--db", db_url])
    rows = json.loads(listing.output)["items"]
    assert len(rows) == 6
    target = next(r for r in rows if r["outlet"] == "Coastline Daily")
    shown = runner.invoke(app, ["show", target["id"][:8], "--db", db_url])
    assert shown.exit_code == 0
    assert "Coast guard: tanker crew safe" in shown.output and "Marta Quill" in shown.output
    assert "Quotes" in shown.output and "Rafael Ostrowski" in shown.output
    as_json = json.loads(runner.invoke(app, ["show", target["id"], "--json", "--db", db_url]).output)
    assert as_json["published"] == "2025-06-11T09:15+00:00"  # the minute and the zone the page gave
    solberg = [q for q in as_json["quotes"] if q["speaker"] == "Ingrid Solberg"]
    assert solberg and solberg[0]["speaker_entity"]
    assert any(c["value"] == 340 and c["claimant"] == "Ingrid Solberg" for c in as_json["numeric_claims"])
    missing = runner.invoke(app, ["show", "ffffffffffff", "--db", db_url])
    assert missing.exit_code == 1 and "storyline articles" in missing.output


def test_stdin_jsonl_through_the_console_script(db_url):
    record = {"text": "The island ferry resumed sailing on Friday after a storm closed the harbour, "
                      "the operator said in a statement.", "outlet": "Quay Post", "title": "Ferry back"}
    proc = run_cli("ingest", "-", db=db_url, stdin=(json.dumps(record) + "\n{bad\n").encode())
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "<stdin>:2: malformed JSON" in err and "ingested 1" in err


def test_help_and_read_only_commands_load_no_model():
    """`storyline --help` and the commands that only read the store import neither spaCy nor torch
    nor the MinHash index (issue 29: the CLI took 4.7 s to print its help), nor the chart library
    and the web server, which only `dossier` and `serve` use (2.1 s → 1.0 s)."""
    # a fresh interpreter: this one has imported everything
    code = ("import sys; import storyline.present.cli; "
            "print(sorted(m for m in ('spacy', 'torch', 'thinc', 'datasketch', 'sentence_transformers', "
            "'matplotlib', 'uvicorn') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
