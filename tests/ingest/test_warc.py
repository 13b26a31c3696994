"""WARC archives (a news crawl): HTML responses become articles with their URL and crawl date."""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import pipeline
from storyline.clean import clean
from storyline.ingest import iter_inputs
from storyline.model import Failure, PublishedFrom, RawArticle
from storyline.present import dossier as D
from storyline.present.export import export_corpus
from storyline.present.render import dossier_markdown
from storyline.store import Store

PAGE = ("<html><head><title>Ferry late</title><meta property='og:site_name' content='Quay Post'></head><body>"
        "<article><h1>Ferry late</h1>" + "".join(
            f"<p>The island ferry arrived {i} hours late on Saturday, the harbour office said in a statement.</p>"
            for i in range(2, 6)) + "</article></body></html>")


def _warc(path: Path) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, status, ctype, body in [
            ("https://quaypost.example/ferry", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
            ("https://quaypost.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://quaypost.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2025-02-03T10:00:00Z"})
            w.write_record(rec)


def test_reads_html_responses_with_url_and_crawl_date(tmp_path):
    for name in ("crawl.warc", "crawl.warc.gz"):
        path = tmp_path / name
        _warc(path)
        items = list(iter_inputs([str(path)], 10**6))
        arts = [i for i in items if isinstance(i, RawArticle)]
        assert len(arts) == 1 and not [i for i in items if isinstance(i, Failure)]
        art = arts[0]
        assert art.url == "https://quaypost.example/ferry" and art.crawled == "2025-02-03T10:00:00Z"
        assert art.format == "html"
        cleaned = clean(art)
        # the capture time as the last resort, to the minute, marked as a capture time (issue 26)
        assert cleaned.outlet == "Quay Post" and cleaned.published == "2025-02-03T10:00+00:00"
        assert cleaned.published_from is PublishedFrom.CRAWL
        dated = clean(dataclasses.replace(art, published="2025-02-01T08:30:00+01:00"))
        assert dated.published == "2025-02-01T08:30+01:00" and dated.published_from is PublishedFrom.PAGE


def test_a_capture_time_is_stored_exported_and_shown_as_such(tmp_path):
    path = tmp_path / "crawl.warc"
    _warc(path)
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        assert pipeline.ingest(iter_inputs([str(path)], 10**6), store).ok
        (art,) = export_corpus(store)["articles"]
        assert art["published"] == "2025-02-03T10:00+00:00" and art["published_from"] == "crawl"
        (story,) = store.stories()
        md = dossier_markdown(D.build(store, story["id"]))
        assert "2025-02-03T10:00+00:00 (capture time: when the page was fetched, not when it was published)" in md
    finally:
        store.close()


def test_a_broken_archive_is_reported(tmp_path):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b not really gzip")
    items = list(iter_inputs([str(bad)], 10**6))
    assert len(items) == 1 and isinstance(items[0], Failure) and "WARC" in items[0].reason
