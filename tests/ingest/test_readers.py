from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.ingest import IngestError, content_id, decode, iter_inputs
from storyline.model import Failure, RawArticle

TEXT = "Harbour officials said the ferry “Northern Light” docked at 6 a.m. — two hours late.\n"


def test_decode_utf8_utf16_latin1_and_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(TEXT.encode("utf-16"))[0] == TEXT
    assert decode(b"\xef\xbb\xbf" + TEXT.encode())[0] == TEXT
    latin = "Le maire a déclaré que la façade serait rénovée avant l'été, selon le conseil municipal.\n" * 3
    text, enc = decode(latin.encode("latin-1"))
    assert text == latin and enc != "utf-8"


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"   \n\t", "empty"),
                                           (bytes(range(256)) * 40, "binary")])
def test_decode_refuses_empty_and_binary(data, message):
    with pytest.raises(IngestError, match=message):
        decode(data)


def test_content_id_is_a_stable_hash_of_the_text():
    assert content_id(TEXT) == content_id(str(TEXT))
    assert content_id(TEXT) != content_id(TEXT + " ")
    assert len(content_id(TEXT)) == 16


def test_walks_folders_recursively_and_skips_unknown_types(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(TEXT)
    (tmp_path / "two.html").write_text(f"<html><body><p>{TEXT}</p></body></html>")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(iter_inputs([str(tmp_path)], 10**6))
    assert [type(i) for i in items] == [RawArticle, RawArticle]
    assert {i.format for i in items} == {"text", "html"}


def test_same_text_in_two_encodings_has_one_id(tmp_path: Path):
    (tmp_path / "u8.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "u16.txt").write_bytes(TEXT.encode("utf-16"))
    a, b = iter_inputs([str(tmp_path)], 10**6)
    assert a.id == b.id


def test_jsonl_bad_lines_are_failures_naming_the_line(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": TEXT, "outlet": "The Quay Post", "authors": ["Ann Lee"], "published": "2025-06-01"}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps(["a list"]),
        json.dumps({"text": TEXT + "more", "authors": [1, 2]}),
        "",
        json.dumps({"html": f"<html><body><p>{TEXT}</p></body></html>", "url": "https://example.org/x"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(iter_inputs([str(path)], 10**6))
    ok = [i for i in items if isinstance(i, RawArticle)]
    bad = {i.source.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Failure)}
    assert [i.format for i in ok] == ["text", "html"]
    assert ok[0].outlet == "The Quay Post" and ok[0].authors == ("Ann Lee",) and ok[0].source.endswith(":1")
    assert set(bad) == {"2", "3", "4", "5", "6"}
    assert "malformed JSON" in bad["2"] and "neither 'text' nor 'html'" in bad["3"]
    assert "must be a string" in bad["4"] and "JSON object" in bad["5"] and "authors" in bad["6"]


def test_missing_unsupported_oversized_and_symlink_loop(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    odd = tmp_path / "data.csv"
    odd.write_text("a,b")
    loop = tmp_path / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    items = list(iter_inputs([str(tmp_path / "nope.txt"), str(odd), str(big), str(loop)], 100))
    reasons = [i.reason for i in items]
    assert all(isinstance(i, Failure) for i in items)
    assert "no such file" in reasons[0]
    assert "unsupported file type .csv" in reasons[1]
    assert "over the 100-byte limit" in reasons[2]
    assert "symlink loop" in reasons[3]
