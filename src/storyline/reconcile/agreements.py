"""Agreements: a clause and its closest counterparts in independent outlets, when they state the
same thing; and the typed agreements (figures, days) that make a clause agreement redundant."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import cast

import numpy as np
from scipy.cluster.hierarchy import DisjointSet
from spacy.tokens import Doc

from storyline.analyze.clauses import content_lemmas
from storyline.model import AgreementFacts, Finding, FindingKind
from storyline.nlp import parsed
from storyline.reconcile.article import Article, Clause, cite, finding_id
from storyline.reconcile.settings import SETTINGS

_LEMMAS: dict[str, tuple[str, ...]] = {}


def lemmatise(arts: list[Article]) -> None:
    """Give every clause its content-word lemmas: as analyze stored them, or for clauses stored
    before they were (and clauses cut here), from one parse of each clause text, kept per process."""
    missing = [c for a in arts for s in a.sentences for c in s.clauses if c.lemmas is None]
    read = parsed((c.text for c in missing), content_lemmas, _LEMMAS)
    for c in missing:
        c.lemmas = read[c.text]


def _lemmas(c: Clause) -> set[str]:
    return set(c.lemmas or ())


def topic_words(arts: list[Article], n: int = SETTINGS.topic_words) -> set[str]:
    """The words every outlet of the story uses (lemmas, counted once per sentence): they say what
    the story is, not what a clause adds."""
    counts: dict[str, int] = {}
    for a in arts:
        for s in a.sentences:
            for w in {w for c in s.clauses for w in c.lemmas or ()}:
                counts[w] = counts.get(w, 0) + 1
    return set(sorted(counts, key=lambda w: (-counts[w], w))[:n])


def _agree(cos: float, s1: set[str], s2: set[str]) -> float:
    """How surely two clauses state the same fact (0 when they do not): nearly the same meaning with
    a specific (non-topic) word in common, or the same meaning without one, or close meaning plus a
    good share of specific words in common. Two clauses about the story's subject ("a firm hired by
    Equifax to investigate the attack" / "Equifax discovered the cyber crime in July") are close in
    meaning for the encoder without stating one fact."""
    shared = len(s1 & s2)
    share = shared / max(1, min(len(s1), len(s2)))
    if ((cos >= SETTINGS.agree_cos and (shared >= 1 or cos >= SETTINGS.agree_alone_cos))
            or (cos >= SETTINGS.agree_shared_cos and shared >= SETTINGS.agree_shared_words
                and share >= SETTINGS.agree_share)
            or (cos >= SETTINGS.agree_many_cos and shared >= SETTINGS.agree_many_words
                and share >= SETTINGS.agree_many_share)):
        return cos + SETTINGS.agree_word_bonus * shared
    return 0.0


def neighbours(arts: list[Article], m: int = SETTINGS.agreement_neighbours) -> dict[str, set[str]]:
    """For each article, the ``m`` articles of the story closest to it (by mean sentence vector):
    in a story of hundreds of articles, facts are compared with the most similar tellings only."""
    ok = [a for a in arts if a.sentences]
    if len(ok) <= m + 1:
        return {a.id: {b.id for b in ok if b.id != a.id} for a in arts}
    mat = np.stack([np.mean([s.vec for s in a.sentences], axis=0) for a in ok])
    mat /= np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9
    sims = mat @ mat.T
    np.fill_diagonal(sims, -1)
    out: dict[str, set[str]] = {a.id: set() for a in arts}
    for i, a in enumerate(ok):
        for j in np.argsort(-sims[i])[:m]:
            out[a.id].add(ok[j].id)
            out[ok[j].id].add(a.id)  # symmetric, so mutual-best checks have both directions
    return out


def clause_agreements(arts: list[Article], top_k: int = SETTINGS.agreement_top_k) -> list[Finding]:
    """A clause and its closest counterparts in independent outlets, when they state the same thing
    (compared clause by clause: outlets restate a fact inside otherwise different sentences).

    Similarities come from one matrix product per pair of articles; only each clause's ``top_k``
    nearest clauses are scored on shared words, so a large story stays fast."""
    seen = set()
    lemmatise(arts)
    topic = topic_words(arts)
    # quoted words are compared as quote variants, not as agreements
    quoted = {a.id: [(q["start"], q["end"]) for q in a.quotes] for a in arts}
    flat: dict[str, list[Clause]] = {}
    for a in arts:
        flat[a.id] = [c for s in a.sentences for c in s.clauses if c.vec is not None and a.own(c.start)
                      and len(_lemmas(c)) >= SETTINGS.agreement_min_words
                      and len(re.findall(r"(?<![\w’'])[a-z]{3,}", c.text)) >= 2  # says something, not only names
                      and _quoted_share(c, quoted[a.id]) < SETTINGS.quoted_share
                      and not SETTINGS.attribution_clause.match(c.text)]  # "according to X" names a source
    stems = {id(c): _lemmas(c) - topic for cs in flat.values() for c in cs}
    mats = {aid: np.stack([cast(np.ndarray, c.vec) for c in cs])  # flat holds only clauses with a vector
            for aid, cs in flat.items() if cs}
    best: dict[tuple[str, str], list[int]] = {}
    near_arts = neighbours(arts)
    for a in arts:
        for b in arts:
            if a.source == b.source or a.id not in mats or b.id not in mats or b.id not in near_arts[a.id]:
                continue
            sims = mats[a.id] @ mats[b.id].T
            k = min(top_k, sims.shape[1])
            near = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            picks = []
            for i, row in enumerate(near):
                ci = flat[a.id][i]
                scored = [(_agree(float(sims[i, j]), stems[id(ci)], stems[id(flat[b.id][j])]), int(j)) for j in row]
                score, j = max(scored)
                picks.append(j if score > 0 else -1)
            best[(a.id, b.id)] = picks
    found: list[list[tuple[Article, Clause]]] = []
    for a in arts:
        for i, c in enumerate(flat[a.id]):
            support = [(a, c)]
            for b in arts:
                chosen = best.get((a.id, b.id))
                j = chosen[i] if chosen else -1
                if j < 0 or best[(b.id, a.id)][j] != i:  # each must be the other's best match
                    continue
                d = flat[b.id][j]
                if not _numbers_differ(a, c, b, d):  # a figure that differs is a number finding
                    support.append((b, d))
            if len({x.source for x, _ in support}) < 2:
                continue
            key = frozenset((x.id, y.start) for x, y in support)
            if key in seen:
                continue
            seen.add(key)
            found.append(support)
    merged = _merge_near(found)
    full = complete({y.text for g in merged for _, y in g if y.has_verb is None})  # older databases
    full.update({y.text: y.has_verb for g in merged for _, y in g if y.has_verb is not None})
    out = []
    for g in merged:
        # a verbless piece ("the presumptive nominee") states nothing of its own; a long one ("after talks
        # on Tuesday with Ukrainian officials in Saudi Arabia") does, and its evidence is its sentence
        ok = [(x, y) for x, y in g if full[y.text] or len(_lemmas(y)) >= SETTINGS.fragment_min_words]
        kept = [(x, y if full[y.text] else _sentence_of(x, y)) for x, y in ok]
        if len({x.source for x, _ in kept}) >= 2 and any(full[y.text] for _, y in ok):
            out.append(_agreement(kept, [full[y.text] for _, y in ok]))
    return out


def _sentence_of(a: Article, c: Clause) -> Clause:
    s = a.sent_at(c.start)
    return Clause(s.start, s.end, s.text, c.vec) if s is not None else c


_COMPLETE: dict[str, bool] = {}


def _has_verb(doc: Doc) -> bool:
    return any(tok.pos_ in {"VERB", "AUX"} for tok in doc)


def complete(texts: Iterable[str]) -> dict[str, bool]:
    """Whether each text is a statement: it has a verb (the parse's), not only a noun phrase. Only
    for clauses of articles stored before ``model.Clause.has_verb`` was kept."""
    return parsed(texts, _has_verb, _COMPLETE)


def _quoted_share(c: Clause, spans: list[tuple[int, int]]) -> float:
    """How much of a clause is inside quotation marks (its words are a quote, compared as a
    quote variant, not as an agreement)."""
    inside = sum(max(0, min(c.end, qe + 1) - max(c.start, qs - 1)) for qs, qe in spans)
    return inside / max(1, c.end - c.start)


def drop_covered(found: list[Finding]) -> list[Finding]:
    """A clause agreement whose every clause lies inside the evidence of a figure or day
    agreement says the same thing again: the typed one stays."""
    typed = [f for f in found if isinstance(f.facts, AgreementFacts) and (f.facts.quantity or f.facts.day)]
    spans = [[(e.article, e.start, e.end) for e in f.evidence] for f in typed]

    def covered(f: Finding) -> bool:
        return any(all(any(a == e.article and s <= e.start and e.end <= t for a, s, t in sp) for e in f.evidence)
                   for sp in spans)

    return [f for f in found if not (f.kind is FindingKind.AGREEMENT and isinstance(f.facts, AgreementFacts)
                                     and f.facts.quantity is None and f.facts.day is None and covered(f))]


def _merge_near(found: list[list[tuple[Article, Clause]]]) -> list[list[tuple[Article, Clause]]]:
    """Agreements that share a clause are one fact told by all their outlets (one clause per
    article: the first seen); those inside another are dropped."""
    keys = [frozenset((x.id, y.start) for x, y in g) for g in found]
    found = [g for g, k in zip(found, keys, strict=True) if not any(k < other for other in keys)]
    joined = DisjointSet(range(len(found)))
    owner: dict[tuple[str, int], int] = {}
    for n, g in enumerate(found):
        for x, y in g:
            joined.merge(owner.setdefault((x.id, y.start), n), n)
    groups: dict[int, list[tuple[Article, Clause]]] = {}
    for n, g in enumerate(found):
        have = groups.setdefault(joined[n], [])
        arts_in = {x.id for x, _ in have}
        have.extend((x, y) for x, y in g if x.id not in arts_in and not any(x.id == h.id for h, _ in have))
    return list(groups.values())


def least_cosine(vecs: Sequence[np.ndarray | None]) -> float | None:
    """The least cosine between two of ``vecs`` (unit vectors): how alike the least alike pair is."""
    have = [v for v in vecs if v is not None]
    if len(have) < 2:
        return None
    mat = np.stack(have)
    return round(float((mat @ mat.T).min()), 3)


def _agreement(support: list[tuple[Article, Clause]], whole: list[bool]) -> Finding:
    """The evidence, and as its label the shortest clause that is a complete statement."""
    order = sorted(range(len(support)), key=lambda n: (support[n][0].id, support[n][1].start))
    support, whole = [support[n] for n in order], [whole[n] for n in order]
    label = min((n for n in range(len(support)) if whole[n]), key=lambda n: (len(support[n][1].text), n))
    key = sorted((x.id, y.start) for x, y in support)
    return Finding(finding_id(FindingKind.AGREEMENT, key), FindingKind.AGREEMENT,
                   AgreementFacts(len({x.source for x, _ in support}), label,
                                  similarity=least_cosine([y.vec for _, y in support])),
                   tuple(cite(x, y.start, y.end) for x, y in support))


def _numbers_differ(a: Article, c: Clause, b: Article, d: Clause) -> bool:
    v1 = [k["value"] for k in a.claims if c.start <= k["start"] < c.end]
    v2 = [k["value"] for k in b.claims if d.start <= k["start"] < d.end]
    return bool(v1 and v2) and not set(v1) & set(v2)
