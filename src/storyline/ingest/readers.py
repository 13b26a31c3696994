"""Turn paths into RawArticles without altering the text.

Every problem becomes a ``Failure`` that names the file (and line for JSONL) so a batch can go on.
"""
from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import json
import os
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from storyline.config import settings
from storyline.model import Failure, RawArticle
from storyline.textsafe import printable, strip_controls

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


#: The legacy encodings a web page can declare (the WHATWG Encoding Standard's list, less the Mac
#: pages), most used on the web first: charset detection chooses among these only (a short Western
#: text is not read as a DOS or Mac code page that happens to score as well), and this order breaks
#: a tie only between readings equally consistent in their scripts (see ``_detect_legacy``).
WEB_ENCODINGS = ["cp1252", "cp1251", "shift_jis", "gb18030", "euc_kr", "cp1250", "big5", "cp1256", "iso8859_2",
                 "cp1254", "cp1253", "euc_jp", "cp1255", "cp874", "koi8_r", "cp1257", "iso8859_15", "iso8859_5",
                 "iso8859_7", "iso2022_jp", "cp1258", "koi8_u", "iso8859_9", "iso8859_4", "iso8859_13",
                 "iso8859_3", "iso8859_6", "iso8859_8", "iso8859_10", "iso8859_14", "iso8859_16", "cp866"]
#: Two detections are tied when their charset-normalizer scores are this close.
TIE_CHAOS, TIE_COHERENCE = 0.02, 0.05


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: Set when the encoding was a guess between readings in different scripts (say, Cyrillic or Latin).
    warning: str | None = None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: BOM, then UTF-16 without BOM, strict UTF-8, then charset detection."""
    d = detect(data)
    return d.text, d.encoding


def detect(data: bytes) -> Decoded:
    """``decode`` with a warning when the detected encoding was uncertain."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise IngestError(f"starts with a {enc} byte-order mark but is not {enc} ({exc.reason} at "
                                  f"byte {exc.start})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data) or _detect_legacy(data)


#: A UTF-8 text with a few stray bytes of another encoding (one Latin-1 "é" pasted in) keeps its UTF-8:
#: at most this share of its bytes may be bad (or MIXED_BAD_MIN), and it must hold at least as many valid multi-byte
#: characters as bad bytes (a Latin-1 file has none).
MIXED_BAD_SHARE = 0.01
#: … or this many bad bytes in a short text.
MIXED_BAD_MIN = 2


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bytes that are not: read as UTF-8, each bad byte marked U+FFFD, and said."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if bad <= 0 or bad > max(MIXED_BAD_MIN, MIXED_BAD_SHARE * len(data)) or multibyte < bad:
        return None
    one = bad == 1
    return Decoded(text, "utf-8", f"{bad} byte{'' if one else 's'} that {'is' if one else 'are'} not UTF-8, marked "
                                  "U+FFFD (the rest of the file read as UTF-8)")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark: one byte of every pair drawn from a handful of values
    (0 for Latin text, 4 for Cyrillic, …) while the other varies, and the whole decodes."""
    head = data[:8192]
    if b"\x00" not in head or len(head) < 8:
        return None
    head = head[:len(head) // 2 * 2]
    even, odd = Counter(head[0::2]), Counter(head[1::2])
    pairs = len(head) // 2

    def narrow(c: Counter) -> bool:
        return sum(n for _, n in c.most_common(3)) >= 0.9 * pairs

    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if narrow(high) and not narrow(low) and high.most_common(1)[0][0] < 0x20:
            try:
                text = data[:len(data) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                return None
            return None if _looks_binary(text) else Decoded(text, enc)
    return None


def _scripts(text: str) -> set[str]:
    """Scripts of the non-ASCII letters (LATIN, CYRILLIC, GREEK, …)."""
    return {unicodedata.name(c, "?").split(" ")[0] for c in set(text) if ord(c) > 127 and c.isalpha()}


_WORD = re.compile(r"\w{2,}")


def _odd_words(text: str) -> int:
    """Words a real text rarely has and a wrong code page makes: two scripts in one word, or a word of
    three or more accented Latin letters and nothing else (Cyrillic read as cp1252: 'Ïðèâåò')."""
    n = 0
    for w in _WORD.findall(text):
        if w.isascii():
            continue
        sc = _scripts(w)
        ascii_letters = any(c.isascii() and c.isalpha() for c in w)
        mixed = len(sc) > 1 or (ascii_letters and sc != {"LATIN"})
        n += mixed or (sc == {"LATIN"} and len(w) >= 3 and not ascii_letters)
    return n


def _rank(encoding: str) -> int:
    return WEB_ENCODINGS.index(encoding) if encoding in WEB_ENCODINGS else len(WEB_ENCODINGS)


def _detect_legacy(data: bytes) -> Decoded:
    """charset-normalizer's best reading among the web's legacy encodings. On a near tie its
    scores cannot decide, so the reading with fewer mixed-script words wins, and a tie between
    readings in different scripts is reported as a warning."""
    sample = data[:200_000]
    matches = [m for m in from_bytes(sample, cp_isolation=WEB_ENCODINGS) if m.encoding]
    if not matches:
        raise IngestError("binary or undecodable content (no text encoding fits)")
    matches.sort(key=lambda m: (m.chaos, -m.coherence))
    top = matches[0]
    tied = [m for m in matches if m.chaos <= top.chaos + TIE_CHAOS and m.coherence >= top.coherence - TIE_COHERENCE]
    texts = {m.encoding: str(m) for m in tied}
    best = min(tied, key=lambda m: (_odd_words(texts[m.encoding]), _rank(m.encoding)))
    warning = None
    rivals = sorted({m.encoding for m in tied if _scripts(texts[m.encoding]) != _scripts(texts[best.encoding])})
    if rivals:
        warning = (f"encoding guessed as {best.encoding}, but {', '.join(rivals[:3])} fit as well; "
                   "check the stored text, or convert the file to UTF-8")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"cannot decode as {best.encoding}: {exc}") from exc
    if _looks_binary(text):
        raise IngestError("binary content, not text")
    return Decoded(text, best.encoding, warning)


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


def _raw_decoded(data: bytes, source: str, fmt: str | None, **meta) -> RawArticle:
    d = detect(data)
    return _raw(d.text, source, fmt or _sniff_format(d.text), d.encoding, warning=d.warning, **meta)


def label(path: Path | str) -> str:
    """A path as text that can be stored and printed: the bytes of a file name that are not UTF-8
    written as ``\\xNN`` (a database refuses the surrogates Python decodes them to)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """Yield the article(s) in one file, or Failures naming it."""
    src = label(path)
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
        yield from read_warc(path, max_bytes)
        return
    try:
        yield _raw_decoded(path.read_bytes(), src, "html" if suffix in HTML_SUFFIXES else None)
    except IngestError as exc:
        yield Failure(src, str(exc))
    except OSError as exc:
        yield Failure(src, f"cannot read: {exc.strerror or exc}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_field(key: str, val: str) -> str:
    m = _SURROGATE.search(val)
    if m:
        raise IngestError(f"field {key!r} holds a lone UTF-16 surrogate ({printable(m.group())} at character "
                          f"{m.start()}), which is not text; fix the program that wrote this record")
    return val


def _opt_str(rec: dict, key: str) -> str | None:
    val = rec.get(key)
    if val is None or val == "":
        return None
    if not isinstance(val, (str, int, float)):
        raise IngestError(f"field {key!r} must be a string, got {type(val).__name__}")
    return strip_controls(_text_field(key, str(val))) or None


_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def check_json_depth(data: bytes, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` before parsing it (the parser recurses per level)."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return
    depth = 0
    for m in _JSON_TOKEN.finditer(data):
        c = data[m.start()]
        if c in b"[{":
            depth += 1
            if depth > limit:
                raise IngestError(f"JSON nested more than {limit} levels deep (at byte {m.start()}); "
                                  "an article is one flat object")
        elif c in b"]}":
            depth -= 1


class MalformedJSON(IngestError):
    """The bytes are not JSON at all."""


def parse_json(data: bytes, max_depth: int) -> object:
    """One JSON value from UTF-8 bytes; every way it can fail is an ``IngestError`` saying why."""
    check_json_depth(data, max_depth)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedJSON(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    except (ValueError, RecursionError) as exc:  # e.g. a number of more than 4,300 digits
        raise IngestError(f"unreadable JSON: {exc}") from exc


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
    _text_field(fmt, body)
    authors = rec.get("authors") or []
    if isinstance(authors, str):
        authors = [a for a in authors.split(",")]
    elif not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise IngestError("field 'authors' must be a list of strings")
    authors = tuple(a for a in (strip_controls(_text_field("authors", a)) for a in authors) if a)
    return _raw(body, source, fmt, "utf-8", url=_opt_str(rec, "url"), title=_opt_str(rec, "title"),
                outlet=_opt_str(rec, "outlet"), published=_opt_str(rec, "published"), authors=authors)


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line, bytes) per line; a line over ``limit`` bytes comes as None, skipped unread."""
    lineno = 0
    while line := fh.readline(limit + 1):
        lineno += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield lineno, line, len(line)
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = fh.readline(1 << 20)
            size += len(line)
        yield lineno, None, size


def read_jsonl_stream(fh: BinaryIO, name: str, max_depth: int | None = None,
                      max_record_bytes: int | None = None) -> Iterator[Item]:
    """One article per line; a bad line is a Failure naming ``name:LINE``, the rest go on."""
    cfg = settings()
    depth = max_depth or cfg.max_json_depth
    limit = max_record_bytes or cfg.max_record_bytes
    for lineno, line, size in _lines(fh, limit):
        src = f"{name}:{lineno}"
        if line is None:
            yield Failure(src, f"line of {size:,} bytes is over the {limit:,}-byte limit for one record "
                               "(set STORYLINE_MAX_RECORD_BYTES to raise it)")
            continue
        if not line.strip():
            continue
        try:
            yield record_to_raw(parse_json(line, depth), src)
        except IngestError as exc:
            msg = str(exc)
            yield Failure(src, f"line is {msg}" if msg.startswith("not UTF-8") else msg)


class _Archive(ArchiveIterator):
    INC_RECORD = ""  # warcio writes this warning to stderr itself; we count it (err_count) instead


class _GzipStream(io.RawIOBase):
    """A gzip-compressed WARC, inflated here for warcio, at most the size asked per read: warcio
    reads a plain archive in small blocks, so a small file that inflates to gigabytes is never held
    (warcio's own inflater takes a compressed block whole, and 16 kB of spaces are 16 MB). Every
    gzip member must end properly (a cut-short archive can leave the records before the cut reading
    as if nothing happened)."""

    #: compressed bytes read from the file at a time
    CHUNK = 1 << 16

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.inflate = zlib.decompressobj(31)
        self.in_member = False
        self.error: str | None = None
        self.tail = b""  # compressed bytes read and not yet inflated

    def readable(self) -> bool:
        return True

    def _inflate(self, want: int) -> bytes:
        out: list[bytes] = []
        got = 0
        while got < want and self.error is None:
            if not self.tail:
                self.tail = self.fh.read(self.CHUNK)
                if not self.tail:
                    break
            self.in_member = True
            try:
                chunk = self.inflate.decompress(self.tail, want - got)
            except zlib.error as exc:
                self.error = f"damaged gzip data ({exc})"
                break
            self.tail = self.inflate.unconsumed_tail
            if self.inflate.eof:  # a member ends: what follows it (its unused data) starts the next one
                self.tail, self.inflate, self.in_member = self.inflate.unused_data, zlib.decompressobj(31), False
            out.append(chunk)
            got += len(chunk)
        return b"".join(out)

    def readinto(self, buf) -> int:
        data = self._inflate(len(buf))
        buf[:len(data)] = data
        return len(data)

    def complete(self) -> bool:
        """The whole file was gzip members that each ended properly."""
        while chunk := self._inflate(self.CHUNK):
            del chunk
        return self.error is None and not self.in_member


@contextlib.contextmanager
def _quiet(into: io.StringIO) -> Iterator[None]:
    """Keep warcio's own stderr warnings out of our output: they become part of the failure."""
    with contextlib.redirect_stderr(into):
        yield


def read_warc(path: Path, max_bytes: int | None = None) -> Iterator[Item]:
    """HTML responses of a WARC archive (a news crawl) as articles, with their URL and crawl date.

    A record that ends before its declared length (a cut-short archive) is a failure, never an
    article; so is a damaged archive as a whole (exit status 1, counted as failed). A record is read
    up to ``max_bytes`` once decompressed (the file limit, ``STORYLINE_MAX_FILE_BYTES``): a small
    archive that inflates to gigabytes is refused record by record, never held in memory."""
    limit = max_bytes if max_bytes is not None else settings().max_file_bytes
    src = label(path)
    n = 0
    noise = io.StringIO()
    try:
        with path.open("rb") as raw_fh:
            magic = raw_fh.read(2)
            raw_fh.seek(0)
            gz = magic == b"\x1f\x8b"
            if _suffix(path) == ".warc.gz" and not gz:
                yield Failure(src, "named .warc.gz but not gzip-compressed; if it is a plain WARC, name it .warc")
                return
            if not gz and raw_fh.read(5) != b"WARC/":
                yield Failure(src, "not a WARC archive (it does not start with a WARC/1.x header)")
                return
            raw_fh.seek(0)
            fh: BinaryIO = _GzipStream(raw_fh) if gz else raw_fh  # type: ignore[assignment]
            archive = _Archive(fh)
            records = iter(archive)
            while True:
                with _quiet(noise):
                    record = next(records, None)
                if record is None:
                    break
                if record.rec_type != "response" or record.http_headers is None:
                    cut = _drain(record) or (None if gz else _unterminated(archive, raw_fh))
                    if cut:
                        yield Failure(src, f"damaged WARC archive: a {record.rec_type} record is not whole: {cut}")
                        return
                    continue
                n += 1
                where = f"{src}:{n}"
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                wanted = "html" in ctype and status.startswith("2")
                with _quiet(noise):
                    body = record.content_stream().read(limit + 1) if wanted else b""
                cut = _drain(record) or (None if gz else _unterminated(archive, raw_fh))
                if cut:
                    yield Failure(where, f"record not stored: {cut}")
                    return
                if not wanted:
                    continue
                if len(body) > limit:
                    yield Failure(where, f"record not stored: its page is over the {limit:,}-byte limit once "
                                         "decompressed (set STORYLINE_MAX_FILE_BYTES to raise it)")
                    continue
                try:
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    crawled = record.rec_headers.get_header("WARC-Date") or None
                    yield _raw_decoded(body, where, "html", url=url and strip_controls(url), crawled=crawled)
                except IngestError as exc:
                    yield Failure(where, str(exc))
            problems = []
            if isinstance(fh, _GzipStream) and not fh.complete():
                problems.append(fh.error or "the gzip stream ends in the middle of a record (archive cut short)")
            if not gz:
                raw_fh.seek(archive.offset)
                if raw_fh.read(1 << 16).strip():
                    problems.append(f"its last {path.stat().st_size - archive.offset:,} bytes are not a whole record "
                                    "(archive cut short)")
            if archive.err_count:
                problems.append(f"{archive.err_count} record(s) longer or shorter than their Content-Length")
            if problems:
                yield Failure(src, "damaged WARC archive: " + "; ".join(problems))
    except Exception as exc:  # warcio raises many kinds on damaged input; the batch goes on
        yield Failure(src, f"not a readable WARC archive: {type(exc).__name__}: {exc}"
                           + (f" ({noise.getvalue().strip()})" if noise.getvalue().strip() else ""))


def _drain(record) -> str | None:
    """Read the rest of a record; what is wrong with it (None: it was whole)."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    if not isinstance(stream, LimitReader) or record.rec_headers.get_header("Content-Length") is None:
        return "it has no Content-Length header (damaged or cut short)"
    if stream.limit > 0:
        return f"it ends {stream.limit:,} byte(s) before its declared length (the archive is truncated)"
    return None


def _unterminated(archive: ArchiveIterator, fh: BinaryIO) -> str | None:
    """An uncompressed record must be followed by two CRLFs (WARC 1.1, section 4); a record cut
    inside its headers still parses, so this is how the cut shows."""
    end = archive.get_record_offset() + archive.get_record_length()
    pos = fh.tell()
    fh.seek(end)
    tail = fh.read(4)
    fh.seek(pos)
    return None if tail == b"\r\n\r\n" else "it is not followed by the blank lines that end a record (cut short)"


#: Why a symbolic link that resolves to no file is not read (Python's checks say "no file" for a
#: link to itself as for a missing one).
BROKEN_LINK = "symbolic link that leads to no file (it points to itself, to a loop, or to nothing); fix or remove it"


def iter_inputs(paths: Iterable[str], max_bytes: int) -> Iterator[Item]:
    """Walk files and folders (recursively, sorted, symlink loops guarded) and read each input."""
    seen_dirs: set[str] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield Failure(label(p), BROKEN_LINK if path.is_symlink() else "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, seen_dirs, max_bytes)
        elif path.is_file():
            if _suffix(path) not in SUPPORTED:
                yield Failure(label(p), f"unsupported file type {label(path.suffix) or '(none)'}: "
                                 "use .txt, .html/.htm, .jsonl/.ndjson or .warc/.warc.gz")
            else:
                yield from read_file(path, max_bytes)
        else:
            yield Failure(label(p), "not a regular file")


def _walk(root: Path, seen: set[str], max_bytes: int) -> Iterator[Item]:
    real = os.path.realpath(root)
    if real in seen:
        yield Failure(label(root), "symlink loop: this folder was already read")
        return
    seen.add(real)
    try:
        entries = sorted(root.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(label(root), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                yield from _walk(entry, seen, max_bytes)
            elif entry.is_file() and _suffix(entry) in SUPPORTED:
                yield from read_file(entry, max_bytes)
            elif entry.is_symlink() and not entry.exists() and _suffix(entry) in SUPPORTED:
                yield Failure(label(entry), BROKEN_LINK)  # a link to itself, or to nothing
        except OSError as exc:  # e.g. ELOOP on a self-referencing symlink
            yield Failure(label(entry), f"cannot read: {exc.strerror or exc}")
