"""A sentence as a summary or a first screen quotes it, on its own: without the time of a live
report's entry or the dateline before its first words. Light: the dossier's words read it without
loading the parse."""
from __future__ import annotations

from storyline.reconcile.settings import SETTINGS


def bare(text: str) -> str:
    """A sentence as a summary quotes it: without the time of a live report's entry ("2.10 p.m.: ")
    or a dateline ("LAS VEGAS - ") before its first words."""
    text = text.strip()
    if (m := SETTINGS.entry_time.match(text)) is not None:
        text = text[m.end():].lstrip(" -–—:")
    if (m := SETTINGS.dateline.match(text)) is not None and text[m.end():m.end() + 1].isupper():
        text = text[m.end():]
    return text
