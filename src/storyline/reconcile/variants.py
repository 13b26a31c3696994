"""Quote variants: one quote of one speaker as independent outlets render it, with the words that differ."""
from __future__ import annotations

import re

import numpy as np
from scipy.cluster.hierarchy import DisjointSet

from storyline.analyze.clauses import STOP
from storyline.model import Finding, FindingKind, Span, VariantFacts
from storyline.reconcile.agreements import least_cosine
from storyline.reconcile.article import Article, cite, finding_id, words
from storyline.reconcile.settings import SETTINGS


def _differing_spans(a: Article, q: dict, common: set[str]) -> tuple[Span, ...]:
    out = []
    for m in re.finditer(r"[\w’']+", q["text"]):
        w = m.group().lower().replace("’", "'")
        if w not in STOP and w not in common:
            out.append(Span(a.id, q["start"] + m.start(), q["start"] + m.end()))
    return tuple(out)


def quote_variants(arts: list[Article], quote_vecs: dict[tuple[str, int], np.ndarray]) -> list[Finding]:
    """One finding per quote that two or more independent sources print, in words that may differ:
    the same speaker's quote, or words alike enough (shared words, or close quote vectors) to be one."""
    items = [(a, i, q) for a in arts for i, q in enumerate(a.quotes)
             if len(q["text"].split()) >= SETTINGS.variant_min_words and a.own(q["start"])]
    same = DisjointSet((a.id, i) for a, i, _ in items)
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (a, i, q), (b, j, r) = items[x], items[y]
            if a.source == b.source:
                continue
            sa, sb = q.get("speaker_entity"), r.get("speaker_entity")
            same_speaker = sa is not None and sa == sb
            if sa and sb and sa != sb:
                continue
            wa, wb = set(words(q["text"])), set(words(r["text"]))
            overlap = len(wa & wb)
            contain = overlap / max(1, min(len(wa), len(wb)))
            cos = float(quote_vecs[(a.id, i)] @ quote_vecs[(b.id, j)])
            strong = (contain >= SETTINGS.variant_contain and overlap >= SETTINGS.variant_overlap
                      or cos >= SETTINGS.variant_strong_cos)
            loose = ((contain >= SETTINGS.variant_contain and overlap >= SETTINGS.variant_overlap - 1)
                     or (contain >= SETTINGS.variant_loose_contain and overlap >= SETTINGS.variant_overlap)
                     or cos >= SETTINGS.variant_cos)
            if strong or (same_speaker and loose):
                same.merge((a.id, i), (b.id, j))
    by_key = {(a.id, i): (a, i, q) for a, i, q in items}
    out = []
    for keys in same.subsets():
        members = [by_key[k] for k in keys]
        if len({a.source for a, _, _ in members}) < 2:
            continue
        members.sort(key=lambda m: (m[0].id, m[1]))
        vocab = [set(words(q["text"])) for _, _, q in members]
        common = set.intersection(*vocab)
        speaker = next((q["speaker"] for _, _, q in members if q.get("speaker")), None)
        vecs = [quote_vecs[(a.id, i)] for a, i, _ in members]
        out.append(Finding(finding_id(FindingKind.VARIANT, [(a.id, i) for a, i, _ in members]), FindingKind.VARIANT,
                           VariantFacts(speaker, tuple(_differing_spans(a, q, common) for a, _, q in members),
                                        least_cosine(vecs)),
                           tuple(cite(a, q["start"], q["end"]) for a, _, q in members)))
    return out
