"""Text that is safe to store as metadata and to print on a terminal.

Input files come from anywhere: a title may carry an ESC sequence (set the window title, clear the
screen), a file name may carry a newline (forge a line of the ingest summary), a bidi override
may reorder what a reader sees. Metadata is stored without them; everything printed is escaped.
"""
from __future__ import annotations

import re

#: C0 and C1 controls, DEL, the bidi embedding/override/isolate marks, line and paragraph
#: separators, and lone surrogates (not text: no encoder writes them).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_SPACE = re.compile("[\t\n\r\f\v\u2028\u2029]+")


def strip_controls(value: str) -> str:
    """One-line metadata (a title, an outlet, a name): line breaks and tabs become one space, every
    other control character is dropped."""
    return _CONTROLS.sub("", _SPACE.sub(" ", value)).strip()


def escape_controls(text: str, keep: str = "") -> str:
    """Every control character of ``text`` (C0, DEL, C1, bidi overrides and isolates, line and
    paragraph separators, lone surrogates; but those in ``keep``) as its ``repr`` escape. Other characters, even
    invisible ones (a no-break space, a zero-width joiner in an emoji or a Devanagari word), stay."""
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], text)


def printable(value: object, keep: str = "") -> str:
    """``value`` as one printable line: every control character written as its ``repr`` escape
    (``\\x1b``, ``\\n``, ``\\u202e``); characters in ``keep`` (e.g. ``"\\n"`` for a body) stay."""
    return escape_controls(str(value), keep)
