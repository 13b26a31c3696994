"""Issue 19: every hostile input and request gets a clear answer (a per-record failure naming the
file and line, a 4xx, or a one-line CLI error), never a traceback, a 500 or a silent loss."""
from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from storyline.ingest import iter_inputs, read_jsonl_stream
from storyline.ingest.readers import detect
from storyline.model import Failure, RawArticle
from tests.ingest.test_warc import _warc

BODY = "The harbour reopened on Monday after a storm, the port authority said in a statement."


def _jsonl(tmp_path: Path, lines: list[bytes | str]) -> list[RawArticle | Failure]:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(ln if isinstance(ln, bytes) else ln.encode() for ln in lines) + b"\n")
    return list(iter_inputs([str(path)], 10**9))


# row 1 -------------------------------------------------------------------------------------------
def test_deeply_nested_jsonl_line_is_one_failure_and_the_batch_goes_on(tmp_path):
    items = _jsonl(tmp_path, ["[" * 100_000 + "]" * 100_000, '{"text": ' + "[" * 100_000,
                              '{"text": "x", "n": ' + "1" * 5000 + "}", json.dumps({"text": BODY})])
    assert [type(i) for i in items] == [Failure, Failure, Failure, RawArticle]
    assert items[0].source.endswith("in.jsonl:1") and "nested more than 64 levels" in items[0].reason
    assert items[1].source.endswith("in.jsonl:2") and "nested" in items[1].reason
    assert items[2].source.endswith("in.jsonl:3") and "digits" in items[2].reason


def test_overlong_jsonl_line_is_skipped_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_MAX_RECORD_BYTES", "1000")
    items = list(read_jsonl_stream(io.BytesIO(json.dumps({"text": "x" * 5000}).encode() + b"\n" +
                                              json.dumps({"text": BODY}).encode()), "<stdin>"))
    assert isinstance(items[0], Failure) and items[0].source == "<stdin>:1" and "1,000-byte limit" in items[0].reason
    assert isinstance(items[1], RawArticle) and items[1].source == "<stdin>:2"


# row 2 -------------------------------------------------------------------------------------------
def _boundaries(data: bytes) -> set[int]:
    it = ArchiveIterator(io.BytesIO(data))
    ends = set()
    for _ in it:
        ends.add(it.get_record_offset() + it.get_record_length())
    return ends


def test_a_warc_cut_anywhere_is_a_failure_and_no_cut_record_is_stored(tmp_path):
    for name in ("crawl.warc", "crawl.warc.gz"):
        full = tmp_path / name
        _warc(full)
        data = full.read_bytes()
        whole = {i.text for i in iter_inputs([str(full)], 10**9) if isinstance(i, RawArticle)}
        assert len(whole) == 1
        ends = _boundaries(data)
        cut_file = tmp_path / ("cut-" + name)
        for cut in range(1, len(data)):
            if (cut if name.endswith(".gz") else cut - 4) in ends:
                continue  # a cut between records (after a gzip member, or a record's two CRLFs): a valid archive
            cut_file.write_bytes(data[:cut])
            items = list(iter_inputs([str(cut_file)], 10**9))
            assert any(isinstance(i, Failure) for i in items), (name, cut)
            assert all(i.text in whole for i in items if isinstance(i, RawArticle)), (name, cut)


def test_warc_gz_that_is_not_gzip_or_not_warc_is_a_failure(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(b"hello, plain text\n" * 20)
    (tmp_path / "b.warc").write_bytes(b"<html>not an archive</html>\n")
    (tmp_path / "c.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate" * 3)
    items = list(iter_inputs([str(tmp_path)], 10**9))
    assert [type(i) for i in items] == [Failure] * 3
    assert "not gzip-compressed" in items[0].reason and "not a WARC archive" in items[1].reason
    assert "damaged" in items[2].reason or "not a readable" in items[2].reason


# row 7 -------------------------------------------------------------------------------------------
def test_control_characters_are_stripped_from_jsonl_metadata(tmp_path):
    rec = {"text": BODY, "title": "Harbour \x1b]0;pwned\x07reopens\x1b[2J", "outlet": "Quay\u202e Post\r\n",
           "authors": ["Rhea\x00 Lund", "\x1b[31m"], "url": "https://q.example/\x1b[1m"}
    (item,) = _jsonl(tmp_path, [json.dumps(rec)])
    assert item.title == "Harbour ]0;pwnedreopens[2J" and item.outlet == "Quay Post"
    assert item.authors == ("Rhea Lund", "[31m") and item.url == "https://q.example/[1m"


# row 10 ------------------------------------------------------------------------------------------
CYRILLIC = "Мэр города заявил в понедельник, что мост будет открыт в пятницу после ремонта.\n"


def test_cp1251_is_read_as_cyrillic():
    for text in (CYRILLIC, "Привет мир", "Глава администрации заявил, что дорога откроется в среду."):
        d = detect(text.encode("cp1251"))
        assert d.text == text, (d.encoding, d.text)


def test_western_texts_still_read_right():
    for text in ("The café owner, Renée Dupré, said the façade would be restored by June.\n",
                 "Müller sagte, dass die Brücke am Freitag öffnet.", "naïve résumé"):
        assert detect(text.encode("cp1252")).text == text


def test_utf16_without_bom_is_text():
    for text in ("Harbour officials said the ferry docked two hours late on Monday.\n", CYRILLIC):
        for enc in ("utf-16-le", "utf-16-be"):
            d = detect(text.encode(enc))
            assert d.text == text and d.encoding == enc


def test_uncertain_detection_warns_in_the_ingest_summary(tmp_path):
    (tmp_path / "short.txt").write_bytes("Привет мир".encode("cp1251"))
    (tmp_path / "long.txt").write_bytes(CYRILLIC.encode("cp1251"))
    short, long_ = sorted(iter_inputs([str(tmp_path)], 10**9), key=lambda i: i.source, reverse=True)
    assert "encoding guessed as cp1251" in short.warning and long_.warning is None


# row 11 ------------------------------------------------------------------------------------------
def test_lone_surrogate_is_a_per_record_failure(tmp_path):
    items = _jsonl(tmp_path, ['{"text": "The mayor \\ud800 said the bridge would reopen."}',
                              '{"text": "ok", "title": "a \\udc00 b"}', '{"text": "A pair \\ud83d\\ude00 is fine '
                              'and the mayor said so on Monday."}'])
    assert [type(i) for i in items] == [Failure, Failure, RawArticle]
    assert "lone UTF-16 surrogate (\\ud800" in items[0].reason and items[0].source.endswith(":1")
    assert "'title'" in items[1].reason
