"""The corpus export (../shared/eval/SCHEMA.md plus provenance), on articles written for this test."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.present.cli import app
from storyline.present.export import export_corpus
from storyline.store import Store

FLASH = ("BREAKING: A storm capsized a fishing boat off the Orsk coast on Tuesday night and rescuers are "
         "searching for its two crew, the coastguard said.")
REPORT = " ".join([
    "A storm capsized a fishing boat off the Orsk coast on Tuesday night, the coastguard said on Wednesday.",
    "Rescuers in two lifeboats and a helicopter searched the water for the boat's two crew until dawn.",
    "The boat, the Marta Lind, had left the harbour of Vell on Monday morning for the herring grounds.",
    "Coastguard spokeswoman Ilse Varg said the search would resume at first light if the wind eased.",
    "Fishermen in Vell said the storm had come up faster than the forecast had warned them it would.",
])


def test_a_one_paragraph_wire_flash_is_stored_clustered_and_marked_short(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"outlet": o, "published": "2031-10-08", "title": t, "text": b, "url": u}) + "\n"
                            for o, t, b, u in (("Wire Desk", "Boat capsizes off Orsk", FLASH, "u1"),
                                               ("Vell Courier", "Storm capsizes Vell fishing boat", REPORT, "u2"))),
                    encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        assert pipeline.ingest(iter_inputs([str(path)], 10**7), store).ok
        data = export_corpus(store)
    finally:
        store.close()
    short = {a["url"]: a["short"] for a in data["articles"]}
    assert short == {"u1": True, "u2": False}
    assert {a for s in data["stories"] for a in s["articles"]} == {a["id"] for a in data["articles"]}


def test_a_publication_time_with_its_zone_is_stored_exported_and_shown(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"outlet": "Vell Courier", "published": "2031-10-08T17:47:00-04:00",
                                "title": "Storm capsizes Vell fishing boat", "text": REPORT, "url": "u2"}) + "\n",
                    encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        assert pipeline.ingest(iter_inputs([str(path)], 10**7), store).ok
        data = export_corpus(store)
        (row,) = store.list_articles()
    finally:
        store.close()
    assert [a["published"] for a in data["articles"]] == ["2031-10-08T17:47-04:00"]
    assert row["published"] == "2031-10-08T17:47-04:00"
    shown = CliRunner().invoke(app, ["articles", "--db", f"sqlite:///{tmp_path / 's.db'}"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "2031-10-08T17:47-04:00" in shown.output, shown.output
