"""The corpus export (../shared/eval/SCHEMA.md plus provenance), on articles written for this test."""
from __future__ import annotations

import json

from storyline import pipeline
from storyline.ingest import iter_inputs
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
