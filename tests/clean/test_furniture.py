"""The furniture model and paragraph kinds on lines written for these tests (fictional outlet, people).

One test per furniture shape the issue names: gallery counters, trailing photo credits, agency
credit lines, embedded posts, transcript speaker labels, share- and link-like lines, "Read more"
teasers, repetition; and the rule that captions and counters inside an article do not cut it in two.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from storyline.clean import clean, furniture
from storyline.clean.lines import classify, paragraph_kind, shapes_of
from storyline.ingest import content_id
from storyline.model import ParagraphKind, RawArticle

PROSE = [
    "The river rose two metres overnight and flooded the lower town, the mayor said on Tuesday.",
    "Emergency crews evacuated 340 people from their homes, officials said in a statement.",
    "“We lost everything,” said Piet Kramer, a baker whose shop was flooded.",
    "The water is expected to recede by the weekend, forecasters said.",
]


def _lines(*middle: str, extracted: bool = False):
    text = "\n".join([PROSE[0], PROSE[1], *middle, PROSE[2], PROSE[3]])
    return {ln.text: ln for ln in classify(text, extracted=extracted)}


def test_the_shipped_weights_load_offline_and_fit_the_features():
    data = json.loads(furniture.WEIGHTS.read_text())
    width = furniture.features(shapes_of(PROSE[0])).shape[1]
    assert len(data["coef"]) == len(data["mean"]) == len(data["scale"]) == width
    assert "../shared/dev/html" in data["trained_on"]
    row = furniture.features(shapes_of(PROSE[0]))[0]
    assert row[furniture.RULE_COLUMN + furniture.RULE_KINDS.index("prose")] == 1


@pytest.mark.parametrize("line", ["Caption 3 of 12", "Photo 7 of 20", "Getty Images",
                                  "Rescuers carry a resident to a boat on Tuesday. (AP Photo/Jon Doe)"])
def test_gallery_counters_and_credits_are_captions_and_do_not_cut_the_article(line):
    lines = _lines(line, "Getty Images", "Caption 4 of 12")
    assert not lines[line].body
    assert paragraph_kind(lines[line]) is ParagraphKind.CAPTION
    assert all(lines[p].body for p in PROSE), "a photo block inside the article split it in two"


@pytest.mark.parametrize("line", [
    "The river authority blamed a failed sluice gate for the flood, Reuters reported. It gave no evidence.",
    "Two officials told AFP that the sluice gate had not been inspected since 2019.",
    "Reuters reported on Wednesday that the sluice gate had failed twice before."])
def test_an_agency_named_inside_the_prose_is_a_source_not_a_credit(line):
    """A paragraph that cites an agency is the article's text (and evidence), not a caption."""
    lines = _lines(line)
    assert lines[line].body
    assert paragraph_kind(lines[line]) is ParagraphKind.TEXT


def test_an_embedded_post_is_an_embed():
    line = "Water everywhere tonight pic.twitter.com/abc123 — Piet Kramer (@pkramer) May 3, 2016"
    lines = _lines(line)
    assert not lines[line].body
    assert paragraph_kind(lines[line]) is ParagraphKind.EMBED
    kept = _lines(line, extracted=True)
    assert not kept[line].body or paragraph_kind(kept[line]) is ParagraphKind.EMBED


def test_a_transcript_speaker_label_is_kept_but_never_evidence():
    line = "MAYOR ANN VOSS: We have never seen water this high in the old town."
    lines = _lines(line)
    assert paragraph_kind(lines[line]) is ParagraphKind.LABEL


@pytest.mark.parametrize("line", ["Share this article", "Follow us on Twitter @rivertownnews",
                                  "Read more: Town council approves new flood wall after years of debate",
                                  "www.rivertown-news.example/newsletter"])
def test_share_link_and_teaser_lines_are_not_body_text(line):
    lines = _lines(line)
    assert not lines[line].body
    kept = _lines(line, extracted=True)[line]
    assert not kept.body or paragraph_kind(kept) is not ParagraphKind.TEXT


def test_prose_stays_text_in_both_modes():
    for extracted in (False, True):
        lines = _lines(extracted=extracted)
        for p in PROSE:
            assert lines[p].body and paragraph_kind(lines[p]) is ParagraphKind.TEXT


def test_the_model_ranks_furniture_above_prose():
    furn = ["Caption 3 of 12", "Share this article", "Getty Images", "Follow us on Twitter @rivertownnews"]
    shapes = shapes_of("\n".join([*PROSE, *furn]))
    p = furniture.furniture_probability(shapes)
    assert np.max(p[:len(PROSE)]) < np.min(p[len(PROSE):])


def test_html_captions_are_kept_for_the_reader_and_marked():
    html = ("<html><head><title>Flood in Rivertown</title></head><body><article><h1>Flood in Rivertown</h1>"
            + "".join(f"<p>{p}</p>" for p in PROSE[:2])
            + "<p><img src='a.jpg'></p><p>Rescuers carry a resident to a boat on Tuesday. (AP Photo/Jon Doe)</p>"
            + "".join(f"<p>{p}</p>" for p in PROSE[2:]) + "</article></body></html>")
    art = clean(RawArticle(id=content_id(html), source="flood.html", format="html", text=html, encoding="utf-8"))
    kinds = {art.body[p.start:p.end]: p.kind for p in art.paragraphs}
    assert all(kinds[p] is ParagraphKind.TEXT for p in PROSE)
    captions = [t for t, k in kinds.items() if k is ParagraphKind.CAPTION]
    assert len(captions) == 1 and "AP Photo" in captions[0]
