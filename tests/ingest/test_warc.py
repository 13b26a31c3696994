"""WARC archives (a news crawl): HTML responses become articles with their URL and crawl date."""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.clean import clean
from storyline.ingest import iter_inputs
from storyline.model import Failure, RawArticle

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
        assert art.url == "https://quaypost.example/ferry" and art.crawled == "2025-02-03" and art.format == "html"
        cleaned = clean(art)
        assert cleaned.outlet == "Quay Post" and cleaned.published == "2025-02-03"  # crawl date as last resort


def test_a_broken_archive_is_reported(tmp_path):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b not really gzip")
    items = list(iter_inputs([str(bad)], 10**6))
    assert len(items) == 1 and isinstance(items[0], Failure) and "WARC" in items[0].reason
