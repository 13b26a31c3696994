"""Load one story's stored analysis, run the findings, and store them with a title and lead sentence."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np

from storyline.analyze.numbers import MEASURES
from storyline.cluster.embed import encode
from storyline.config import settings
from storyline.model import Finding, ParagraphKind
from storyline.reconcile import (
    ages,
    agreements,
    clock,
    copies,
    days,
    disputes,
    exclusives,
    figures,
    numbers,
    timeline,
    variants,
)
from storyline.reconcile import quantities as Q
from storyline.reconcile.article import Article, Clause, Sent, background, clauses, mark_appended, when
from storyline.reconcile.quoted import bare
from storyline.reconcile.sample import read_ids
from storyline.reconcile.settings import SETTINGS

ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
#: An untitled story's title: the first characters of its lead sentence.
TITLE_CHARS = 120


def load_article(store, article_id: str) -> Article:
    return load_articles(store, [article_id])[0]


def load_articles(store, article_ids: list[str]) -> list[Article]:
    """The articles as reconcile reads them, in order, their rows read together (a story's findings
    read up to ``reconcile_max_articles`` of them: one query per table, not a dozen per article)."""
    arts, units = store.get_articles(article_ids), store.unit_vectors_of(article_ids)
    clauses_of, rebuttals_of = store.clauses_of(article_ids), store.rebuttals_of(article_ids)
    return [_article(aid, arts[aid], units[aid], clauses_of[aid], rebuttals_of[aid]) for aid in article_ids]


def _article(article_id: str, art: dict, units: dict, stored: tuple, rebuttals) -> Article:
    vecs = units["sentences"]
    ents = {le["idx"]: le for le in art["local_entities"]}
    sents = []
    for n, row in enumerate(art["sentences"]):
        vec = vecs[n] if n < len(vecs) else np.zeros(vecs.shape[1] if vecs.ndim == 2 else 384, dtype=np.float32)
        sents.append(Sent(article_id, row["idx"], row["start"], row["end"], art["body"][row["start"]:row["end"]], vec))
    starts = [s.start for s in sents]
    names: dict[str, str] = {}
    persons: list[tuple[int, int, str]] = []
    for m in art["mentions"]:
        le = ents.get(m["local_entity"])
        if le is None or le["type"] not in ENTITY_TYPES or not sents:
            continue
        key = le["entity_id"] or f"{article_id}:{le['idx']}"
        names[key] = le["name"]
        if le["type"] == "PERSON":
            persons.append((m["start"], m["end"], key))
        i = max(0, int(np.searchsorted(starts, m["start"], side="right")) - 1)
        sents[i].entities.add(key)
    if stored:  # cut at analyze time; clause n has clause vector row n
        cvecs = units["clauses"] if units["clauses"] is not None and len(units["clauses"]) == len(stored) else None
        by_idx = {s.idx: s for s in sents}
        for n, c in enumerate(stored):
            if c.sentence in by_idx:
                by_idx[c.sentence].clauses.append(Clause(c.start, c.end, art["body"][c.start:c.end],
                                                           None if cvecs is None else cvecs[n], c.has_verb,
                                                           c.lemmas or None))
    else:  # stored before clauses were: cut them here, paired with the packed vectors in order
        for s in sents:
            s.clauses = clauses(s)
        flat = [c for s in sents for c in s.clauses]
        if units["clauses"] is not None and len(units["clauses"]) == len(flat):
            for c, v in zip(flat, units["clauses"], strict=True):
                c.vec = v
    quote_vecs = units["quotes"] if units["quotes"] is not None and len(units["quotes"]) == len(art["quotes"]) else None
    quotes, claims, time_refs = art["quotes"], art["claims"], art["time_refs"]
    # captions, embeds, transcript labels and asides stay in the body for the reader, never as evidence
    aside = [(p["start"], p["end"]) for p in art["paragraphs"] if p["kind"] != ParagraphKind.TEXT.value]
    if aside:
        def evidence(start: int) -> bool:
            return not any(s <= start < e for s, e in aside)

        sents = [s for s in sents if evidence(s.start)]
        keep = [i for i, q in enumerate(quotes) if evidence(q["start"])]
        quotes = [quotes[i] for i in keep]
        quote_vecs = quote_vecs[keep] if quote_vecs is not None else None
        claims = [c for c in claims if evidence(c["start"])]
        time_refs = [t for t in time_refs if evidence(t["start"])]
    return Article(article_id, art["outlet"], art["title"], art["published"], art["body"], sents,
                     quotes, claims, time_refs, names, sorted(persons), quote_vecs=quote_vecs, parsed=bool(stored),
                     rebuttals=rebuttals)


def attach_quantities(arts: list[Article]) -> None:
    """Each article's claims as quantities: ranges joined, and what happened to the counted thing
    as analyze read it from the parse (articles stored before that: read here from the parse of
    the claim's sentence)."""
    jobs: list[tuple[Article, int, Sent]] = []
    found: list[tuple[Article, int, tuple[str | None, str | None, str | None]]] = []
    for a in arts:
        a.quants = Q.quantities(a.claims, a.body)
        for n, (c, _) in enumerate(a.quants):
            s = a.sent_at(c["start"])
            if s is None:
                continue
            if a.parsed:  # read from the parse at analyze time and stored with the claim
                found.append((a, n, (c["measured"], c["measure"], c["frame"])))
            else:  # stored before they were: parse the sentence here
                jobs.append((a, n, s))
    read = Q.read([(s.text, s.start) for _, _, s in jobs], [(a.quants[n][0]["start"], a.quants[n][0]["end"])
                                                             for a, n, _ in jobs])
    found += [(a, n, facts) for (a, n, _), facts in zip(jobs, read, strict=True)]
    for a, n, (counted, measure, frame) in found:
        c, q = a.quants[n]
        if (c["counted"] or "").lower() in MEASURES:  # "36 percent": the unit is not what is counted
            c = {**c, "counted": None}
            q = replace(q, counted=None)
        if c["counted"] is None and counted is not None:
            c = {**c, "counted": counted}
        a.quants[n] = (c, replace(q, counted=q.counted or counted, measure=measure, frame=frame, holder=counted))


def analyse(arts: list[Article]) -> list[Finding]:
    """All findings of a story."""
    groups = copies.syndication_groups(arts)
    found = copies.syndicated(groups)
    mark_appended(arts)
    attach_quantities(arts)
    if len({a.source for a in arts}) < 2 and len(arts) < 2:  # one article: how a live report's figures moved
        return found + figures.evolving(arts) + timeline.timeline(arts)
    if len({a.source for a in arts}) < 2:  # one source: only how its figures moved, and its timeline
        moving = figures.evolving(arts)
        return found + figures.superseded(numbers.number_findings(arts), moving) + moving + disputes.disputes(arts) + timeline.timeline(arts)
    # vectors stored at ingest; only articles stored without them are encoded here
    missing_q = [(a, i, q["text"]) for a in arts if a.quote_vecs is None for i, q in enumerate(a.quotes)]
    missing_c = [c for a in arts for s in a.sentences for c in s.clauses if c.vec is None]
    vecs = encode([t for _, _, t in missing_q] + [c.text for c in missing_c])
    quote_vecs = {(a.id, i): a.quote_vecs[i] for a in arts if a.quote_vecs is not None for i in range(len(a.quotes))}
    quote_vecs.update({(a.id, i): vecs[n] for n, (a, i, _) in enumerate(missing_q)})
    for c, v in zip(missing_c, vecs[len(missing_q):], strict=True):
        c.vec = v
    found += variants.quote_variants(arts, quote_vecs)
    moving = figures.evolving(arts)
    figures_found = figures.superseded(numbers.number_findings(arts), moving) + moving
    found += figures_found
    found += days.event_findings(arts)
    found += clock.clock_findings(arts)
    found += ages.age_findings(arts)
    found += disputes.disputes(arts)
    found += agreements.clause_agreements(arts)
    found += exclusives.exclusives(arts, figures_found)
    found += timeline.timeline(arts)
    return agreements.drop_covered(found)


def _opening(a: Article) -> Sent | None:
    """An article's opening sentence when it can stand alone in a summary: whole (ends with a stop,
    ``summary_min_words`` words or more), not leaning on one before it ("She said …"), not a quote
    (what someone said of it, not what happened), and about this occurrence, not an older one."""
    for s in a.sentences[:SETTINGS.summary_opening_sentences]:
        words = bare(s.text).split()
        if (len(words) >= SETTINGS.summary_min_words and s.text.rstrip()[-1:] in ".!?\"”’"
                and words[0][0] not in SETTINGS.quote_marks
                and words[0].lower() not in SETTINGS.leaning_words and not background(a, s)
                and not SETTINGS.caption_cue.search(s.text)):
            return s
    return None


def _support(arts: list[Article], openings: list[tuple[Article, Sent]]) -> list[int]:
    """For each opening, how many independent sources (``Article.source``) carry a sentence like it
    (``summary_support_cos``): what most sources report is what happened. One product of the
    (bounded) openings with every sentence of the story: linear in the story's size."""
    sources = np.array([a.source for a in arts for _ in a.sentences], dtype=np.int64)
    if not len(sources) or not openings:
        return [0] * len(openings)
    close = (np.stack([o.vec for _, o in openings]) @ np.stack([s.vec for a in arts for s in a.sentences]).T
             >= SETTINGS.summary_support_cos)
    return [len(np.unique(sources[row & (sources != a.source)])) for row, (a, _) in zip(close, openings, strict=True)]


def title_and_lead(arts: list[Article]) -> tuple[str | None, str | None]:
    """The story's title and lead. The title is the most central article's (the one whose mean
    sentence vector is closest to the story's). The lead is up to ``summary_leads`` whole opening
    sentences, those that most independent sources also report (``_support``; ties: the earlier
    report; past the first, only one some other source reports), each from another source and
    unlike the others, in the order they were published; present/ words the rest of the summary.
    Sources are the copy groups and outlets of ``copies.syndication_groups``, set before this is
    called."""
    vecs = [np.mean([s.vec for s in a.sentences], axis=0) if a.sentences else None for a in arts]
    good = [(a, v) for a, v in zip(arts, vecs, strict=True) if v is not None]
    if not good:
        return None, None
    centre = np.mean([v for _, v in good], axis=0)
    ranked = sorted(good, key=lambda p: -float(p[1] @ centre))
    central = ranked[0][0]
    title = central.title or (central.sentences[0].text[:TITLE_CHARS] if central.sentences else "")
    # the most central articles' openings are the candidates: a story of a thousand articles is not
    # compared a thousand times over
    openings = [(a, o) for a, _ in ranked[:SETTINGS.summary_candidates] if (o := _opening(a)) is not None]
    if not openings:  # the central article's first sentence, whatever it is (a quote that opens a
        # report is still how it opens; the sentences after it may be that quote's next words)
        return title, bare(central.sentences[0].text) if central.sentences else ""
    support = _support(arts, openings)
    order = sorted(range(len(openings)), key=lambda i: (-support[i], (when(openings[i][0].published)
                                                                       or (datetime.max, True))[0], i))
    chosen: list[tuple[Article, Sent]] = []
    for i in order:
        a, o = openings[i]
        if len(chosen) >= SETTINGS.summary_leads or (chosen and support[i] < min(1, support[order[0]])):
            break  # a sentence no other source reports does not fill a place beside one they do
        if all(a.source != b.source and float(o.vec @ p.vec) < SETTINGS.summary_distinct_cos for b, p in chosen):
            chosen.append((a, o))
    chosen.sort(key=lambda x: (when(x[0].published) or (datetime.max, True))[0])
    return title, " ".join(bare(o.text) for _, o in chosen)


def reconcile_story(store, story_id: str) -> list[Finding]:
    """A story's findings, title and lead, stored; read from at most ``reconcile_max_articles`` of
    its articles (``sample.read_ids``)."""
    arts = load_articles(store, read_ids(store, story_id, settings().reconcile_max_articles))
    found = analyse(arts)
    title, lead = title_and_lead(arts)
    store.replace_findings(story_id, title, lead, found)
    return found
