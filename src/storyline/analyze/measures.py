"""What a figure is a figure of, read from the parse around its number at analyze time.

``measure_of`` says what happened to the counted thing ("30 people were killed" → kill) or which
noun phrase the figure is the value of ("the death toll rose to 77" → death toll); ``frame_of``
which noun a counted modifier measures ("a 48-page indictment" → indictment). Reconcile compares
two figures only when these agree; they are computed here once, from the article's one parse, and
stored with the claim.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parse's types only: the reconcile settings read this module's word lists without spaCy
    from spacy.tokens import Span, Token

#: predicates that name one outcome ("dead", "died", "killed" are one measure)
MEASURE_SAME = {"dead": "kill", "die": "kill", "death": "kill", "wound": "injure", "hurt": "injure",
                "injured": "injure", "wounded": "injure", "missing": "miss"}
#: verbs of saying and light verbs: what a claimant did, never what happened to the counted thing
MEASURELESS_LEMMAS: frozenset[str] = frozenset({
    "say", "tell", "add", "state", "remark", "claim", "announce", "write", "post", "report", "note", "be",
    "have", "do", "make", "come", "go", "get", "expect", "express", "call", "ask", "urge", "accord"})


#: nouns that name the value of a thing rather than the thing: "the price of bitcoin", "oil prices"
#: → bitcoin, oil (what the figure is the value of)
VALUE_NOUNS: frozenset[str] = frozenset({"price", "value", "valuation", "worth", "cost"})
#: how far up a chain of clauses that share one subject the holder of a value is looked for
#: ("the price yo-yoed, falling to $5,920 before bouncing back to $7,265": both are the price's)
SHARED_SUBJECT_STEPS = 4
_SHARES_SUBJECT = {"advcl", "xcomp", "conj", "pcomp", "prep", "advmod", "prt"}


def _compound(t: Token) -> list[str]:
    """A compound's words with its own compounds ("Kestrel Lines shares" → kestrel, lines)."""
    return [w for c in t.children if c.dep_ == "compound" and c.i < t.i for w in _compound(c)] + [t.lower_]


def _noun_phrase(t: Token) -> str:
    """A noun phrase as a key: its compounds and head ("death toll"; a name as written: "kestrel
    lines"), a value noun read as the thing it is the value of ("the price of bitcoin", "bitcoin
    prices" → bitcoin) and a named owner put first ("shares of Kestrel Lines", "shares in Kestrel
    Lines" → kestrel lines share, as "Kestrel Lines shares")."""
    mods = [w for c in t.children if c.dep_ == "compound" and c.i < t.i for w in _compound(c)]
    head = t.lower_ if t.pos_ == "PROPN" else t.lemma_.lower()
    of = [o for p in t.children if p.dep_ == "prep" and p.lower_ in {"of", "in"}
          for o in p.children if o.dep_ == "pobj" and o.pos_ in {"NOUN", "PROPN"}]
    if head in VALUE_NOUNS:
        if of and of[0].head.lower_ == "of":
            return _noun_phrase(of[0])
        if mods:
            return " ".join(mods)
    if of and not mods and of[0].pos_ == "PROPN":
        return f"{_noun_phrase(of[0])} {head}"
    return " ".join(mods + [head])


def _subject(v: Token) -> Token | None:
    """The noun subject of a verb, or of the clause it continues without a subject of its own
    ("…, falling 14% to $5,920 before bouncing back to $7,265" → the main clause's subject), or
    the noun a participle clause modifies ("the price of bitcoin, falling to $5,920")."""
    for _ in range(SHARED_SUBJECT_STEPS):
        subj = [c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return subj[0] if subj[0].pos_ in {"NOUN", "PROPN"} else None
        if v.dep_ == "acl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head  # "the price …, falling to $5,920": the noun the clause modifies
        if v.dep_ not in _SHARES_SUBJECT or v.head.i == v.i:
            return None
        v = v.head
    return None


#: what can happen to people or things counted as its object, so that the object undergoes it ("the
#: gunman killed 58 people", "the breach affected 143 million customers"); the object of any other
#: active verb names the claimant's act ("occupies a fifth")
OUTCOME_LEMMAS: frozenset[str] = frozenset({
    "kill", "injure", "wound", "hurt", "arrest", "detain", "charge", "evacuate", "rescue", "free", "release",
    "displace", "strand", "trap", "infect", "affect", "hospitalize", "hospitalise", "expose", "sicken"})
#: verbs that say how sure a report is of what happened, not what happened: "confirmed dead",
#: "feared killed", "believed to have died" measure the death, not the confirming
EPISTEMIC_LEMMAS: frozenset[str] = frozenset({
    "confirm", "fear", "believe", "presume", "think", "know", "declare", "list", "understand", "estimate"})
#: how an epistemic verb attaches what it is sure of ("confirmed as having died", "feared dead")
_STATED = {"xcomp", "oprd", "acomp", "advcl", "ccomp", "pcomp"}


def _stated(v: Token) -> Token | None:
    """What an epistemic verb says happened: its complement verb or adjective, through a preposition
    ("confirmed as having died" → died)."""
    for c in v.children:
        if c.dep_ in _STATED and c.pos_ in {"VERB", "ADJ"}:
            return c
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ in {"pcomp", "pobj"} and g.pos_ in {"VERB", "ADJ"}:
                    return g
    return None


#: adverbs of degree that make another measure of an outcome: "four were seriously injured" is not
#: a count of the injured
DEGREE_ADVERBS: frozenset[str] = frozenset({
    "seriously", "critically", "severely", "badly", "gravely", "slightly", "lightly", "fatally", "mortally",
    "moderately", "minor"})


def _verb_measure(v: Token) -> str | None:
    if v.pos_ in {"VERB", "ADJ"} and v.lemma_.lower() not in MEASURELESS_LEMMAS:
        lemma = v.lemma_.lower()
        if lemma in EPISTEMIC_LEMMAS and (said := _stated(v)) is not None:
            return _verb_measure(said)
        degree = [c.lower_ for c in v.children if c.dep_ == "advmod" and c.lower_ in DEGREE_ADVERBS]
        return " ".join(degree[:1] + [MEASURE_SAME.get(lemma, lemma)])
    if v.lemma_.lower() == "be":  # "five people are dead": the state the copula gives them
        state = [c for c in v.children if c.dep_ in {"acomp", "attr"} and c.pos_ in {"ADJ", "VERB"}]
        if state and state[0].lemma_.lower() not in MEASURELESS_LEMMAS:
            return MEASURE_SAME.get(state[0].lemma_.lower(), state[0].lemma_.lower())
    return None


def _undergoes(t: Token) -> bool:
    """Whether ``t`` is what its predicate happened to: the subject of a passive ("30 people were
    killed") or of a verb with no object ("30 people died"). The object of an active verb
    ("occupies a fifth", "controls a fifth") names the claimant's act, not a measure of the thing."""
    gov = t.head
    if t.dep_ == "nsubjpass" or (t.dep_ == "dobj" and gov.lemma_.lower() in OUTCOME_LEMMAS):
        return True
    if t.dep_ == "nsubj" and gov.lemma_.lower() == "be":  # "five people are dead": a state of the subject
        return any(c.dep_ == "acomp" for c in gov.children)
    return t.dep_ == "nsubj" and gov.pos_ == "VERB" and not any(c.dep_ in {"dobj", "attr", "ccomp", "xcomp"}
                                                                for c in gov.children)


def _left_in(v: Token) -> str | None:
    """The outcome a verb leaves its object in, named by its object predicate: "left 50 people dead",
    "left 200 injured" → kill, injure (only outcomes of ``MEASURE_SAME``, so "left them happy" is none)."""
    for c in v.children:
        word = next((w for w in (c.lemma_.lower(), c.lower_) if w in MEASURE_SAME), None)
        if c.dep_ in {"oprd", "ccomp", "xcomp"} and word is not None:
            return MEASURE_SAME[word]
    return None


def measure_of(tok: Token) -> tuple[str | None, str | None]:
    """(counted, measure) read from the parse around a number token: "30 people were killed" →
    (None, kill) (the counted noun is the claim's own), "the death toll rose to 77" → (death toll,
    None), "30 dead" → (None, kill), "killed 30" → (None, kill)."""
    x = tok
    while x.dep_ in {"compound", "quantmod", "nummod"} and x.head.pos_ == "NUM" and x.head.i != x.i:
        x = x.head
    head = x.head if x.head.i != x.i else None
    if head is None:
        return None, None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in x.children):
        return None, None  # "four of whom were injured": a part of a group counted elsewhere
    if x.dep_ in {"nummod", "amod", "compound", "quantmod"} and head.pos_ in {"NOUN", "PROPN"}:
        noun = head
        for c in noun.children:
            if c.dep_ in {"amod", "acl"} and c.i != x.i and c.tag_ in {"VBN", "JJ"}:
                m = _verb_measure(c)
                if m is not None and c.lemma_.lower() in MEASURE_SAME or c.tag_ == "VBN":
                    return None, m
        if noun.head.i != noun.i and _undergoes(noun):
            return None, _verb_measure(noun.head)
        if noun.dep_ == "dobj" and (state := _left_in(noun.head)) is not None:
            return None, state  # "left at least 50 people dead": the state the object was left in
        return None, None
    if head.pos_ == "ADJ":  # "30 dead", "12 missing"
        return None, _verb_measure(head)
    if _undergoes(x):
        return None, _verb_measure(head)
    if x.dep_ == "pobj" and head.dep_ == "prep":  # "rose to 77", "a toll of 77"
        gov = head.head
        if gov.pos_ in {"NOUN", "PROPN"}:
            return _noun_phrase(gov), None
        if (subj := _subject(gov)) is not None:
            return _noun_phrase(subj), None
    return None, None


def frame_of(tok: Token) -> str | None:
    """The noun a counted modifier measures, with what it is of: "a 48-page indictment" →
    indictment, "a 13-month extension of unemployment insurance" → extension of insurance; None
    when the counted noun is not a modifier."""
    x = tok
    while x.dep_ in {"compound", "quantmod", "nummod"} and x.head.pos_ == "NUM" and x.head.i != x.i:
        x = x.head
    noun = x.head
    if noun.i == x.i or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    if noun.dep_ in {"compound", "amod", "nmod"} and noun.head.i != noun.i and noun.head.pos_ in {"NOUN", "PROPN"}:
        thing = noun.head
        # "a 13-month extension of unemployment insurance" and "a two-year extension of tax cuts" are two things
        of = [o.lemma_.lower() for p in thing.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        return " of ".join([thing.lemma_.lower(), *of[:1]])
    return None


def number_token(span: Span) -> Token | None:
    """The first number token of a claim's span ("more than 400" → 400)."""
    return next((t for t in span if t.like_num or t.pos_ == "NUM"), None)


def measure_facts(span: Span | None) -> tuple[str | None, str | None, str | None]:
    """(measured, measure, frame) of the figure a claim span states; all None without a number token."""
    tok = number_token(span) if span is not None else None
    if tok is None:
        return None, None, None
    measured, measure = measure_of(tok)
    return measured, measure, frame_of(tok)
