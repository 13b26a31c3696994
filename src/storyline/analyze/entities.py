"""Mentions from NER, merged into in-document entities, plus role descriptions and pronouns.

Merging uses name structure only: honorifics and titles are peeled off, middle initials ignored,
a bare surname joins the full name that carries it, and a definite description ("the minister",
"Norland's president", "the palace leader") joins the person it is in apposition to or whose title
it repeats, else the most salient person so far. No list of particular people or places.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from storyline.names import (
    GEO_SUFFIX,
    fold,
    given_names,
    initials,
    is_acronym,
    is_title,
    name_key,
    name_tokens,
    org_key,
    strip_possessive,
    surname_of,
    title_class,
)

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP_ORG"}
# Nouns that denote a person by office or role, for definite descriptions.
ROLE_NOUNS = {
    "president", "leader", "minister", "premier", "chancellor", "king", "queen", "general", "commander",
    "chief", "spokesperson", "spokesman", "spokeswoman", "secretary", "governor", "mayor", "ombudsman",
    "envoy", "ambassador", "official", "adviser", "advisor", "prosecutor", "coordinator", "director",
    "head", "chairman", "chairwoman", "chair", "captain", "master", "senator", "lawmaker", "judge",
    "congressman", "congresswoman",
}
#: A surname this long may be misspelled by one letter and still be the same person's (in one article).
MISSPELLED_SURNAME_LEN = 6
FORMER = {"former", "ex", "ex-"}
# Honorifics that say nothing of an office; they do say whether a man or a woman is meant.
MALE_HONORIFICS, FEMALE_HONORIFICS = {"mr", "sir", "lord"}, {"mrs", "ms", "miss", "dame", "lady"}
#: first names → "f"/"m", learned from PolNeAR train by ``python -m quality.name_gender train --write``
NAME_GENDER_PATH = Path(__file__).with_name("name_gender.json")
PLAIN_HONORIFICS = MALE_HONORIFICS | FEMALE_HONORIFICS | {"dr", "prof", "professor"}
HEAD_OF_STATE = {"president", "leader", "premier", "chancellor", "king", "queen", "minister"}
# Nouns that stand for an organisation already named ("the company said").
ORG_NOUNS = {"company", "firm", "operator", "ministry", "agency", "office", "group", "government", "organisation",
             "organization", "department", "party", "council", "committee", "union", "court", "board", "bank",
             "army", "military", "navy", "police", "authority", "authorities", "administration", "owner", "airline"}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "it", "i", "we", "you"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}


@dataclass
class Cluster:
    index: int
    type: str
    key: str  # name key: lowercased name without titles/initials/possessive
    names: list[str] = field(default_factory=list)  # name surfaces (without titles)
    aliases: list[str] = field(default_factory=list)  # every surface form incl. titles and descriptions
    titles: set[str] = field(default_factory=set)  # title/role words seen with it
    first_pos: int = 0
    count: int = 0
    last_pos: int = 0  # where it was last named

    @property
    def name(self) -> str:
        """Fullest form: most tokens, then most frequent, then first seen."""
        pool = self.names or self.aliases
        return max(pool, key=lambda n: (len(n.split()), pool.count(n), -pool.index(n)))

    def add(self, surface: str, alias: str | None = None) -> None:
        self.count += 1
        self.names.append(surface)
        for a in (surface, alias):
            if a and a not in self.aliases:
                self.aliases.append(a)


@dataclass
class MentionRec:
    start: int  # char offsets
    end: int
    text: str  # surface incl. title
    label: str
    cluster: int
    token_end: int


def _namesakes(people: list[Cluster], titles: set[str]) -> list[Cluster]:
    """Of several people sharing a surname, those a bare "Mr. X" / "Vice President X" can be: one
    already called by the same honorific, else one whose gender it does not contradict; a shared
    office title picks among them."""
    if same := [c for c in people if c.titles & titles & (MALE_HONORIFICS | FEMALE_HONORIFICS)]:
        people = same  # already called "Mr. X" here
    if titles & MALE_HONORIFICS:
        people = [c for c in people if not c.titles & FEMALE_HONORIFICS] or people
    elif titles & FEMALE_HONORIFICS:
        people = [c for c in people if not c.titles & MALE_HONORIFICS] or people
    office = titles - PLAIN_HONORIFICS
    return [c for c in people if c.titles & office] or people if office else people


def _honorific_gender(titles: set[str]) -> str | None:
    if titles & MALE_HONORIFICS:
        return "m"
    return "f" if titles & FEMALE_HONORIFICS else None


@cache
def name_genders() -> dict[str, str]:
    """First name → "f"/"m" (``NAME_GENDER_PATH``; names seen too rarely or for both are absent)."""
    names: dict[str, str] = json.loads(NAME_GENDER_PATH.read_text(encoding="utf-8"))["names"]
    return names


def _name_gender(c: Cluster) -> str | None:
    first = given_names(c.key.split())[:1]
    return name_genders().get(first[0]) if first else None


def _title_extension(doc: Doc, ent: Span) -> int:
    """Token index where a PERSON mention starts once preceding capitalized titles are included."""
    i = ent.start
    while i > 0 and ent.start - i < 3:
        prev = doc[i - 1]
        if (prev.ent_type_ and prev.ent_type_ != "PERSON") or not prev.text[:1].isupper() or not is_title(prev.text):
            break
        i -= 1
    return i


ORG_WORDS = re.compile(
    r"\b(office|ministry|department|agency|tv|news|times|post|press|media|network|council|committee|party|"
    r"army|forces|force|navy|command|staff|bank|company|group|inc|ltd|corp|llc|university|institute|court|"
    r"police|service|services|union|association|foundation|fund|government|parliament|assembly|club|team|"
    r"league|church|school|hospital|board|commission|authority|guard|corps|brigade|division|lines|airlines|"
    r"watch|centre|center|society|federation|organisation|organization|times|daily|wire|gazette)\b", re.I)


def _repair_label(ent: Span) -> str:
    """NER sometimes tags a person who speaks as an ORG: a two- or three-word capitalized name,
    with no organisation word, that is the subject of a verb, is a PERSON."""
    label = ent.label_
    words = ent.text.split()
    if label in {"ORG", "GPE", "NORP"} and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words) \
            and not ORG_WORDS.search(ent.text) and ent.root.dep_ in {"nsubj", "nsubjpass"} \
            and ent.root.head.pos_ == "VERB" and ent.root.head.lemma_ in _SPEECH_LEMMAS:
        return "PERSON"
    return label


_SPEECH_LEMMAS = {"say", "tell", "add", "state", "claim", "announce", "write", "post", "insist", "warn", "note",
                  "call", "report", "confirm", "deny", "explain", "argue", "remark", "accuse", "urge"}


def _geo_extension(doc: Doc, ent: Span) -> int:
    end = ent.end
    if end < len(doc) and GEO_SUFFIX.search(" " + doc[end].text):
        return end + 1
    return end


class DocEntities:
    """The entities of one document and the tools to resolve a token to one of them."""

    def __init__(self, doc: Doc):
        self.doc = doc
        # Token.sent scans the document on every call; index sentences once
        self.sents = list(doc.sents) if len(doc) else []
        self._sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = k
        self.clusters: list[Cluster] = []
        self.mentions: list[MentionRec] = []
        self.token_cluster: dict[int, int] = {}  # token index → cluster
        self._build()

    # -------------------------------------------------------------- building
    def _new(self, label: str, key: str, pos: int) -> Cluster:
        c = Cluster(index=len(self.clusters), type=label, key=key, first_pos=pos)
        self.clusters.append(c)
        return c

    def _find(self, label: str, key: str, name: str = "", titles: set[str] | None = None) -> Cluster | None:
        if not key:
            return None
        if label == "PERSON":
            return self._find_person(key, titles or set())
        for c in self.clusters:
            if c.key == key and (c.type == label or {c.type, label} <= {"GPE", "LOC", "FAC"}):
                return c
        # an acronym and the name it abbreviates, either way round ("NRA" / "National Rifle Association");
        # NER may tag the acronym as a place
        if name and label != "PERSON":
            if is_acronym(name):
                found = [c for c in self.clusters if c.type == "ORG" and org_key(name) in initials(c.name)]
            else:
                wanted = initials(name) if label == "ORG" else set()
                found = [c for c in self.clusters if c.type != "PERSON" and is_acronym(c.name) and org_key(c.name) in wanted]
            if len(found) == 1:
                return found[0]
        # an organisation or place tagged on a person's surname ("Marsh" as ORG)
        for c in self.clusters:
            if c.type == "PERSON" and c.key.split()[-1:] == [key] and " " not in key:
                return c
        return None

    def _find_person(self, key: str, titles: set[str]) -> Cluster | None:
        parts = key.split()
        persons = [c for c in self.clusters if c.type == "PERSON"]
        exact = [c for c in persons if c.key == key]
        if exact:
            return exact[0]
        surname, suffix = surname_of(parts)
        same_last = [c for c in persons if surname_of(c.key.split())[0] == surname
                     and (not suffix or surname_of(c.key.split())[1] == suffix)]
        if not given_names(parts):  # a bare surname ("Hunter", "Mr. Trump", "Trump Jr."): its namesake here
            if len(same_last) > 1:
                same_last = _namesakes(same_last, titles)
            if len(same_last) > 1 and (gender := _honorific_gender(titles)):
                # "Mrs. Clinton" beside Hillary and Bill Clinton, neither called "Mr."/"Mrs." yet:
                # not the one whose first name is the other gender's
                same_last = [c for c in same_last if _name_gender(c) in (None, gender)] or same_last
            if same_last:  # one without a suffix before "X Jr.", a full name, the most named, the one named last
                return max(same_last, key=lambda c: (surname_of(c.key.split())[1] == suffix, len(c.key.split()) > 1,
                                                     c.count, c.last_pos))
            # a person NER took for an organisation before ("Rahm Emanuel, the chief of staff, asked …" →
            # "Mr. Emanuel"): a name of two or three capitalized words, no organisation word, this surname
            named = [c for c in self.clusters if c.type in {"ORG", "GPE", "NORP_ORG"} and 2 <= len(c.key.split()) <= 3
                     and c.key.split()[-1] == surname and all(w[:1].isupper() for w in c.name.split())
                     and not ORG_WORDS.search(c.name)]
            if len(named) == 1:
                named[0].type = "PERSON"
                named[0].key = " ".join(name_tokens(named[0].name))
                return named[0]
            # a first name alone, of one person named here in full ("Hillary" after "Hillary Clinton")
            if not titles and not suffix:
                first = [c for c in persons if given_names(c.key.split())[:1] == [surname]]
                if len(first) == 1:
                    return first[0]
            # a one-letter misspelling of a long surname named here ("Mr. Hutchison" beside "Asa Hutchinson")
            near = [c for c in persons if len(surname) >= MISSPELLED_SURNAME_LEN
                    and Levenshtein.distance(surname_of(c.key.split())[0], surname) <= 1]
            return near[0] if len({c.index for c in near}) == 1 else None
        # the name without its first name(s): "Peña Nieto" after "Enrique Peña Nieto"
        longer = [c for c in persons if len(c.key.split()) > len(parts) and c.key.split()[-len(parts):] == parts]
        if longer:
            return longer[0]
        bare = [c for c in same_last if not given_names(c.key.split())]
        if bare:
            return bare[0]
        # same first name and a one-letter difference in a long surname: a misspelling
        for c in persons:
            ck = c.key.split()
            if len(ck) > 1 and ck[0] == parts[0] and len(surname) >= 4 and surname_of(ck)[1] == suffix \
                    and fuzz.ratio(surname_of(ck)[0], surname) >= 85:
                return c
        return None

    def _place_keys(self) -> set[str]:
        """Names the text itself calls places: a proper noun before "region", "Oblast", "province"…"""
        keys = set()
        for tok in self.doc[1:]:
            prev = self.doc[tok.i - 1]
            if prev.pos_ == "PROPN" and GEO_SUFFIX.search(" " + tok.text) and prev.ent_type_ != "PERSON":
                keys.add(prev.lower_)
        return keys

    def _build(self) -> None:
        doc = self.doc
        places = self._place_keys()
        for ent in doc.ents:
            label = _repair_label(ent)
            if label != "PERSON" and ent.root.lower_ in places and len(ent) == 1:
                label = "LOC"
            if label not in ENTITY_LABELS or (label in {"GPE", "LOC"} and ent.root.tag_ == "JJ"):
                continue  # "Norlandic" tagged as a place is a nationality adjective
            if label == "PERSON":
                start_tok, end_tok = _title_extension(doc, ent), ent.end
            elif label in {"GPE", "LOC"}:
                start_tok, end_tok = ent.start, _geo_extension(doc, ent)
            else:
                start_tok, end_tok = ent.start, ent.end
            name_span = doc[ent.start:end_tok] if label != "PERSON" else ent
            name = strip_possessive(re.sub(r"^(the|The)\s+", "", name_span.text))
            if label == "PERSON":  # "Harbour Master Ingrid Solberg" → "Ingrid Solberg" (the title stays an alias)
                words = name.split()
                while len(words) > 2 and is_title(words[0]):
                    words = words[1:]
                name = " ".join(words)
            if not any(ch.isalpha() for ch in name) or name.lower() in PRONOUNS:
                continue
            key = name_key(name, label)
            if not key:
                continue
            full = doc[start_tok:end_tok]
            titles = {title_class(t.text) for t in doc[start_tok:ent.start]} if label == "PERSON" else set()
            cluster = self._find(label, key, name, titles)
            if cluster is None:
                cluster = self._new(label, key, full.start_char)
            elif label == "PERSON" and len(key.split()) > len(cluster.key.split()):
                cluster.key = key
            surface = strip_possessive(full.text)
            cluster.add(name, surface if surface != name else None)
            cluster.last_pos = full.start_char
            if label != "PERSON" and start_tok > 0 and doc[start_tok - 1].lower_ == "the" and not name.lower().startswith("the "):
                cluster.aliases.append("the " + name) if "the " + name not in cluster.aliases else None
            if label == "PERSON":
                cluster.titles.update(title_class(t.text) for t in doc[start_tok:ent.start])
                if start_tok > 0 and doc[start_tok - 1].lower_ in FORMER:  # "former President X"
                    cluster.titles.add("former")
            self.mentions.append(MentionRec(full.start_char, full.end_char, surface, label, cluster.index, end_tok))
            for i in range(start_tok, end_tok):
                self.token_cluster[i] = cluster.index
        self._descriptions()

    def _descriptions(self) -> None:
        """Definite role descriptions ('the Norlandic leader', "Norland's president") join a person."""
        doc = self.doc
        try:
            chunks = list(doc.noun_chunks)
        except ValueError:  # no parser
            return
        for chunk in chunks:
            root = chunk.root
            if root.lemma_.lower() not in ROLE_NOUNS or root.i in self.token_cluster or root.tag_ not in {"NN", "NNP"}:
                continue
            first = chunk[0]
            definite = first.lower_ == "the" or (first.dep_ == "poss" and first.ent_type_ in {"GPE", "ORG", "NORP"})
            if not definite or any(t.ent_type_ == "PERSON" for t in chunk):
                continue
            target = self._appositive_person(root) or self._role_person(root, chunk)
            if target is None:
                continue
            start = chunk.start
            surface = strip_possessive(doc[start:root.i + 1].text)
            c = self.clusters[target]
            if surface not in c.aliases:
                c.aliases.append(surface)
            c.titles.add(title_class(root.lemma_))
            self.mentions.append(MentionRec(doc[start].idx, root.idx + len(root.text), surface, "ROLE", target,
                                            root.i + 1))
            for i in range(start, root.i + 1):
                self.token_cluster.setdefault(i, target)

    def _appositive_person(self, root: Token) -> int | None:
        for t in list(root.children) + [root.head]:
            if (t.dep_ == "appos" or root.dep_ == "appos") and t.i in self.token_cluster:
                c = self.clusters[self.token_cluster[t.i]]
                if c.type == "PERSON":
                    return c.index
        return None

    def _role_person(self, root: Token, chunk: Span) -> int | None:
        role = title_class(root.lemma_)
        before = [c for c in self.clusters if c.type == "PERSON" and c.first_pos < chunk.start_char]
        if not before:
            return None
        words = {t.lower_ for t in chunk}
        # "the former vice president": a vice president, not the president
        wanted = {"vice"} if "vice" in words else HEAD_OF_STATE if role in HEAD_OF_STATE else {role}
        titled = [c for c in before if c.titles & wanted]
        # "the former president" is the one introduced as former, "the president" the one who is not
        former = bool(words & FORMER)
        titled = [c for c in titled if ("former" in c.titles) == former] or titled
        # with no title to match, only a head-of-state description falls back to the most salient person
        pool = titled or ([c for c in before if c.count >= 2] if role in HEAD_OF_STATE else [])
        if not pool:
            return None
        return max(pool, key=lambda c: (c.count, -c.first_pos)).index

    def sent(self, i: int) -> Span:
        """The sentence of token ``i`` (cached ``Token.sent``)."""
        return self.sents[self._sent_of[i]]

    # -------------------------------------------------------------- resolving
    def cluster_at(self, token: Token) -> int | None:
        return self.token_cluster.get(token.i)

    def resolve_subject(self, tok: Token, exclude: tuple[int, int] = (-1, -1)) -> int | None:
        """The entity a subject token stands for: a name, a pronoun, a description, or a name inside its phrase."""
        if tok.i in self.token_cluster:
            return self.token_cluster[tok.i]
        low = tok.lower_
        if low in PRONOUNS or tok.tag_ in {"PRP", "PRP$"}:
            if low in PERSON_PRONOUNS or low == "i":
                return self.antecedent(tok)
            if low == "it":
                return self.antecedent(tok, types=("ORG",))
            return None  # "they", "we": groups we cannot name reliably
        if tok.pos_ == "PROPN" and (found := self.adhoc(tok)) is not None:
            return found
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ORG_NOUNS and any(c.lower_ == "the" for c in tok.children) \
                and not any(c.dep_ in {"poss", "compound", "amod"} for c in tok.children):
            return self.antecedent(tok, types=("ORG",))
        inside = [self.token_cluster[t.i] for t in tok.subtree
                  if t.i in self.token_cluster and not exclude[0] <= t.i < exclude[1]]
        persons = [c for c in inside if self.clusters[c].type == "PERSON"]
        if persons:
            return persons[0]
        if inside:
            return inside[0]
        return self.adhoc(tok)

    def adhoc(self, tok: Token) -> int | None:
        """A source NER missed, named by the proper nouns of its phrase ("the G7 ministers",
        "Norland's General Staff"): a new ORG entity from those words."""
        proper = [t for t in tok.subtree if t.pos_ == "PROPN" and t.i not in self.token_cluster
                  and t.dep_ not in {"poss"} and (t.i == tok.i or t.head.i == tok.i or t.dep_ == "compound")]
        if not proper:
            return None
        proper.sort(key=lambda t: t.i)
        run = [proper[-1]]
        for t in reversed(proper[:-1]):
            if t.i == run[0].i - 1:
                run.insert(0, t)
        span = self.doc[run[0].i:run[-1].i + 1]
        words = span.text.split()
        titled = len(words) > 2 and is_title(words[0])
        while len(words) > 2 and is_title(words[0]):
            words = words[1:]
        # "Harbour Master Ingrid Solberg": a title before a two- or three-word name is a person
        plain = len(words) <= 3 and not ORG_WORDS.search(" ".join(words))
        # a title before it, or the surname of a person named here ("Rahm Emanuel" beside "Mr. Emanuel")
        surnames = {surname_of(c.key.split())[0] for c in self.clusters if c.type == "PERSON"}
        known = len(words) >= 2 and fold(words[-1]) in surnames
        label = "PERSON" if plain and (titled or known) else "ORG"
        name = " ".join(words) if label == "PERSON" else span.text
        key = name_key(name, label)
        cluster = self._find(label, key) or self._new(label, key, span.start_char)
        cluster.add(name, span.text if name != span.text else None)
        left = span.start
        if left >= 2 and self.doc[left - 1].tag_ == "POS" and self.doc[left - 2].i in self.token_cluster:
            cluster.aliases.append(self.doc[left - 2:span.end].text)
        self.mentions.append(MentionRec(span.start_char, span.end_char, span.text, label, cluster.index, span.end))
        self.mentions.sort(key=lambda m: m.start)
        for i in range(span.start, span.end):
            self.token_cluster[i] = cluster.index
        return cluster.index

    def antecedent(self, tok: Token, types: tuple[str, ...] = ("PERSON",)) -> int | None:
        """Nearest preceding entity of the wanted type, preferring grammatical subjects."""
        best_subj = best_any = None
        for m in self.mentions:
            if m.start >= tok.idx:
                break
            if self.clusters[m.cluster].type not in types:
                continue
            best_any = m
            head = self.doc[m.token_end - 1]
            if head.dep_ in {"nsubj", "nsubjpass"} or (head.dep_ == "appos" and head.head.dep_ in {"nsubj", "nsubjpass"}):
                best_subj = m
        # a subject in the same or the previous sentence beats a later object mention
        if best_subj is not None:
            here = self.sent(tok.i)
            sent_start = here.start_char
            prev_start = self.sent(here.start - 1).start_char if here.start > 0 else sent_start
            if best_subj.start >= prev_start or best_any is None or best_any.start < prev_start:
                return best_subj.cluster
        return best_any.cluster if best_any else None
