"""Captions, embeds and transcript lines stay in the body but are never evidence for a finding
(real models, real SQLite; an invented flood told by two fictional outlets)."""
from __future__ import annotations

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.model import ParagraphKind
from storyline.reconcile.story import load_article
from storyline.store import Store

CAPTION = "Rescuers carry one of 75 residents to a boat on Tuesday. (AP Photo/Jon Doe)"


def _page(outlet: str, toll: int, caption: str) -> str:
    prose = [f"The river rose two metres overnight and flooded the lower town of Rivertown, {outlet} reported.",
             f"Emergency crews evacuated {toll} people from their homes on Tuesday, officials said in a statement.",
             "“We lost everything,” said Piet Kramer, a baker whose shop was flooded near the old bridge.",
             "The water is expected to recede by the weekend, forecasters with the national weather service said."]
    return (f"<html><head><title>Flood in Rivertown</title><meta property='og:site_name' content='{outlet}'>"
            "</head><body><article><h1>Flood in Rivertown</h1>" + "".join(f"<p>{p}</p>" for p in prose[:2])
            + f"<p><img src='a.jpg'></p><p>{caption}</p>"
            + "".join(f"<p>{p}</p>" for p in prose[2:]) + "</article></body></html>")


def test_caption_is_in_the_body_but_not_in_the_evidence(tmp_path, db_url):
    (tmp_path / "a.html").write_text(_page("Rivertown Gazette", 340, CAPTION))
    (tmp_path / "b.html").write_text(_page("Valley Courier", 340, "A boat on the flooded high street. (Getty Images)"))
    store = Store(db_url)
    summary = pipeline.ingest(iter_inputs([str(tmp_path)], 10**7), store)
    assert summary.ok and summary.ingested == 2
    stories = store.stories()
    assert len(stories) == 1, "one flood, one story"
    checked = 0
    for aid in store.story_articles(stories[0]["id"]):
        art = store.get_article(aid)
        captions = [p for p in art["paragraphs"] if p["kind"] == ParagraphKind.CAPTION.value]
        assert captions, "the caption is kept in the body for the reader, and marked"
        loaded = load_article(store, aid)
        spans = [(p["start"], p["end"]) for p in captions]
        assert not any(s <= x.start < e for x in loaded.sentences for s, e in spans)
        assert not any(s <= c["start"] < e for c in loaded.claims for s, e in spans)
        assert any(c["value"] == 340 for c in loaded.claims), "the prose claims are still evidence"
        checked += 1
    assert checked == 2
    findings = store.findings(stories[0]["id"])
    assert findings and not any("AP Photo" in e.text or "Getty" in e.text
                                for f in findings for e in f.evidence)
