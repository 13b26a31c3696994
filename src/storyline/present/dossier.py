"""The story dossier as plain data: what every front end (terminal, files, API, pages) renders."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from storyline.config import settings
from storyline.model import (
    AgreementFacts,
    ConflictFacts,
    DisputedFacts,
    Evidence,
    EvolvingFacts,
    ExclusiveFacts,
    Finding,
    FindingKind,
    Quantity,
    SyndicatedFacts,
    TimelineFacts,
    VariantFacts,
)
from storyline.names import name_key
from storyline.present.words import (
    counted,
    describe,
    link_label,
    link_name,
    link_why,
    published_note,
    quantity,
    read_note,
    story_summary,
    why,
)
from storyline.reconcile.quoted import bare
from storyline.reconcile.sample import read_ids
from storyline.reconcile.settings import SETTINGS
from storyline.store import Store
from storyline.store.db import AmbiguousId


class NotFound(LookupError):
    """No such story/article/entity; the message says how to find one."""


def _ref(e: Evidence, arts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One piece of evidence: the words, where they are, and the article's outlet, time and URL."""
    art = arts.get(e.article, {})
    return {"article": e.article, "outlet": art.get("outlet") or art.get("source"), "start": e.start,
            "end": e.end, "text": e.text, "anchor": f"a-{e.article}-{e.start}",
            "published": art.get("published"), "url": art.get("url")}


#: a statement a heading can stand on: a sentence of at most this many characters
STATEMENT_CHARS = 400
#: … and a sentence the first screen quotes, of at least this many
STATEMENT_MIN_CHARS = 25


def statement(refs: list[dict[str, Any]], arts: dict[str, dict[str, Any]], first: int = 0) -> str | None:
    """The whole sentence that holds a finding's evidence (``refs[first]`` first, then the others):
    one that starts like a sentence (a capital or a digit, not a quotation mark) and ends with a stop,
    so a heading is never a clause cut out of one ("was found dead in his hotel room")."""
    for r in [*refs[first:first + 1], *refs[:first], *refs[first + 1:]]:
        art = arts.get(r["article"]) or {}
        body = art.get("body") or ""
        for sent in art.get("sentences") or ():
            if sent["start"] <= r["start"] < sent["end"]:
                text = " ".join(body[sent["start"]:sent["end"]].split())
                if (text and len(text) <= STATEMENT_CHARS and (text[0].isupper() or text[0].isdigit())
                        and text[-1] in ".!?\"”’" and len(text.split()) >= 4):
                    return text
                break
    return None


def when(published: str | None) -> datetime | None:
    """A publication time as an aware datetime (a date or naive time is taken as UTC); None if unreadable."""
    if not published:
        return None
    try:
        t = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _interval(published: str | None) -> tuple[datetime, datetime] | None:
    """The span a publication stamp stands for: its minute, or the whole day of a date alone."""
    t = when(published)
    if t is None or published is None:
        return None
    return (t, t + timedelta(days=1)) if len(published) <= 10 else (t, t + timedelta(minutes=1))


def first_reported(refs: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The earliest dated piece of evidence (time zone aware): who reported it first, when, where.

    Reports are ordered by their time; one dated only by its day cannot be ordered against another of
    that day, so they tie: ``outlets`` names every outlet that may have been first, ``tie`` says so."""
    dated = sorted(((span, r) for r in refs if (span := _interval(r.get("published"))) is not None),
                   key=lambda x: (x[0][0], x[0][1]))
    if not dated:
        return None
    (_, end), r = dated[0]
    tied = [x for (s, _), x in dated[1:] if s < end]  # begun before the first one's span ended
    outlets = list(dict.fromkeys(x["outlet"] or "unknown outlet" for x in [r, *tied]))
    by = outlets[0] if len(outlets) == 1 else (
        ", ".join(outlets[:-1]) + f" and {outlets[-1]} (the same day; which was first is not known)")
    return {"outlet": r["outlet"], "outlets": outlets, "tie": len(outlets) > 1, "by": by, "published": r["published"],
            "at": r["published"], "url": r["url"], "article": r["article"], "anchor": r["anchor"],
            "start": r["start"], "end": r["end"]}


def _outlets(refs: Iterable[dict[str, Any]]) -> list[str]:
    return sorted({r["outlet"] or "unknown" for r in refs})


_NAME = re.compile(r"\b[A-Z][a-z]+")


def specificity(anchors: Iterable[str]) -> int:
    """How specific an exclusive is: a number counts 2, a name or place 1, per anchor."""
    return sum(2 if any(c.isdigit() for c in a) else 1 if _NAME.search(a) else 0 for a in anchors)


def _by(found: list[Finding], kind: FindingKind) -> list[Finding]:
    return [f for f in found if f.kind is kind]


def _agreement_rank(f: Finding) -> tuple[int, int]:
    """Most independent outlets first; then the most evidence."""
    outlets = getattr(f.facts, "outlets", 0)
    return -outlets, -len(f.evidence)


def resolve_story(store: Store, story_id: str) -> dict[str, Any]:
    """A story by id or unique prefix (the 's' may be left out)."""
    hits = store.find_story(story_id) or store.find_story("s" + story_id)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise NotFound(f"story id {story_id!r} is ambiguous; give more characters")
    raise NotFound(f"no story {story_id!r}; list them with `storyline report` or GET /api/stories")


def story_row(store: Store, s: dict[str, Any]) -> dict[str, Any]:
    """One line of the story list: counts, outlets, dates."""
    found = store.findings(s["id"])
    count = lambda k: sum(1 for f in found if f.kind is k)  # noqa: E731
    outlets = sorted(store.outlets_of(s["articles"]))
    summary = story_summary(s["summary"], len(s["articles"]), outlets, found)
    return {"id": s["id"], "title": s["title"], "summary": summary, "articles": len(s["articles"]),
            "outlets": outlets, "first_date": s["first_date"], "last_date": s["last_date"],
            "conflicts": count(FindingKind.CONFLICT), "agreements": count(FindingKind.AGREEMENT),
            "exclusives": count(FindingKind.EXCLUSIVE), "variants": count(FindingKind.VARIANT),
            "evolving": count(FindingKind.EVOLVING), "disputed": count(FindingKind.DISPUTED)}


def build(store: Store, story_id: str) -> dict[str, Any]:
    """The whole dossier, every section ranked by weight; :func:`apply` filters and cuts it."""
    s = resolve_story(store, story_id)
    arts = {aid: art for aid in s["articles"] if (art := store.get_article(aid)) is not None}
    found = store.findings(s["id"])
    exclusives = []
    for f in _by(found, FindingKind.EXCLUSIVE):
        ex = f.facts
        assert isinstance(ex, ExclusiveFacts)
        ref = _ref(f.evidence[0], arts)
        exclusives.append({"about": describe(f), "why": why(f), "specificity": specificity(ex.anchors), "first": first_reported([ref]),
                           **ref})
    exclusives.sort(key=lambda r: (-r["specificity"], when(r["published"]) or datetime.max.replace(tzinfo=UTC)))
    variants: list[dict[str, Any]] = []
    for f in _by(found, FindingKind.VARIANT):
        facts = f.facts
        assert isinstance(facts, VariantFacts)
        renderings = [_ref(e, arts) for e in f.evidence]
        for r, e, spans in zip(renderings, f.evidence, facts.differs or [()] * len(renderings), strict=True):
            body = (arts.get(e.article) or {}).get("body") or ""
            r["differs"] = sorted({body[x.start:x.end].lower() for x in spans})
        variants.append({"about": describe(f), "why": why(f), "speaker": facts.speaker, "renderings": renderings,
                         "outlets": len(_outlets(renderings))})
    variants.sort(key=lambda v: -v["outlets"])
    evolving: list[dict[str, Any]] = []
    for f in _by(found, FindingKind.EVOLVING):
        ev = f.facts
        assert isinstance(ev, EvolvingFacts)
        evolving.append({"about": describe(f), "why": why(f), "measure": " · ".join(filter(None, [ev.counted, ev.measure])) or "figure",
                         "series": [{"published": p.published, "value": quantity(p.quantity), "number": p.quantity.value,
                                     **{k: v for k, v in _ref(f.evidence[p.evidence], arts).items() if k != "published"}}
                                    for p in ev.series]})
    evolving.sort(key=lambda f: -len(_outlets(f["series"])))
    disputed: list[dict[str, Any]] = []
    for f in _by(found, FindingKind.DISPUTED):
        dp = f.facts
        assert isinstance(dp, DisputedFacts)
        disputed.append({"about": describe(f), "why": why(f), "claimant": dp.claimant, "rebutter": dp.rebutter, "outlets": dp.outlets,
                         "sides": [_ref(e, arts) for e in f.evidence]})
    disputed.sort(key=lambda f: -f["outlets"])
    timeline = []
    for f in sorted(_by(found, FindingKind.TIMELINE), key=lambda f: getattr(f.facts, "order", 0)):
        t = f.facts
        assert isinstance(t, TimelineFacts)
        timeline.append({"about": describe(f), "why": why(f), "date": t.date, "weekday": t.weekday, "event": t.event, "order": t.order,
                         "evidence": [_ref(e, arts) for e in f.evidence]})
    syndicated = []
    for f in _by(found, FindingKind.SYNDICATED):
        sy = f.facts
        assert isinstance(sy, SyndicatedFacts)
        syndicated.append([{"article": c.article, "outlet": c.outlet} for c in sy.copies])
    agreements = []
    for f in sorted(_by(found, FindingKind.AGREEMENT), key=_agreement_rank):
        ag = f.facts
        assert isinstance(ag, AgreementFacts)
        refs = [_ref(e, arts) for e in f.evidence]
        said = statement(refs, arts, ag.label) if refs else None
        said = bare(said) if said else None  # headed without a live report's entry time or a dateline
        plain = ag.quantity is None and ag.day is None  # headed by what it says, not by a figure or a day
        agreements.append({"about": (said or describe(f)) if plain else describe(f), "why": why(f),
                           "outlets": ag.outlets, "figure": ag.quantity is not None,
                           "key_figure": ag.quantity is not None and _says_what(ag.quantity),
                           "label": refs[ag.label]["text"] if refs else "", "statement": said,
                           "first": first_reported(refs), "evidence": refs})
    conflicts: list[dict[str, Any]] = []
    for f in _by(found, FindingKind.CONFLICT):
        cf = f.facts
        assert isinstance(cf, ConflictFacts)
        sides = [_ref(e, arts) for e in f.evidence]
        conflicts.append({"about": describe(f), "why": why(f), "figure": bool(cf.quantities),
                          "key_figure": any(_says_what(q) for q in cf.quantities), "outlets": len(_outlets(sides)),
                          "sides": sides})
    conflicts.sort(key=lambda c: -c["outlets"])
    articles = sorted(({"id": a["id"], "title": a["title"], "outlet": a["outlet"], "published": a["published"],
                        "published_note": published_note(a.get("published_from")), "source": a["source"],
                        "url": a["url"]} for a in arts.values()),
                      key=lambda a: when(a["published"]) or datetime.max.replace(tzinfo=UTC))
    d: dict[str, Any] = {
        "story": {**{k: s[k] for k in ("id", "title", "first_date", "last_date")},
                  "summary": story_summary(s["summary"], len(s["articles"]), store.outlets_of(s["articles"]), found),
                  "lead": lead_sentences(s["summary"], arts),
                  "read_note": read_note(_read(store, s), len(s["articles"]))},
        "linked": linked_stories(store, s["id"], arts),
        "articles": articles,
        "agreements": agreements,
        "conflicts": conflicts,
        "compatible": [{"about": describe(f), "why": why(f), "sides": [_ref(e, arts) for e in f.evidence]}
                       for f in _by(found, FindingKind.COMPATIBLE)],
        "evolving": evolving,
        "disputed": disputed,
        "variants": variants,
        "exclusives": exclusives,
        "timeline": timeline,
        "syndicated": syndicated,
    }
    d["overview"] = overview(d)
    return d


def _written(arts: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each entity key (``TYPE|name key``) of the articles → the name they write most often."""
    seen: dict[str, Counter[str]] = {}
    for a in arts.values():
        for le in a.get("local_entities", []):
            seen.setdefault(f"{le['type']}|{name_key(le['name'], le['type'])}", Counter())[le["name"]] += 1
    return {k: min(c, key=lambda n: (-c[n], n)) for k, c in seen.items()}


def linked_stories(store: Store, story_id: str, arts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The stories linked to this one (``cluster.links``), strongest first: relation, title, dates, why
    (the shared names as this story's articles write them)."""
    shown = _written(arts)
    out = []
    for k in store.story_links(story_id):
        other_id = k.later if k.earlier == story_id else k.earlier
        found = store.find_story(other_id)
        if not found or found[0]["id"] != other_id:
            continue
        o = found[0]
        out.append({"id": other_id, "title": o["title"], "first_date": o["first_date"], "last_date": o["last_date"],
                    "articles": len(o["articles"]), "relation": k.relation.value,
                    "later": k.earlier == story_id, "day_gap": k.day_gap, "score": k.score, "basis": k.basis.value,
                    "names": [shown.get(n) or link_name(n) for n in k.names], "label": link_label(k, story_id),
                    "size": counted(len(o["articles"]), "article"),
                    "why": link_why(k, shown)})
    return out


#: Each ranked section of the dossier: its finding kind and the key holding its evidence (None: the item is one).
SECTIONS: dict[str, tuple[FindingKind, str | None]] = {
    "conflicts": (FindingKind.CONFLICT, "sides"), "agreements": (FindingKind.AGREEMENT, "evidence"),
    "compatible": (FindingKind.COMPATIBLE, "sides"), "evolving": (FindingKind.EVOLVING, "series"),
    "disputed": (FindingKind.DISPUTED, "sides"), "variants": (FindingKind.VARIANT, "renderings"),
    "exclusives": (FindingKind.EXCLUSIVE, None), "timeline": (FindingKind.TIMELINE, "evidence"),
}


def refs_of(section: str, item: dict[str, Any]) -> list[dict[str, Any]]:
    key = SECTIONS[section][1]
    return [item] if key is None else item[key]


#: Words that open a sentence leaning on an earlier one ("He said …"): weak as a summary's first words.
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _background(text: str, story_year: int | None, years: int) -> bool:
    """A sentence about a year well before the story: background, not what happened."""
    return story_year is not None and any(int(y) < story_year - years for y in _YEAR.findall(text))


def _says_what(q: Quantity) -> bool:
    """Whether a figure says what it measures: a counted thing, what happened to it or the thing a
    modifier measures. A unit alone says how much, not of what: "6%" (of which price, since when?),
    "12 mph", "42 years" (an age, of whom?)."""
    return bool(q.counted or q.measure or q.frame)


def _read(store: Store, s: dict[str, Any]) -> int:
    """How many of a story's articles its findings were read from (``reconcile.sample``)."""
    cap = settings().reconcile_max_articles
    return len(s["articles"]) if cap <= 0 or len(s["articles"]) <= cap else len(read_ids(store, s["id"], cap))


def lead_sentences(lead: str | None, arts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The story's lead (``reconcile.story.title_and_lead``: whole opening sentences most independent
    sources report) as the sentences it joins, each with the article and outlet it comes from, in
    the lead's order; not a quote (a story of one article that opens with one: the page shows its
    stored summary)."""
    found: dict[str, dict[str, Any]] = {}
    for aid, art in arts.items():
        body = art.get("body") or ""
        for row in art.get("sentences", ()) if lead else ():
            text = bare(body[row["start"]:row["end"]])
            if (len(text) >= STATEMENT_MIN_CHARS and text not in found and text in (lead or "")
                    and text[0] not in SETTINGS.quote_marks):  # a quote is no statement the screen opens with
                found[text] = {"text": text, "article": aid, "start": row["start"], "end": row["end"],
                               "outlet": art.get("outlet") or art.get("source"), "published": art.get("published"),
                               "anchor": f"a-{aid}-{row['start']}", "url": art.get("url")}
    return sorted(found.values(), key=lambda x: (lead or "").index(x["text"]))


def _covers(ref: dict[str, Any], x: dict[str, Any]) -> bool:
    return ref["article"] == x["article"] and ref["start"] < x["end"] and x["start"] < ref["end"]


def overview(d: dict[str, Any]) -> dict[str, Any]:
    """The first screen: the story in a few whole sentences, each naming its sources; key figures with
    their state; counts; outlets. The sentences are the story's lead (what most independent sources
    report first), then the statements most outlets agree on; a sentence a reconcile agreement holds
    says how many outlets agree, one that none holds names its outlet."""
    cfg = settings()
    first = d["story"].get("first_date") or ""
    year = int(first[:4]) if first[:4].isdigit() else None
    lead = []
    for x in d["story"].get("lead") or []:
        agree = max((a["outlets"] for a in d["agreements"] if any(_covers(r, x) for r in a["evidence"])), default=1)
        lead.append({"text": x["text"], "outlets": agree, "first": first_reported([x]), "lead": x,
                     "sources": counted(agree, "outlet") if agree > 1 else x["outlet"] or "one outlet"})
    candidates: list[dict[str, Any]] = []
    for a in d["agreements"]:  # already most independent outlets first
        text = bare(a.get("statement") or "")  # a whole sentence of an article, never a clause cut out of one
        if (len(text) < STATEMENT_MIN_CHARS or not (text[0].isupper() or text[0].isdigit()) or a["outlets"] < 2
                or _background(text, year, cfg.background_years) or any(text == x["text"] for x in candidates + lead)
                or any(_covers(r, x["lead"]) for r in a["evidence"] for x in lead)):
            continue
        candidates.append({"text": text, "outlets": a["outlets"], "first": a["first"],
                           "sources": counted(a["outlets"], "outlet")})
    # a sentence that opens with a pronoun leans on one before it: the others first, in rank order
    standalone = [x for x in candidates if x["text"].split()[0].lower() not in SETTINGS.leaning_words]
    leaning = [] if lead else [x for x in candidates if x not in standalone]  # beside a lead: never one that leans
    sentences = (standalone + leaning)[:max(0, cfg.summary_sentences - len(lead))]
    sentences.sort(key=lambda x: candidates.index(x))
    if len(candidates) < cfg.summary_min_statements:
        sentences = []  # one agreement is no summary of a story: the lead alone (or the stored summary)
    sentences = [{k: v for k, v in x.items() if k != "lead"} for x in lead + sentences]
    # a key figure says what it counts: "30" alone (an age in "Martin Bamford, 30, a passenger") is not one
    figures = [{"about": a["about"], "state": "agreed", "outlets": a["outlets"]} for a in d["agreements"]
               if a.get("key_figure")]
    figures += [{"about": c["about"], "state": "disputed", "outlets": c["outlets"]} for c in d["conflicts"]
                if c.get("key_figure")]
    figures += [{"about": e["about"], "state": "evolving", "outlets": len(_outlets(e["series"]))} for e in d["evolving"]]
    figures.sort(key=lambda x: -x["outlets"])
    outlets: dict[str, dict[str, Any]] = {}
    for a in d["articles"]:  # in publication order: the first seen is the first published
        o = outlets.setdefault(a["outlet"] or "unknown", {"outlet": a["outlet"] or "unknown", "articles": 0,
                                                          "first_published": a["published"], "url": a["url"]})
        o["articles"] += 1
    return {"sentences": sentences, "figures": figures[:cfg.summary_figures],
            "counts": {name: len(d[name]) for name in SECTIONS} | {"syndicated": len(d["syndicated"])},
            "outlets": list(outlets.values())}


@dataclass(frozen=True)
class DossierFilter:
    """What a reader asked to see: finding kinds, outlets, a minimum of outlets, a date range, a length.

    ``limit`` is the findings kept per section (0: all); ``since``/``until`` are ISO dates compared with
    each piece of evidence's publication date (the event date for the timeline)."""

    kinds: frozenset[FindingKind] = field(default_factory=frozenset)
    outlets: frozenset[str] = field(default_factory=frozenset)
    min_outlets: int = 0
    since: str | None = None
    until: str | None = None
    limit: int | None = None  # None: the configured section limit

    def query(self) -> dict[str, Any]:
        """The filter as URL query parameters (the state of a page, to share or to page on)."""
        q: dict[str, Any] = {}
        if self.kinds:
            q["kind"] = sorted(k.value for k in self.kinds)
        if self.outlets:
            q["outlet"] = sorted(self.outlets)
        for k in ("min_outlets", "since", "until"):
            if getattr(self, k):
                q[k] = getattr(self, k)
        if self.limit is not None:
            q["limit"] = self.limit
        return q


KINDS = tuple(k.value for k, _ in SECTIONS.values())


def make_filter(kinds: Iterable[str] = (), outlets: Iterable[str] = (), min_outlets: int | str | None = None,
                since: str | None = None, until: str | None = None, limit: int | str | None = None) -> DossierFilter:
    """A filter from what a reader typed (blank fields of a form mean "any"); ValueError says what is wrong."""
    bad = [k for k in kinds if k and k not in KINDS]
    if bad:
        raise ValueError(f"unknown finding kind {bad[0]!r}: use one of {', '.join(KINDS)}")
    for name, day in (("since", since), ("until", until)):
        if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {day!r}")
    return DossierFilter(kinds=frozenset(FindingKind(k) for k in kinds if k),
                         outlets=frozenset(o for o in outlets if o), min_outlets=int(min_outlets or 0),
                         since=since or None, until=until or None,
                         limit=None if limit in (None, "") else int(limit))


def _in_range(day: str | None, f: DossierFilter) -> bool:
    if not (f.since or f.until):
        return True
    if not day:
        return False
    day = day[:10]
    return (not f.since or day >= f.since) and (not f.until or day <= f.until)


def _keeps(section: str, item: dict[str, Any], f: DossierFilter) -> bool:
    refs = refs_of(section, item)
    if f.outlets and not any((r["outlet"] or "unknown") in f.outlets for r in refs):
        return False
    outlets = item["outlets"] if isinstance(item.get("outlets"), int) else len(_outlets(refs))
    if outlets < f.min_outlets:
        return False
    if section == "timeline":
        return _in_range(item["date"], f)
    return any(_in_range(r.get("published"), f) for r in refs)


def apply(d: dict[str, Any], f: DossierFilter) -> dict[str, Any]:
    """The dossier as the filter asks: sections of other kinds emptied, findings that fail it dropped, and
    each section cut to the limit; ``more`` says how many each section left out, ``total`` how many matched."""
    limit = settings().dossier_section_limit if f.limit is None else f.limit
    out = dict(d)
    more: dict[str, int] = {}
    total: dict[str, int] = {}
    for section, (kind, _) in SECTIONS.items():
        items = [] if f.kinds and kind not in f.kinds else [x for x in d[section] if _keeps(section, x, f)]
        total[section] = len(items)
        if limit and len(items) > limit:
            more[section] = len(items) - limit
            items = items[:limit]
        out[section] = items
    out["more"], out["total"], out["filter"] = more, total, f.query()
    return out


def largest_story(store: Store) -> str | None:
    top = store.list_stories(limit=1, offset=0)
    return top[0]["id"] if top else None


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article with its quotes, claims, entities and time references, for pages and the API."""
    try:
        full = store.resolve_id(article_id)
    except AmbiguousId as exc:  # a 404 that lists the candidates, as for an unknown id
        raise NotFound(str(exc)) from exc
    art = store.get_article(full) if full else None
    if art is None:
        raise NotFound(f"no article {article_id!r}; list them with `storyline articles` or GET /api/articles")
    ents = {le["idx"]: le for le in art["local_entities"]}
    return {
        "id": art["id"], "title": art["title"], "outlet": art["outlet"], "published": art["published"],
        "published_note": published_note(art.get("published_from")), "authors": art["authors"], "source": art["source"], "url": art["url"], "body": art["body"],
        "paragraphs": [{"start": p["start"], "end": p["end"]} for p in art["paragraphs"]],
        "sentences": [{"start": s["start"], "end": s["end"]} for s in art["sentences"]],
        "quotes": [{k: q[k] for k in ("start", "end", "text", "kind", "cue", "speaker", "speaker_entity")}
                   for q in art["quotes"]],
        "claims": [{k: c[k] for k in ("start", "end", "value", "unit", "qualifier", "counted", "claimant",
                                      "claimant_entity")} for c in art["claims"]],
        "time_refs": [{k: t[k] for k in ("start", "end", "text", "resolved", "precision", "weekday")}
                      for t in art["time_refs"]],
        "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"], "label": m["label"],
                      "entity": (ents.get(m["local_entity"]) or {}).get("entity_id")} for m in art["mentions"]],
    }


def entity_view(store: Store, entity_id: str) -> dict[str, Any]:
    ent = store.entity(entity_id)
    if ent is None:
        raise NotFound(f"no entity {entity_id!r}; list them with GET /api/entities")
    quotes = store.quotes_by_entity(ent["id"])
    return {**ent, "quotes": quotes, "articles": sorted({q["article_id"] for q in quotes} | set(store.entity_articles(ent["id"])))}
