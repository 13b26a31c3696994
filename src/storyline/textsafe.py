"""Text that is safe to store as metadata and to print on a terminal.

Input files come from anywhere: a title may carry an ESC sequence (set the window title, clear the
screen), a file name may carry a newline (forge a line of the ingest summary), a bidi override
may reorder what a reader sees. Metadata is stored without them; everything printed is escaped.
"""
from __future__ import annotations

import re

#: C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SPACE = re.compile("[\t\n\r\f\v\u2028\u2029]+")


def strip_controls(value: str) -> str:
    """One-line metadata (a title, an outlet, a name): line breaks and tabs become one space, every
    other control character is dropped."""
    return _CONTROLS.sub("", _SPACE.sub(" ", value)).strip()


def _escape(ch: str) -> str:
    return repr(ch)[1:-1] if ch != "\\" else "\\\\"


def escape_controls(text: str, keep: str = "") -> str:
    """Every non-printable character of ``text`` (but those in ``keep``) as its ``repr`` escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else repr(c)[1:-1] for c in text)


def printable(value: object, keep: str = "") -> str:
    """``value`` as text with every non-printable character written as its ``repr`` escape
    (``\\x1b``, ``\\n``, ``\\u202e``); characters in ``keep`` (e.g. ``"\\n"`` for a body) stay."""
    text = str(value)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(c if c.isprintable() or c in keep else _escape(c) for c in text)
