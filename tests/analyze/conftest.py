from __future__ import annotations

import pytest

from storyline.analyze.build import analyze_many
from storyline.ingest import content_id
from storyline.model import Analysis, CleanArticle, Paragraph, RawArticle


def make_clean(body: str, published: str | None = None) -> CleanArticle:
    paras, pos = [], 0
    for i, line in enumerate(body.split("\n")):
        paras.append(Paragraph(i, pos, pos + len(line), pos, pos + len(line)))
        pos += len(line) + 1
    raw = RawArticle(id=content_id(body), source="t.txt", format="text", text=body, encoding="utf-8")
    return CleanArticle(raw=raw, body=body, paragraphs=tuple(paras), title=None, outlet=None, published=published)


@pytest.fixture(scope="session")
def analyze():
    def run(body: str, published: str | None = None) -> Analysis:
        return analyze_many([make_clean(body, published)])[0]
    return run
