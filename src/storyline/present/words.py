"""The words about a finding: reconcile gives typed facts, only present/ writes prose."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from storyline.config import settings
from storyline.model import (
    VALUE_MEASURE,
    AgreementFacts,
    Bound,
    CompatibleFacts,
    ConflictFacts,
    Day,
    DisputedFacts,
    EvolvingFacts,
    ExclusiveFacts,
    Finding,
    FindingKind,
    LinkBasis,
    LinkRelation,
    Quantity,
    StoryLink,
    SyndicatedFacts,
    TimelineFacts,
    VariantFacts,
)
from storyline.reconcile.settings import SETTINGS

UNIT_WORDS = {"%": "%"}  # currencies: their sign before the number (CURRENCY_SIGNS)


def is_short(body: str) -> bool:
    """Whether an article is short: a one-line summary or a wire flash (``short_article_words``)."""
    return len(body.split()) < settings().short_article_words


def published_note(published_from: str | None) -> str | None:
    """What a reader must know of a publication time: none for the page's own, a warning for a
    WARC capture time (the day the page was fetched, not the day it was published)."""
    return "capture time: when the page was fetched, not when it was published" if published_from == "crawl" else None


def counted(n: int, noun: str) -> str:
    """"1 article", "3 articles"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def story_summary(lead: str | None, articles: int, outlets: Iterable[str | None],
                  found: Sequence[Finding]) -> str | None:
    """A story's one-line summary: the lead sentence of its most central article (as reconcile
    chose it), how many articles from which outlets, and its counts of agreements, conflicts and
    exclusives."""
    if lead is None:
        return None
    count = lambda k: sum(1 for f in found if f.kind is k)  # noqa: E731
    names = sorted({o or "unknown outlet" for o in outlets})
    return (f"{lead} — {counted(articles, 'article')} from {', '.join(names)}; "
            f"{count(FindingKind.AGREEMENT)} agreements, {count(FindingKind.CONFLICT)} conflicts, "
            f"{count(FindingKind.EXCLUSIVE)} exclusives.")


#: decimals a figure is written with at most ("$10,097.58", "0.63")
NUMBER_DECIMALS = 2
#: currencies written with their sign before the number ("$7,348", "£4,250")
CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€"}


def read_note(read: int, articles: int) -> str | None:
    """What a story's findings were read from, when not all of its articles (``reconcile.sample``)."""
    if read >= articles:
        return None
    return (f"Findings read from {read:,} of {articles:,} articles: each outlet's first and latest report, "
            "and reports spread over the story's time.")


#: large round numbers said in words, as reporters write them: "143 million", "2.5 billion"
LARGE_NUMBER_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(v: float, cents: bool = False) -> str:
    """"10,097.58", "143 million", "0.63": thousands separated, at most ``NUMBER_DECIMALS`` decimals
    (``cents``: a sum of money, all of them: "41.20"); a large number that is a round count of
    millions (to a tenth) in words."""
    for size, name in LARGE_NUMBER_WORDS:
        if abs(v) >= size and round(v / size, 1) * size == v:
            return f"{number(round(v / size, 1))} {name}"
    if v == int(v):
        return f"{v:,.0f}"
    written = f"{v:,.{NUMBER_DECIMALS}f}"
    return written if cents else written.rstrip("0").rstrip(".")


#: units said as words, counted: "20 years", "one day"
TIME_UNITS = frozenset({"day", "week", "month", "year", "hour", "minute", "second"})


def quantity(q: Quantity) -> str:
    """"more than 400 people", "30–40 km", "about 2,000", "20 years"."""
    unit = UNIT_WORDS.get(q.unit or "", f" {q.unit}" if q.unit else "")
    if q.unit in TIME_UNITS:
        unit = " " + plural(q.unit, q.high if q.high is not None else q.value)
    sign = CURRENCY_SIGNS.get(q.unit or "")
    if q.bound is Bound.RANGE and q.high is not None:
        core = (f"{sign}{number(q.value, True)}–{sign}{number(q.high, True)}" if sign
                else f"{number(q.value)}–{number(q.high)}{unit}")
    elif q.bound is Bound.SCALE:
        core = q.qualifier or number(q.value)
        return core if not q.counted else f"{core} of {q.counted}"
    elif sign:
        core = " ".join(filter(None, [q.qualifier, sign + number(q.value, True)]))
    else:
        core = " ".join(filter(None, [q.qualifier, number(q.value) + unit]))
    return core


#: English past participles that do not end in -ed (the regular ones are made by rule)
IRREGULAR_PARTICIPLES = {
    "take": "taken", "bring": "brought", "hold": "held", "find": "found", "lose": "lost", "leave": "left",
    "hit": "hit", "hurt": "hurt", "shoot": "shot", "strike": "struck", "steal": "stolen", "give": "given",
    "keep": "kept", "build": "built", "send": "sent", "spend": "spent", "sell": "sold", "buy": "bought",
    "win": "won", "beat": "beaten", "fall": "fallen", "rise": "risen", "freeze": "frozen", "bite": "bitten",
    "drive": "driven", "fly": "flown", "flee": "fled", "see": "seen", "say": "said", "tell": "told",
    "make": "made", "break": "broken", "choose": "chosen", "catch": "caught", "put": "put", "cut": "cut",
    "set": "set", "pay": "paid", "lead": "led", "feed": "fed", "meet": "met", "sink": "sunk", "run": "run",
    "write": "written", "eat": "eaten", "bear": "borne", "wear": "worn", "tear": "torn", "swear": "sworn",
    "seek": "sought", "teach": "taught", "think": "thought", "fight": "fought", "grow": "grown",
    "throw": "thrown", "know": "known", "show": "shown", "draw": "drawn", "forgive": "forgiven"}
#: English plurals that are not made by rule
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet",
                     "tooth": "teeth", "mouse": "mice", "people": "people", "police": "police", "staff": "staff",
                     "crew": "crew", "aircraft": "aircraft", "sheep": "sheep", "fish": "fish", "series": "series"}


def participle(verb: str) -> str:
    """"kill" → "killed", "injure" → "injured", "take" → "taken", "stop" → "stopped"."""
    if verb in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    if (len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou"
            and len(verb) <= 4):
        return verb + verb[-1] + "ed"  # "stop" → "stopped"; longer verbs ("happen") are stressed before
    return verb + "ed"


def plural(noun: str, n: float) -> str:
    """The noun for ``n`` of it: "member" → "members", "person" → "people", one "member"."""
    if n == 1 or not noun or " " in noun or noun[:1].isupper() or not any(ch in "aeiouy" for ch in noun):
        return noun  # a name ("Route") or an abbreviation ("mph", "km") has no plural made by rule
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def figure_label(q: Quantity) -> str:
    """A figure as a reader says it: what happened, then how many of what — "killed: at least 84
    people", "rescued: 23 members", "weight of the truck: 19 t"; without a known measure, the value and
    what it counts."""
    if q.unit and q.counted:  # a measure of a thing: "a 19-ton truck", "300 tonnes of fuel oil"
        if not q.measure:
            return f"{q.counted}: {quantity(q)}"
        value = f"{quantity(q)} of {q.counted}"
    else:
        what = plural(q.counted or "", q.value) if q.counted else ""
        if q.frame and q.counted and q.frame != q.counted:
            what = f"{what} of the {q.frame}"
        value = " ".join(filter(None, [quantity(q), what]))
    if q.measure:
        words = q.measure.split()  # "seriously injure": the degree, then the outcome
        return f"{' '.join([*words[:-1], participle(words[-1])])}: {value}"
    return value


def thing(q: Quantity) -> str:
    """What a figure counts, and what happened to it: "people killed", "page of the indictment"."""
    counted = f"{q.counted} of the {q.frame}" if q.counted and q.frame and q.frame != q.counted else q.counted
    if q.measure:
        words = q.measure.split()
        return " ".join(filter(None, [counted, *words[:-1], participle(words[-1])]))
    return counted or "figure"


def day(d: Day) -> str:
    return f"“{d.text}”" + (f" ({d.date})" if d.date and d.date not in d.text else "")


def describe(f: Finding) -> str:
    """One line on what a finding is about."""
    x = f.facts
    if isinstance(x, AgreementFacts):
        if x.quantity is not None:
            return figure_label(x.quantity)
        if x.day is not None:  # the day and a sentence that names it, not a lemma ("run on Tuesday")
            return f"{x.day.text}: {_sentence(f, _fitting(f, x.label), HEADING_WHOLE_CHARS)}" if f.evidence else x.day.text
        return _sentence(f, x.label)
    if isinstance(x, ConflictFacts):
        if x.quantities:
            return f"{thing(x.quantities[0])}: " + " vs ".join(quantity(q) for q in x.quantities)
        event = next((d.event for d in x.days if d.event), None)
        if any(d.clock for d in x.days):
            return "time of day: " + " vs ".join(f"“{d.text}”" for d in x.days)
        return f"day of the {event or 'event'}: " + " vs ".join(day(d) for d in x.days)
    if isinstance(x, CompatibleFacts):
        return f"{thing(x.quantities[0])}: " + " vs ".join(quantity(q) for q in x.quantities)
    if isinstance(x, EvolvingFacts):
        if x.measure == VALUE_MEASURE:  # the value of a named thing: "bitcoin over time: $10,097.58 → $7,348"
            return f"{x.counted or 'value'} over time: " + " → ".join(quantity(p.quantity) for p in x.series)
        what = (" ".join(filter(None, [x.population, plural(x.counted or "", 2) if x.counted else "people" if x.measure else "",
                                       participle(x.measure.split()[-1]) if x.measure else ""])) or "figure")
        return f"{what} over time: " + " → ".join(quantity(p.quantity) for p in x.series)
    if isinstance(x, DisputedFacts):
        return f"{x.claimant or 'a claim'} — disputed by {x.rebutter or 'another party'}"
    if isinstance(x, VariantFacts):
        return f"{x.speaker or 'Unattributed'}: “{f.evidence[0].text[:80]}”" if f.evidence else (x.speaker or "")
    if isinstance(x, ExclusiveFacts):
        return ", ".join(x.anchors)
    if isinstance(x, SyndicatedFacts):
        return "one text under " + ", ".join(sorted({c.outlet or "?" for c in x.copies}))
    if isinstance(x, TimelineFacts):  # what a reporter wrote of that day, not the lemma of its verb ("occur")
        return (f"{x.date or x.weekday}: {_sentence(f, _fitting(f, 0), HEADING_WHOLE_CHARS)}" if f.evidence
                else f"{x.date or x.weekday}")
    return ""


#: A heading quotes at most this many characters of its sentence …
HEADING_CHARS = 160
#: … or a whole sentence up to this many, where every sentence of the finding tells the same day
HEADING_WHOLE_CHARS = 200


def _fitting(f: Finding, i: int) -> int:
    """The evidence sentence to head a finding whose every sentence tells one day: the ``i``-th, or,
    when it is too long to quote whole, the shortest that is not (a cut sentence is no statement)."""
    folded = [len(" ".join(e.text.split())) for e in f.evidence]
    if not folded or folded[min(i, len(folded) - 1)] <= HEADING_WHOLE_CHARS:
        return i
    shortest = min(range(len(folded)), key=lambda n: folded[n])
    return shortest if folded[shortest] <= HEADING_WHOLE_CHARS else i


def _sentence(f: Finding, i: int, whole: int = HEADING_CHARS) -> str:
    """The ``i``-th evidence text of a finding, whitespace folded: whole up to ``whole`` characters,
    else cut at a word within ``HEADING_CHARS``."""
    if not f.evidence:
        return ""
    text = " ".join(f.evidence[min(i, len(f.evidence) - 1)].text.split())
    if len(text) <= whole:
        return text
    return text[:HEADING_CHARS].rsplit(" ", 1)[0] + " …"


def _outlets(n: int) -> str:
    return f"{n} independent outlet{'s' if n != 1 else ''}"


def why(f: Finding) -> str:
    """Why the finding was made, in the terms the method used: the values compared, the similarity
    of the words, the number of independent outlets. Nothing more certain than the method can know."""
    x = f.facts
    if isinstance(x, AgreementFacts):
        if x.quantity is not None:
            return (f"the same figure ({quantity(x.quantity)}) for the same counted thing, after unit conversion and "
                    f"rounding, in {_outlets(x.outlets)}")
        if x.day is not None:
            return f"the same day for the same event in {_outlets(x.outlets)}"
        alike = f"; the least alike pair at cosine {x.similarity:.2f}" if x.similarity is not None else ""
        return (f"clauses of the same meaning (sentence vectors and shared specific words) in "
                f"{_outlets(x.outlets)}{alike}; an automatic match, read the evidence")
    if isinstance(x, ConflictFacts):
        holders = {q.holder for q in x.quantities}
        if x.quantities and len(holders) == 1 and None not in holders:  # the values of one named thing
            return (f"values compared: {' vs '.join(quantity(q) for q in x.quantities)}, each given for "
                    f"{x.quantities[0].holder} by name, in reports published within {SETTINGS.same_time_hours:g} h "
                    "of each other; they cannot both be true")
        if x.quantities:
            return (f"values compared: {' vs '.join(quantity(q) for q in x.quantities)}, for the same counted "
                    f"thing in reports published within {SETTINGS.same_time_hours:g} h of each other; no bound or "
                    "rounding makes them both true")
        if any(d.clock for d in x.days):
            return (f"times compared: {' vs '.join(d.text for d in x.days)}, given as exact times in very alike sentences "
                    f"of reports of about the same time, {SETTINGS.clock_conflict_minutes} minutes or more apart")
        return f"days compared: {' vs '.join(day(d) for d in x.days)}, for one event in reports of about the same time"
    if isinstance(x, CompatibleFacts):
        return (f"values compared: {' vs '.join(quantity(q) for q in x.quantities)}; they differ but a bound, an "
                "approximation or rounding lets both be true")
    if isinstance(x, EvolvingFacts):
        return (f"{len(x.series)} reports of one figure in publication order, each later one different: a figure "
                "that changed over time, not a contradiction")
    if isinstance(x, DisputedFacts):
        return (f"a claim and its rebuttal inside the reporting, carried by {_outlets(x.outlets)}; storyline does "
                "not judge who is right")
    if isinstance(x, VariantFacts):
        alike = f" (the least alike pair at cosine {x.similarity:.2f})" if x.similarity is not None else ""
        return f"renderings of one utterance by the same speaker or with the same words{alike}; differing words marked"
    if isinstance(x, ExclusiveFacts):
        return "names or figures no independent outlet of this story gives"
    if isinstance(x, SyndicatedFacts):
        common = f", {x.shared:.0%} of the shorter text printed by another" if x.shared is not None else ""
        return f"{len(x.copies)} copies of one text (near-identical sentences{common}): counted as one source"
    if isinstance(x, TimelineFacts):
        return f"a time expression resolved against the publication date ({x.precision})"
    return ""


#: A linked story's shared names shown in the "why" line.
LINK_NAMES_SHOWN = 4
#: A one-word organisation name this short is an acronym ("fbi" → "FBI").
ACRONYM_CHARS = 4


def link_name(key: str) -> str:
    """An entity key (``TYPE|lower-case name``) as a name to read."""
    kind, _, name = key.partition("|")
    if kind != "PERSON" and " " not in name and len(name) <= ACRONYM_CHARS:
        return name.upper()
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def link_label(link: StoryLink, this_id: str) -> str:
    """What the linked story is to this one: "follow-up, 21 days later", "earlier event, …", "same days"."""
    if link.relation is LinkRelation.PARALLEL:
        return "same days"
    gap = f", {_days(link.day_gap)} {'later' if link.earlier == this_id else 'before'}" if link.day_gap is not None else ""
    return ("follow-up" if link.earlier == this_id else "earlier event") + gap


def link_why(link: StoryLink, shown: dict[str, str] | None = None) -> str:
    """Why two stories are linked (``shown``: how the articles write each entity key, when known)."""
    names = [(shown or {}).get(k) or link_name(k) for k in link.names[:LINK_NAMES_SHOWN]]
    more = f" and {len(link.names) - len(names)} more" if len(link.names) > len(names) else ""
    if link.basis is LinkBasis.SCORER:
        named = f"; both name {', '.join(names)}{more}" if names else ""
        return (f"a single article the story scorer places close to the other story ({link.score:.0%} likely to "
                f"report its event, short of joining it){named}")
    return (f"both stories name {', '.join(names)}{more} (rare names most of each story's articles carry; "
            f"{link.score:.0%} of the names that set the smaller story apart)")
