"""Headings and summary sentences that are fragments, over every story of a run (issue 28).

A dossier's first screen and its findings are headed by statements: every summary sentence and every
heading of an agreement that is not a figure or a day must start like a sentence (a capital or a
digit, no leading quotation mark), end with a stop and have a finite verb. This counts the ones that
do not, story by story, from the stored findings of an ingested run.
"""
from __future__ import annotations

from pathlib import Path

from storyline.nlp import FINITE_TAGS, parse
from storyline.present import dossier as D
from storyline.store import Store

STOPS = ".!?\"”’"


def fragments(texts: list[str]) -> list[str]:
    """The texts that are not whole sentences."""
    out = []
    for text, doc in zip(texts, parse(texts), strict=True):
        whole = (bool(text) and (text[0].isupper() or text[0].isdigit()) and text[-1] in STOPS
                 and any(t.tag_ in FINITE_TAGS for t in doc))
        if not whole:
            out.append(text)
    return out


def score(db: Path) -> dict[str, float]:
    store = Store(f"sqlite:///{db}")
    try:
        texts: list[str] = []
        for s in store.stories():
            d = D.build(store, s["id"])
            texts += [x["text"] for x in D.overview(d)["sentences"]]
            texts += [a["about"] for a in d["agreements"] if not a["figure"] and a.get("statement")]
        bad = fragments(texts)
    finally:
        store.close()
    return {"headings_checked": float(len(texts)), "heading_fragments": float(len(bad))}
