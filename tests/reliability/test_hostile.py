"""A batch of hostile inputs: each is a clean article or a reported error naming it; the batch
finishes, memory stays bounded, and the good files in it all land."""
from __future__ import annotations

import json
import os
import resource
import shutil

import pytest
from typer.testing import CliRunner

from storyline.present.cli import app
from storyline.store import Store
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow


def build(root):
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(os.urandom(4096) + b"\x00" * 100)
    (bad / "huge.txt").write_bytes(b"The council said the budget was approved on Monday after a long debate. " * 700_000)
    text = ("Harbour officials said the ferry \u201cNorthern Light\u201d docked two hours late on Monday.\n\n"
            "The port said the crossing would run on time again from Tuesday, weather permitting.\n")
    (bad / "utf16.txt").write_bytes(text.encode("utf-16"))
    (bad / "latin1.txt").write_bytes(("The caf\u00e9 owner, Ren\u00e9e Dupr\u00e9, said the fa\u00e7ade would be "
                                      "restored by June.\n\nThe work will cost \u00a340,000, the council said.\n")
                                     .encode("latin-1"))
    (bad / "broken.html").write_text("<html><body><p>unclosed <div><span>" + "<div>" * 20000 + "text")
    (bad / "script.html").write_text("<html><body><script>alert(1)</script><article><p onclick='x()'>" +
                                     "The mayor said the bridge would reopen on Friday after repairs. " * 8 +
                                     "</p></article></body></html>")
    lines = ["{broken", json.dumps({"title": "missing body"}), json.dumps({"text": ["wrong", "type"]}),
             json.dumps({"text": "The port said 40 ships were delayed on Tuesday because of fog in the bay.",
                         "authors": "A. Writer"})]
    (bad / "records.jsonl").write_text("\n".join(lines) + "\n")
    (bad / "quotes.txt").write_text("He said \u201cunclosed and \"nested \u2018marks\u2019 never end.\n\n"
                                    "\u201d\u201d\u201c\" The council said it would \u201cconsider\u201d the plan.\n")
    (bad / "longline.txt").write_text("word " * 20_000 + "said the official on Monday.\n")
    (bad / "zerowidth.txt").write_text("The \u200bmayor \u200fsaid \u202ethe\u202c bridge\u200d would reopen on "
                                       "Friday, officials said.\n\n\u05d4\u05e2\u05d9\u05e8 said the council.\n")
    loop = bad / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    good = root / "good"
    shutil.copytree(EXAMPLES, good)
    return bad, good


def test_hostile_batch(tmp_path):
    bad, good = build(tmp_path)
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    res = CliRunner().invoke(app, ["ingest", str(bad), str(good), "--db", url, "-p", "1"])
    assert res.exit_code == 1, res.output  # some failed, the batch finished
    out = res.output
    for name in ("empty.txt: empty file", "binary.txt: binary", "records.jsonl:1: malformed JSON",
                 "records.jsonl:2: record has neither", "records.jsonl:3: field 'text' must be a string",
                 "huge.txt: 50,400,000 characters is too long", "symlink loop"):
        assert name in out, name
    store = Store(url)
    sources = {a["source"] for a in store.list_articles(limit=1000)}
    assert {str(good / p.name) for p in EXAMPLES.glob("*.txt")} <= sources
    assert sum(1 for s in sources if s.startswith(str(good))) == 6  # every good article landed
    for name in ("utf16.txt", "latin1.txt", "script.html", "records.jsonl:4"):
        assert any(s.endswith(name) for s in sources), name
    script = next(a for a in store.list_articles(limit=1000) if a["source"].endswith("script.html"))
    assert "alert" not in store.get_article(script["id"])["body"]
    # bounded memory: this process holds no more than models + one file at a time (generous ceiling)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 4 * 1024 * 1024
