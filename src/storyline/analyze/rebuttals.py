"""Reported rebuttals, read from the parse at analyze time: "X disputed Y's report", "X said the
report was false" — who rebuts, which claim noun, and who owns that claim.

Each claim noun ("report", "allegation") is kept with its owner: its possessor, a name compounded
with it ("the BuzzFeed News report"), the agent of "by"/"from", the subject of its relative clause,
or the subject of the verb that makes it ("the Post published a report"). A rebuttal is a rebutting
verb whose object holds a claim noun, or "<claim noun> was false" said by someone; a negated or
hypothetical one ("did not dispute", "could refute") is not. The rebutter is the subject of the
verb or of a verb a few heads above it. Reconcile (``reconcile.disputes``) pairs each
rebuttal with its claimant ("the report": the last owned claim noun before it) from these stored
values: a sentence is parsed once.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from storyline.analyze.clauses import STOP
from storyline.model import ClaimNoun, Rebuttal

#: verbs that rebut their object when it holds a claim noun ("X denied Y's report")
REBUT_LEMMAS: frozenset[str] = frozenset({
    "deny", "dispute", "reject", "refute", "rebut", "contradict", "dismiss", "challenge"})
#: nouns that name a claim
CLAIM_NOUNS: frozenset[str] = frozenset({
    "report", "story", "article", "claim", "allegation", "accusation", "charge", "account", "assertion",
    "characterization", "description", "attack", "reporting"})
#: "X said the report was false": what a party calls a claim to rebut it
FALSE_WORDS: frozenset[str] = frozenset({
    "false", "untrue", "inaccurate", "baseless", "wrong", "fabricated", "fake", "groundless", "unfounded"})
#: a rebuttal that may happen is not one that did ("could refute the claims at a trial")
HYPOTHETICAL_AUX: frozenset[str] = frozenset({"could", "would", "might", "may", "can", "should", "must"})
#: verbs whose subject owns the claim they make ("the tabloid published a story")
CLAIM_MAKE_LEMMAS: frozenset[str] = frozenset({
    "publish", "report", "make", "file", "level", "write", "air", "run", "print", "break", "bring"})
#: words that name a party's role, not the party ("Mueller's team", "Trump's team"): two
#: reports name the same party when they share a word outside these
PARTY_GENERIC: frozenset[str] = frozenset({
    "team", "office", "spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "statement",
    "campaign", "aide", "official", "representative", "people", "mr.", "ms.", "mrs.", "both"})
#: the rebutter is the subject of the verb or of a verb at most this many heads above it
#: ("the office took the step of releasing a statement disputing …")
REBUTTER_CLIMB = 6
#: determiners that make a claim noun point back ("the report", "these claims")
DEFINITE_DETS: frozenset[str] = frozenset({"the", "this", "that", "these", "those"})
#: dependents of a party's head word that say something about it, not its name
_NOT_NAME_DEPS = frozenset({"appos", "relcl", "acl", "advmod", "npadvmod", "amod", "punct"})


def party_keys(toks: Iterable[Token]) -> frozenset[str]:
    """The words that name a party: its names and nouns, not its role ("team", "office")."""
    return frozenset(w for t in toks if t.pos_ in {"PROPN", "NOUN"}
                     for w in [t.lemma_.lower()] if w not in PARTY_GENERIC and w not in STOP)


def _name(tok: Token) -> list[Token]:
    """A party's name: the words of its phrase without what is said about it (an apposition,
    a relative clause, "now 53") and without a possessive ending ("BuzzFeed", not "BuzzFeed’s")."""
    after = [c.left_edge.i for c in tok.children if c.i > tok.i and c.dep_ in _NOT_NAME_DEPS]
    end = min(after, default=tok.right_edge.i + 1)
    begin = _after_comma(tok)
    return [t for t in tok.subtree if begin <= t.i < end and not (t.dep_ == "case" and t.head.i == tok.i)]


def _after_comma(tok: Token) -> int:
    """Where a phrase's name can start: after a comma before its head word, since a word the
    parse hung on the phrase across a comma ("As such, fact-checkers …") is not part of it."""
    return max((t.i + 1 for t in tok.subtree if t.i < tok.i and t.text == ","), default=tok.left_edge.i)


def _words(doc: Doc, toks: list[Token]) -> str:
    """The text from the first to the last of ``toks`` that is a word (no comma or quote at an end)."""
    toks = [t for t in toks if not (t.is_punct or t.is_space)]
    return doc[toks[0].i:toks[-1].i + 1].text if toks else ""


def _is_claim_noun(t: Token) -> bool:
    return t.lemma_.lower() in CLAIM_NOUNS and t.pos_ == "NOUN"


def owner_of(doc: Doc, n: Token) -> tuple[str | None, frozenset[str]]:
    """Who a claim noun belongs to: its possessor, a name compounded with it, the agent of
    "by"/"from" (on it or on a participle after it), the subject of its relative clause, else the
    subject of the verb that makes it ("the Post published a report")."""
    cands: list[Token] = []
    for c in n.children:
        if c.dep_ == "poss" and c.pos_ != "PRON" or c.dep_ == "compound" and c.pos_ == "PROPN":
            cands.append(c)
        elif c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}:
            cands += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ in {"acl", "relcl"}:
            for g in c.children:
                if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ in {"by", "from"}):
                    cands += [h for h in g.children if h.dep_ == "pobj"]
                elif c.dep_ == "relcl" and g.dep_ == "nsubj" and g.pos_ in {"PROPN", "NOUN"}:
                    cands.append(g)
    if n.dep_ == "dobj" and n.head.lemma_.lower() in CLAIM_MAKE_LEMMAS:  # "the Post published a report"
        cands += [c for c in n.head.children if c.dep_ == "nsubj" and c.pos_ in {"PROPN", "NOUN"}]
    for c in cands:
        if c.dep_ == "compound":  # "the BuzzFeed News report": every name compounded
            toks = [t for t in n.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
            toks = [x for t in toks for x in t.subtree]
            text = _words(doc, toks)
        else:
            toks = list(c.subtree)
            text = _words(doc, _name(c))
        keys = party_keys(toks)
        if keys:
            return text, keys
    return None, frozenset()


def _rebutted(v: Token) -> tuple[list[Token], int] | None:
    """The claim nouns a word rebuts, and from which head up its rebutter is looked for; None
    when it rebuts nothing."""
    if v.pos_ == "VERB" and v.lemma_.lower() in REBUT_LEMMAS:  # "X denied Y's report"
        return [t for o in v.children if o.dep_ == "dobj" for t in o.subtree if _is_claim_noun(t)], 0
    if v.lemma_ == "be" and v.dep_ == "ccomp" and any(  # "X said the report was false"
            c.dep_ == "acomp" and any(w.lemma_.lower() in FALSE_WORDS for w in (c, *c.conjuncts))
            for c in v.children):
        # the rebutter is the one who says it, not the claim itself
        return [c for c in v.children if c.dep_ == "nsubj" and _is_claim_noun(c)], 1
    return None


def read_rebuttals(doc: Doc) -> tuple[tuple[ClaimNoun, ...], tuple[Rebuttal, ...]]:
    """The claim nouns and reported rebuttals of a parsed text, in Doc characters (``sentence`` is
    set later, against the analysis's own sentence list); a rebuttal's ``claim`` indexes the
    claim nouns returned with it."""
    owned: list[ClaimNoun] = []
    for tok in doc:
        if _is_claim_noun(tok):
            owner, keys = owner_of(doc, tok)
            owned.append(ClaimNoun(tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text), tok.idx, -1,
                                   owner, keys, any(c.dep_ == "det" and c.lower_ in DEFINITE_DETS
                                                    for c in tok.children)))
    at = {o.at: i for i, o in enumerate(owned)}
    rebuttals: list[Rebuttal] = []
    for v in doc:
        found = _rebutted(v)
        if found is None or not found[0]:
            continue
        nouns, first = found
        chain = [v]
        while len(chain) <= REBUTTER_CLIMB and chain[-1].head.i != chain[-1].i:
            chain.append(chain[-1].head)
        if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX
               for t in chain[:2] for c in t.children):
            continue  # "did not dispute", "could refute", "was not false"
        subj = next((c for t in chain[first:] for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}
                     and t.pos_ in {"VERB", "AUX", "NOUN"}), None)
        if subj is None or subj.pos_ == "PRON":
            continue
        claims = [at[n.idx] for n in nouns]
        claim = next((i for i in claims if owned[i].owner), claims[0])
        # the subject's words before its verb ("Moore's campaign issued …"), or when it follows
        # its verb ("…,” said Ms. X, who …) the name alone
        rtoks = [t for t in subj.subtree if _after_comma(subj) <= t.i < subj.head.i] if subj.i < subj.head.i else _name(subj)
        rkeys = party_keys(rtoks)
        if rkeys:
            rebuttals.append(Rebuttal(v.idx, v.idx + len(v.text), -1, _words(doc, rtoks), rkeys, claim))
    return tuple(owned), tuple(rebuttals)
