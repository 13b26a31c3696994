"""Turn paths into RawArticles without altering the text.

Every problem becomes a ``Failure`` that names the file (and line for JSONL) so a batch can go on.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.model import Failure, RawArticle

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()

Item = RawArticle | Failure


class IngestError(ValueError):
    """An input that cannot become an article; the message says what is wrong."""


def content_id(text: str) -> str:
    """Identity of an article = hash of its content, so re-ingesting adds nothing."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


WESTERN = ("cp1252", "latin_1", "iso8859_15")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: BOM, then strict UTF-8, then charset detection."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data[:200_000]))
    best = matches[0] if matches else None
    # short texts fit many code pages equally well; prefer the common Western ones on a near tie
    for m in matches:
        if m.encoding in WESTERN and best is not None and m.chaos <= best.chaos + 0.05:
            best = m
            break
    if best is None or best.encoding is None:
        raise IngestError("binary or undecodable content (no text encoding fits)")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"cannot decode as {best.encoding}: {exc}") from exc
    if _looks_binary(text):
        raise IngestError("binary content, not text")
    return text, best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return True
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xFFF0 <= ord(c) <= 0xFFFF)
    return bad / len(sample) > 0.05


def _sniff_format(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    return "text"


def _raw(text: str, source: str, fmt: str, encoding: str, **meta) -> RawArticle:
    if "\x00" in text or _looks_binary(text):
        raise IngestError("binary content, not text")
    if not text.strip():
        raise IngestError("no text")
    return RawArticle(id=content_id(text), source=source, format=fmt, text=text, encoding=encoding, **meta)


def read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """Yield the article(s) in one file, or Failures naming it."""
    src = str(path)
    suffix = _suffix(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Failure(src, f"cannot read: {exc.strerror or exc}")
        return
    if size > max_bytes and suffix not in WARC_SUFFIXES:  # archives are streamed record by record
        yield Failure(src, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                           "(set STORYLINE_MAX_FILE_BYTES to raise it)")
        return
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from read_jsonl_stream(fh, src)
        except OSError as exc:
            yield Failure(src, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path)
        return
    try:
        data = path.read_bytes()
        text, enc = decode(data)
        fmt = "html" if suffix in HTML_SUFFIXES else _sniff_format(text)
        yield _raw(text, src, fmt, enc)
    except IngestError as exc:
        yield Failure(src, str(exc))
    except OSError as exc:
        yield Failure(src, f"cannot read: {exc.strerror or exc}")


def _opt_str(rec: dict, key: str) -> str | None:
    val = rec.get(key)
    if val is None or val == "":
        return None
    if not isinstance(val, (str, int, float)):
        raise IngestError(f"field {key!r} must be a string, got {type(val).__name__}")
    return str(val).strip() or None


def record_to_raw(rec: object, source: str) -> RawArticle:
    """One JSONL record (already parsed) → RawArticle; IngestError says what is missing."""
    if not isinstance(rec, dict):
        raise IngestError(f"expected a JSON object, got {type(rec).__name__}")
    body, fmt = rec.get("text"), "text"
    if body is None or body == "":
        body, fmt = rec.get("html"), "html"
    if body is None or body == "":
        raise IngestError("record has neither 'text' nor 'html'")
    if not isinstance(body, str):
        raise IngestError(f"field {'text' if fmt == 'text' else 'html'!r} must be a string, got {type(body).__name__}")
    authors = rec.get("authors") or []
    if isinstance(authors, str):
        authors = tuple(a.strip() for a in authors.split(",") if a.strip())
    elif isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        authors = tuple(a.strip() for a in authors if a.strip())
    else:
        raise IngestError("field 'authors' must be a list of strings")
    return _raw(body, source, fmt, "utf-8", url=_opt_str(rec, "url"), title=_opt_str(rec, "title"),
                outlet=_opt_str(rec, "outlet"), published=_opt_str(rec, "published"), authors=authors)


def read_jsonl_stream(fh: BinaryIO, name: str) -> Iterator[Item]:
    """One article per line; a bad line is a Failure naming ``name:LINE``, the rest go on."""
    for lineno, line in enumerate(fh, 1):
        src = f"{name}:{lineno}"
        if not line.strip():
            continue
        try:
            try:
                text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise IngestError(f"line is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as exc:
                raise IngestError(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
            yield record_to_raw(rec, src)
        except IngestError as exc:
            yield Failure(src, str(exc))


def read_warc(path: Path) -> Iterator[Item]:
    """HTML responses of a WARC archive (a news crawl) as articles, with their URL and crawl date."""
    src = str(path)
    n = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                n += 1
                where = f"{src}:{n}"
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                if "html" not in ctype or not status.startswith("2"):
                    continue
                try:
                    text, enc = decode(record.content_stream().read())
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                    yield _raw(text, where, "html", enc, url=url, crawled=crawled)
                except IngestError as exc:
                    yield Failure(where, str(exc))
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        yield Failure(src, f"not a readable WARC archive: {exc}")


def iter_inputs(paths: Iterable[str], max_bytes: int) -> Iterator[Item]:
    """Walk files and folders (recursively, sorted, symlink loops guarded) and read each input."""
    seen_dirs: set[str] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield Failure(p, "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, seen_dirs, max_bytes)
        elif path.is_file():
            if _suffix(path) not in SUPPORTED:
                yield Failure(p, f"unsupported file type {path.suffix or '(none)'}: "
                                 "use .txt, .html/.htm, .jsonl/.ndjson or .warc/.warc.gz")
            else:
                yield from read_file(path, max_bytes)
        else:
            yield Failure(p, "not a regular file")


def _walk(root: Path, seen: set[str], max_bytes: int) -> Iterator[Item]:
    real = os.path.realpath(root)
    if real in seen:
        yield Failure(str(root), "symlink loop: this folder was already read")
        return
    seen.add(real)
    try:
        entries = sorted(root.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(root), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                yield from _walk(entry, seen, max_bytes)
            elif entry.is_file() and _suffix(entry) in SUPPORTED:
                yield from read_file(entry, max_bytes)
        except OSError as exc:  # e.g. ELOOP on a self-referencing symlink
            yield Failure(str(entry), f"cannot read: {exc.strerror or exc}")
