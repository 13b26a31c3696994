"""Who says it: the source a sentence attributes a quote or a number to, from the parse.

Order of evidence: an explicit "according to X"; the nearest speech verb that governs the target
(its subject, climbing through participles and conjuncts: "…, stating that …"); a speech verb
elsewhere in the sentence; a name right beside the verb ("said Yurii Belousov"). Subjects that are
pronouns or role descriptions resolve through the document's entities.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.analyze.coref import ROLE_WORDS
from storyline.analyze.entities import ORG_NOUNS, DocEntities
from storyline.names import TITLES

SPEECH_VERBS = {
    "say", "tell", "add", "state", "remark", "claim", "announce", "write", "post", "insist", "warn", "note",
    "call", "describe", "declare", "accuse", "urge", "ask", "explain", "argue", "suggest", "express",
    "mention", "reply", "respond", "assert", "report", "confirm", "deny", "caution", "acknowledge", "admit",
    "tweet", "predict", "promise", "pledge", "vow", "demand", "stress", "emphasize", "emphasise", "indicate",
    "conclude", "comment", "observe", "recall", "estimate", "counter", "concede", "complain", "threaten",
    "testify", "reiterate", "dub", "label", "term", "quote", "allege", "maintain", "contend",
    "tout", "praise", "boast", "lament", "blame", "hail", "brand", "characterize", "characterise", "share",
    "publish", "order", "instruct", "propose", "agree", "signal", "hint", "inform", "brief", "exclaim",
    "continue", "press", "shout", "yell", "quip", "joke", "retort", "snap", "interject", "scoff", "bark", "muse",
    "wonder", "plead", "beg", "marvel", "recount", "chime", "sigh", "proclaim", "rail",
}
SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP_ORG", "FAC"}
PLACES = {"GPE", "LOC", "FAC"}
#: nouns that can stand for an unnamed source ("a spokeswoman", "the report", "officials"), besides
#: the role and organisation nouns of ``coref.ROLE_WORDS`` and ``entities.ORG_NOUNS``
SOURCE_NOUNS = {
    "statement", "report", "release", "source", "sources", "audit", "review", "analysis", "investigation",
    "inquiry", "probe", "census", "estimate", "indictment", "record", "data", "memo", "letter", "email", "ad", "advertisement",
    "poll", "survey", "study", "editorial", "document", "filing", "complaint", "lawsuit", "ruling", "transcript",
    "aide", "staffer", "spokesperson", "representative", "official", "officer", "expert", "analyst", "witness",
    "resident", "voter", "supporter", "critic", "observer", "insider", "person", "worker", "employee",
    "investigator", "researcher", "scientist", "economist", "strategist", "consultant", "adviser", "advisor",
    "democrat", "republican", "member", "delegate", "donor", "activist", "protester", "user", "reader",
    "newspaper", "paper", "outlet", "network", "website", "blog", "tweet", "post", "message", "note",
    "campaign", "team", "staff", "panel", "commission", "court", "judge", "jury", "prosecutor", "lawyer",
    "attorney", "police", "authority", "authorities", "diplomat", "veteran", "doctor", "nurse", "friend",
    "crowd", "audience", "family", "voice", "passage", "text", "book", "article", "speech", "video", "caption",
    "year-old", "old", "media", "press", "people", "relative", "neighbor", "neighbour", "colleague"}
#: endings of nouns for people by what they do ("organizer", "investor", "economist", "Republican")
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee")


@dataclass(frozen=True)
class Attribution:
    cluster: int | None
    cue: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    #: an unnamed source as the text describes it ("a State Department spokesperson", "officials")
    described: str | None = None


_NOT_SOURCES = {"who", "which", "that", "this", "these", "those", "it", "they", "we", "you", "i", "he", "she",
                "one", "some", "many", "most", "all", "both", "each", "none", "others", "other", "people"}


def describe(tok: Token, groups: bool = True) -> Span | None:
    """The words that describe an unnamed source: the subject noun with its determiner and
    modifiers before it ("a State Department spokesperson", "police", "two senior officials").
    Without ``groups`` only one source with a determiner ("a spokeswoman", "the report")."""
    if tok.pos_ not in {"NOUN", "PROPN"} and not tok.is_title or tok.lower_ in _NOT_SOURCES:
        return None
    lemma = tok.lemma_.lower()
    if tok.pos_ != "PROPN" and lemma not in SOURCE_NOUNS and lemma not in ROLE_WORDS and lemma not in ORG_NOUNS \
            and not lemma.endswith(AGENT_ENDINGS) and not _name_word(tok):
        return None  # "the move", "the platform": not a source
    start = max(tok.left_edge.i, tok.i - 7)
    words = tok.doc[start:tok.i + 1]
    if not any(ch.isalpha() for ch in words.text) or "\n" in words.text or any(ch in words.text for ch in '"“”'):
        return None
    if not groups and not _name_word(tok) \
            and (tok.tag_ not in {"NN", "NNP"} or not any(t.dep_ in {"det", "poss"} for t in tok.children)):
        return None
    return words


def _name_word(tok: Token) -> bool:
    """A capitalized word the tagger missed as a name ("Skelly called …"): written capitalized
    somewhere else in the document where a sentence does not start."""
    return tok.is_title and any(t.text == tok.text and t.i != tok.i and not t.is_sent_start for t in tok.doc)


def _described(cue: str, tok: Token, groups: bool) -> Attribution:
    d = describe(tok, groups)
    if d is None:
        return Attribution(None, cue)
    return Attribution(None, cue, d.start_char, d.end_char, described=d.text)


def _inside(i: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _according_to(tokens: Iterable[Token], ents: DocEntities, quoted, groups: bool) -> Attribution | None:
    for t in tokens:
        if t.lower_ == "according" and not _inside(t.i, quoted) and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            obj = objs[0] if objs else (t.doc[t.i + 2] if t.i + 2 < len(t.doc) else None)
            if obj is None:
                continue
            cluster = resolve(obj, ents)
            if cluster is None and obj.lemma_.lower() in SOURCE_NOUNS:
                cluster, obj = _issuer(obj, ents)
            if cluster is not None and ents.clusters[cluster].type in SPEAKER_TYPES:
                return Attribution(cluster, "according to", obj.left_edge.idx, obj.idx + len(obj.text))
            return _described("according to", obj, groups)
    return None


def _issuer(doc_noun: Token, ents: DocEntities) -> tuple[int | None, Token]:
    """Who issued a statement or report: "a press release from the U.S. Attorney's Office", "a
    report by the inspector general", "the agency's statement"; (None, the noun) when no one is named."""
    for child in doc_noun.children:
        if child.dep_ == "poss" or child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            owner = child if child.dep_ == "poss" else next((c for c in child.children if c.dep_ == "pobj"), None)
            if owner is not None and (cluster := resolve(owner, ents)) is not None:
                return cluster, owner
    return None, doc_noun


UNNAMED = -1  # a subject that names no entity: (UNNAMED, token)
_THIRD_PERSON = {"he", "she", "him", "her"}
_GROUPS = {"they", "we", "you", "i", "it", "who", "that", "which", "this", "these", "those"}


def resolve(tok: Token, ents: DocEntities) -> int | None:
    """The entity a subject stands for: pronouns through the document's coreference
    (``analyze.coref``) when it ran; "who" through the noun it relates to; a common noun through
    the name in apposition to it ("Marsh's sister Clara Voss" → Voss, not Marsh); everything else
    through the document's entities ("a State Department spokesperson" → the State Department). A
    bare title is never a speaker."""
    coref = tok.doc._.coref if Doc.has_extension("coref") else None
    if coref is not None and tok.lower_ in _THIRD_PERSON:
        return coref.resolve(tok)
    if tok.tag_ == "WP" and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return resolve(tok.head.head, ents)
    if tok.is_title and tok.pos_ != "PROPN" and ents.cluster_at(tok) is None \
            and (c := _known_surname(tok, ents)) is not None:
        return c  # "Trump blamed …" with the tagger calling this "Trump" a common noun
    if tok.pos_ == "NOUN" and ents.cluster_at(tok) is None:
        for child in tok.children:
            if child.dep_ == "appos" and (c := ents.cluster_at(child)) is not None \
                    and ents.clusters[c].type == "PERSON":
                return c
        if coref is not None and (c := coref.resolve_role(tok)) is not None:
            return c
    cluster = ents.resolve_subject(tok)
    if cluster is None or _bare_title(ents.clusters[cluster].name):
        return None
    if ents.cluster_at(tok) is None and ents.clusters[cluster].type in PLACES:
        return None  # "another New Hampshire Democrat": a place that only modifies the speaker
    return cluster


def _known_surname(tok: Token, ents: DocEntities) -> int | None:
    """A person (else a body) of the document whose name ends with this capitalized word."""
    low = tok.lower_
    found = [c for c in ents.clusters if c.key.split()[-1:] == [low] and c.type in SPEAKER_TYPES]
    found.sort(key=lambda c: c.type != "PERSON")
    return found[0].index if found else None


def _bare_title(name: str) -> bool:
    words = name.split()
    return bool(words) and all(w.lower().rstrip(".") in TITLES for w in words)


def _subject_of(verb: Token, ents: DocEntities, quoted):
    """(cluster, token) of the verb's speaker; ``(UNNAMED, subject)`` when its subject names no entity."""
    doc = verb.doc
    own = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not own and verb.i > 0:
        # "…, chief of staff Ida Marsh told …": a name right before a subject-less verb
        c = ents.cluster_at(doc[verb.i - 1])
        if c is not None and ents.clusters[c].type in SPEAKER_TYPES and not _inside(verb.i - 1, quoted):
            return c, doc[verb.i - 1]
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"} and not _inside(c.i, quoted)]
        # '… that Romney “had a crazy policy,” adding, …': a quoted clause's subject is not the speaker
        if subj and not (v.i != verb.i and _inside(v.i, quoted)):
            if subj[0].lower_ == "it" and subj[0].dep_ == "nsubjpass":
                return UNNAMED, subj[0]  # "it was reported that …": no one is named
            cluster = resolve(subj[0], ents)
            return (cluster if cluster is not None else UNNAMED), subj[0]
        # "…, stating that …", "with X saying …": climb to the clause that has the subject
        if v.head.i != v.i:
            v = v.head
        else:
            break
    # a name beside the verb: "said Yurii Belousov"
    for j in (verb.i - 1, verb.i + 1, verb.i - 2, verb.i + 2):
        if 0 <= j < len(doc) and not _inside(j, quoted) \
                and not (doc[j].dep_ in {"nsubj", "nsubjpass"} and doc[j].head.i != verb.i):  # another verb's subject
            c = ents.cluster_at(doc[j])
            if c is not None and ents.clusters[c].type in SPEAKER_TYPES:
                return c, doc[j]
    return None


def _according_first(path: list[Token], cues: list[Token]) -> bool:
    """An "according to" hangs from the number's clause (``path``: the number and its heads) below
    any speech verb that reports it."""
    first_cue = min((path.index(v) for v in cues if v in path), default=len(path))
    return any(t.lower_ == "according" and t.head in path[:first_cue] for t in path[0].sent)


def _is_cue(t: Token, quoted, claim: bool = False) -> bool:
    lemma = t.lemma_.lower()
    if lemma == "plead" and any(c.lower_ == "guilty" for c in t.children):
        return False  # "pleaded guilty to one count": a plea in court, not a statement of the count
    return t.pos_ in {"VERB", "AUX"} and (lemma in SPEECH_VERBS or claim and lemma in FINDING_VERBS) \
        and not _inside(t.i, quoted)


#: how a clause hangs from a speech verb when it is not what was said: the verb's subject and what
#: describes it ("McCarthy, whose district is 35 percent Latino, said …"), a measure of time ("Two
#: days after …, Trump called …") and other adverbials
NOT_SAID_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "npadvmod", "advmod", "tmod", "mark", "aux",
                 "auxpass", "neg", "expl", "appos", "dative"}
#: what hangs from the speech verb itself and is not what was said: an adverbial clause ("Trying to
#: regain momentum after a two-month battle, Trump asserted …", "declared … in order to access
#: billions") and a second main clause with its own subject ("Presidents have declared …, and 31
#: remain active"; "he insists on …, and bemoans millions …" shares his subject and is his)
NOT_SAID_AT_VERB = {"advcl", "conj", "cc"}
#: verbs whose direct object is the person addressed ("he told one reporter")
ADDRESSEE_VERBS = {"tell", "ask", "inform", "brief", "urge", "assure", "remind", "warn", "notify", "advise",
                   "instruct", "order", "beg", "implore"}
#: prepositions of time: "Holder said … as he made a one-day swing", "one day after Obama insisted"
TIME_PREPS = {"after", "before", "since", "during", "until", "till", "ago", "as", "while", "when", "amid"}
#: how a speech verb hangs from the clause it reports: "The bill would cost $5 billion, the CBO said."
REPORTING_DEPS = {"parataxis", "ccomp", "advcl"}
#: where or when something was said, not what: "In one emailed statement, Perry stated …", "On one
#: occasion, X tweeted …", "he declared at one point"
OCCASION_NOUNS = {"statement", "interview", "letter", "email", "e-mail", "tweet", "post", "speech", "hearing",
                  "rally", "appearance", "occasion", "point", "time", "meeting", "conference", "call", "briefing",
                  "session", "address", "debate", "event", "visit", "trip", "stop", "remark", "release"}
#: verbs by which a report, a poll or an investigator sources a number, besides the speech verbs
#: ("the paper found three other women", "a poll shows him at 17 percent")
FINDING_VERBS = {"find", "show", "document", "reveal", "count", "tally", "project", "forecast", "record",
                 "peg", "calculate", "put", "list", "identify", "determine", "believe", "expect", "think",
                 "fear", "suspect", "anticipate"}


def _reports(verb: Token, path: list[Token]) -> bool:
    """``verb`` reports what the target says (``path``: its first token and that token's heads): the
    target lies in the verb's complement (not in its subject or an adverbial of time), or the verb
    hangs off the target's clause as a postposed "…, X said"."""
    if verb in path:
        at = path.index(verb)
        if at == 0:
            return True
        below = path[at - 1]
        if below.dep_ in NOT_SAID_DEPS or below.dep_ in NOT_SAID_AT_VERB and not (
                below.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in below.children)) \
                or below.dep_ == "dobj" and verb.lemma_.lower() in ADDRESSEE_VERBS or below.dep_ == "prep" and (
                below.lower_ in TIME_PREPS or any(c.dep_ == "pobj" and c.lemma_.lower() in OCCASION_NOUNS
                                                  for c in below.children)):
            return False
        # a clause of time anywhere between: "… said … as he made a one-day swing"
        return not any(t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_PREPS for c in t.children)
                       for t in path[:at])
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and verb.head.pos_ in {"VERB", "AUX"}:
        return True  # a parenthetical "as TPM notes" vouches for its sentence, wherever the parse hung it
    if (verb.dep_ in REPORTING_DEPS or _comma_spliced(verb)) and verb.head in path:
        return not any(t.dep_ in NOT_SAID_DEPS for t in path[:path.index(verb.head)])
    return False


def _comma_spliced(verb: Token) -> bool:
    """A reporting clause after the report that the parse joined to it as a conjunct, with a comma
    and no "and": "… killed two servicemen, the Prosecutor General's Office reported"."""
    head = verb.head
    return verb.dep_ == "conj" and head.i < verb.i and not any(
        t.dep_ == "cc" and head.i < t.i < verb.i and t.head.i in {head.i, verb.i} for t in verb.doc[head.i:verb.i])


def attribute(doc: Doc, ents: DocEntities, target: tuple[int, int], context: tuple[int, int],
              quoted: Sequence[tuple[int, int]], quote: bool = False, claim: bool = False) -> Attribution:
    """Attribute the tokens ``target`` (token range) using the tokens of ``context``. For a
    ``quote``, a sentence without a speech verb gives the subject of the verb governing the target,
    and an unnamed source is described only when it is one ("a spokeswoman", not "residents"). For
    a ``claim`` (a number), only a speech verb that reports the number's clause names its source: a
    number in the speaker's own description or in an adverbial of time is the outlet's."""
    if quote and (named := _is_title(doc, target)) is not None:
        return _author(named, ents, quoted)
    tokens = doc[context[0]:context[1]]
    acc = _according_to(tokens, ents, quoted, not quote)
    if acc is not None and acc.cluster is not None:
        return acc
    # speech verbs governing the target, nearest first
    cues: list[Token] = []
    for i in range(target[0], target[1]):
        t = doc[i]
        while t.head.i != t.i:
            t = t.head
            if _is_cue(t, quoted, claim) and t not in cues:
                cues.append(t)
                break
    cues.sort(key=lambda v: min(abs(v.i - target[0]), abs(v.i - target[1])))
    others = sorted((t for t in tokens if _is_cue(t, quoted, claim) and t not in cues),
                    key=lambda v: min(abs(v.i - target[0]), abs(v.i - target[1])))
    if claim:
        path = [doc[target[0]], *doc[target[0]].ancestors]
        cues = [v for v in cues if _reports(v, path)]
        others = [v for v in others if _reports(v, path)]
        if acc is not None and _according_first(path, cues):
            return acc  # "…, in which, according to entrance polls, Trump won 44 percent"
    for n, verb in enumerate(cues + others):
        found = _subject_of(verb, ents, quoted)
        if found is not None and found[0] == UNNAMED:
            if n < len(cues):  # the governing verb has a subject that names no one ("officials said")
                return _described(verb.text, found[1], not quote)
            continue
        if found is not None:
            cluster, tok = found
            if ents.clusters[cluster].type in SPEAKER_TYPES:
                return Attribution(cluster, verb.text, tok.idx, tok.idx + len(tok.text))
    if acc is not None:
        return acc
    if not (cues or others) and quote:
        found = _governing_subject(doc, ents, target, quoted)
        if found is not None:
            return found
    first = (cues + others)[0].text if cues or others else None
    return Attribution(None, first)


#: verbs and nouns that introduce a title, not words someone said: a memo "titled" …
TITLING = {"title", "entitle", "headline", "caption", "subtitle"}
AUTHORING = {"write", "release", "publish", "launch", "post", "issue", "author", "produce", "air", "run", "pen",
             "send", "unveil", "tweet", "circulate", "distribute", "sign", "file", "introduce", "draft"}
DOCUMENTS = {"memo", "memorandum", "report", "book", "article", "essay", "column", "op-ed", "editorial", "film",
             "documentary", "song", "album", "letter", "paper", "study", "bill", "show", "episode", "headline"}


def _is_title(doc: Doc, target: tuple[int, int]) -> Token | None:
    """Quotation marks around a title: what governs them is "titled"/"entitled", or a document
    they name ("the memo, “…”"). Returns the word that introduces the title."""
    for t in doc[target[0]:target[1]]:
        if t.is_punct or target[0] <= t.head.i < target[1]:
            continue
        head = t.head
        if head.lemma_.lower() in TITLING:
            return head
        if head.head.lemma_.lower() in TITLING:
            return head.head
        if t.dep_ in {"appos", "oprd"} and head.lemma_.lower() in DOCUMENTS:
            return head
    return None


def _author(named: Token, ents: DocEntities, quoted) -> Attribution:
    """A title is the words of whoever wrote or released the work ("Mook released a memo titled
    “…”"), not of someone who mentions it ("Marsh cited a memo titled “…”")."""
    t = named
    for _ in range(4):
        if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() not in TITLING:
            break
        if t.head.i == t.i:
            return Attribution(None, None)
        t = t.head
    if t.lemma_.lower() not in AUTHORING:
        return Attribution(None, None)
    found = _subject_of(t, ents, quoted)
    if found is None or found[0] == UNNAMED or ents.clusters[found[0]].type not in SPEAKER_TYPES:
        return Attribution(None, None)
    tok = found[1]
    return Attribution(found[0], t.text, tok.idx, tok.idx + len(tok.text))


def _governing_subject(doc: Doc, ents: DocEntities, target: tuple[int, int], quoted) -> Attribution | None:
    """A quote with no speech verb: the named subject of the verb that governs it ("PolitiFact
    rated … as “false”", "Graham asked, “…”", "X likened the rules to “burning the Constitution”")."""
    seen: set[int] = set()
    for i in range(target[0], target[1]):
        t = doc[i]
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            if _inside(t.i, quoted) or t.i in seen:
                continue
            seen.add(t.i)
            if t.pos_ not in {"VERB", "AUX"}:
                continue
            subj = [c for c in t.children if c.dep_ == "nsubj" and not _inside(c.i, quoted)]
            if subj and subj[0].lower_ not in _GROUPS:
                cluster = resolve(subj[0], ents)
                if cluster is not None and ents.clusters[cluster].type in SPEAKER_TYPES:
                    tok = subj[0]
                    return Attribution(cluster, t.text, tok.idx, tok.idx + len(tok.text))
            break
    return None
