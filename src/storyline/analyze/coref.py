"""In-document coreference for speakers: a mention-ranking resolver for third-person pronouns.

Every "he"/"she" (and "his"/"her"/"him") outside quotation marks is resolved in document order
against the person mentions before it: names and role descriptions from ``DocEntities``, and the
pronouns already resolved (so a chain "Ida Marsh … she … she" stays on Marsh). Each candidate
mention is scored on

* gender agreement: a person's gender is read from the article itself — honorifics ("Mr.",
  "Ms."), gendered role nouns beside the name ("spokeswoman", "his wife"), and pronouns in
  sentences where that person is the only one named; a mismatch costs the candidate (the reading
  is often wrong, so it is no veto);
* recency: sentences and paragraphs back from the pronoun;
* salience: grammatical subject, subject of a speech verb, how often the entity is named so far;
* position: mentions inside a quotation are not antecedents of the narrator's pronouns.

The weights are named in ``Weights`` and were tuned on the PolNeAR training split.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.analyze.entities import ORG_WORDS, ROLE_NOUNS, TITLES, DocEntities, MentionRec
from storyline.analyze.marks import QuoteSpan

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "father", "husband", "son", "brother", "uncle", "nephew",
              "grandfather", "spokesman", "congressman", "chairman", "businessman", "man", "boy", "councilman",
              "assemblyman", "alderman", "dad", "stepfather", "widower", "actor", "emperor", "duke", "monk"}
FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "mother", "wife", "daughter",
                "sister", "aunt", "niece", "grandmother", "spokeswoman", "congresswoman", "chairwoman",
                "businesswoman", "woman", "girl", "councilwoman", "assemblywoman", "mom", "stepmother", "widow",
                "actress", "empress", "duchess", "nun", "first lady"}
SPEECH_LEMMAS = {"say", "tell", "add", "write", "state", "claim", "announce", "insist", "warn", "note", "argue",
                 "explain", "ask", "reply", "respond", "continue", "tweet", "post", "declare", "recall"}
#: nouns that stand for a person by role ("the senator", "the Republican nominee"), besides the
#: offices of ``entities.ROLE_NOUNS`` and the gendered words above
ROLE_WORDS = ROLE_NOUNS | MALE_WORDS | FEMALE_WORDS | {
    "candidate", "nominee", "front-runner", "frontrunner", "congressman", "congresswoman", "representative",
    "businessman", "businesswoman", "mogul", "billionaire", "tycoon", "lawyer", "attorney", "host", "anchor",
    "founder", "executive", "ceo", "challenger", "incumbent", "rival", "opponent", "activist", "author",
    "economist", "analyst", "pollster", "strategist", "officer", "sheriff", "politician", "lawmaker", "star",
    "veteran", "physician", "doctor", "professor", "scholar", "pastor", "reverend", "manager", "chairman"}
#: offices a person is named with ("Gov. X", "Sen. X"): a description by office needs a holder named before it
OFFICES = {"governor", "senator", "mayor", "judge", "ambassador", "secretary", "general", "representative",
           "congressman", "congresswoman", "sheriff", "prosecutor", "envoy", "chancellor", "premier", "king",
           "queen", "professor", "doctor", "reverend", "pastor"}
#: abbreviated titles as the role noun they stand for
TITLE_ROLES = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "pres": "president",
               "sec": "secretary", "amb": "ambassador", "dr": "doctor", "prof": "professor", "rev": "reverend"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: most words of a name the tagger mislabelled that is still taken for a person's
PERSON_NAME_WORDS = 3
#: parts of speech a surname the tagger did not mark as a name may carry ("Gorka declared")
NAME_POS = {"PROPN", "NOUN"}
PRONOUN_RE = re.compile(r"\b(?:he|she|him|his|her|hers|himself|herself)\b", re.I)


@dataclass(frozen=True)
class Weights:
    """Scores of a candidate antecedent (higher wins). Grid-searched on PolNeAR train (pronoun
    speakers resolved, 1,154 quotes): recency dominates (sentence 0.3 → 1.6 moved it 0.62 → 0.66),
    mention frequency hurts (0.4 → 0: +0.01), gender and subjecthood settle ties; the rest is flat."""

    gender_match: float = 1.0
    gender_mismatch: float = 2.0  # a person read as the other gender: evidence, not a veto (1.5-2 best on train)
    sentence: float = 1.6  # per sentence back
    paragraph: float = 0.4  # per paragraph back
    same_sentence: float = -0.5  # an antecedent in the pronoun's own sentence
    subject: float = 1.0
    main_subject: float = 0.5  # subject of the sentence's main verb
    speech_subject: float = 1.0
    frequency: float = 0.0  # times log(1 + mentions so far); 0.4 and 0.8 were worse on train
    possessive: float = -0.5  # "Trump's" as a mention
    role_match: float = 3.0  # "the senator": a person with that title
    window: int = 8  # sentences back considered


DEFAULT_WEIGHTS = Weights()


@dataclass
class Candidate:
    cluster: int
    start: int  # char offset
    sent: int
    para: int
    subject: bool
    main: bool
    speech: bool
    possessive: bool


def _in_spans(pos: int, starts: list[int], ends: list[int]) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


class Coref:
    """Pronoun → entity cluster for one document (persons only)."""

    def __init__(self, doc: Doc, ents: DocEntities, quote_spans: list[tuple[int, int]],
                 weights: Weights | None = None, text: str | None = None, marks: list[QuoteSpan] | None = None):
        self.doc, self.ents, self.w = doc, ents, weights or DEFAULT_WEIGHTS
        spans = sorted(quote_spans)
        self._qs, self._qe = [s for s, _ in spans], [e for _, e in spans]
        self._para_of_sent = []
        self._sent_starts = [sent.start for sent in ents.sents]
        para = 0
        text = doc.text if text is None else text
        self.text, self.marks = text, marks  # kept for the quotes component: read once per Doc
        for k, sent in enumerate(ents.sents):
            if k and "\n" in text[ents.sents[k - 1].start_char:sent.start_char + 1]:
                para += 1
            self._para_of_sent.append(para)
        self._pronouns: list[Token] = []  # third-person pronouns outside quotation marks
        for m in PRONOUN_RE.finditer(text):
            span = doc.char_span(m.start(), m.end())
            if span is not None and len(span) == 1 and not self.quoted(m.start()):
                self._pronouns.append(span[0])
        self.gender: dict[int, str] = self._genders()
        self.resolved: dict[int, int] = {}  # pronoun token index → cluster
        self._resolve_all()

    # ---------------------------------------------------------------- evidence
    def sent_index(self, i: int) -> int:
        return bisect_right(self._sent_starts, i) - 1

    def quoted(self, char: int) -> bool:
        return _in_spans(char, self._qs, self._qe)

    def _genders(self) -> dict[int, str]:
        doc, ents = self.doc, self.ents
        votes: dict[int, list[int]] = {}

        def vote(cluster: int, g: str, n: int = 1) -> None:
            v = votes.setdefault(cluster, [0, 0])
            v[0 if g == "m" else 1] += n

        for cl in ents.clusters:
            if cl.type != "PERSON":
                continue
            for title in cl.titles:
                if title in MALE_WORDS:
                    vote(cl.index, "m", 3)
                elif title in FEMALE_WORDS:
                    vote(cl.index, "f", 3)
        for m in ents.mentions:
            if ents.clusters[m.cluster].type != "PERSON":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            head = span[-1]
            # a title or role noun of this person: before the name ("spokeswoman Ida Marsh", "Mrs.
            # Marsh") or in apposition ("Ida Marsh, his wife"); not "Marsh's son", who is another person
            near = list(span[:-1]) + [t for t in head.children if t.dep_ == "appos"]
            if span.start > 0 and doc[span.start - 1].dep_ == "compound":
                near.append(doc[span.start - 1])
            if head.dep_ == "appos":
                near.append(head.head)
            for t in near:
                low = t.lower_.rstrip(".")
                if low in MALE_WORDS:
                    vote(m.cluster, "m", 2)
                elif low in FEMALE_WORDS:
                    vote(m.cluster, "f", 2)
        # pronouns in a sentence that names exactly one person (outside quotes), after that name
        by_sent: dict[int, set[int]] = {}
        first_at: dict[tuple[int, int], int] = {}
        for m in ents.mentions:
            if ents.clusters[m.cluster].type != "PERSON" or self.quoted(m.start):
                continue
            k = self.sent_index(m.token_end - 1)
            by_sent.setdefault(k, set()).add(m.cluster)
            first_at.setdefault((k, m.cluster), m.start)
        for p in self._pronouns:
            k = self.sent_index(p.i)
            clusters = by_sent.get(k)
            if clusters and len(clusters) == 1:
                (only,) = clusters
                if p.idx > first_at[(k, only)]:
                    vote(only, "m" if p.lower_ in MALE_PRONOUNS else "f")
        out = {}
        for c, (male, female) in votes.items():
            if male >= 2 * female and male > 0:
                out[c] = "m"
            elif female >= 2 * male and female > 0:
                out[c] = "f"
        return out

    # ---------------------------------------------------------------- ranking
    def _person_of(self) -> dict[int, int]:
        """Cluster → the person it stands for: persons themselves, a one-word name the tagger
        called an organisation that is a known person's surname ("Fiorina" beside "Carly Fiorina"),
        and a name the tagger called an organisation or a place that acts as a person does
        (``_person_like``: "Former CEO Carly Fiorina named …", "Carly Fiorina said")."""
        ents = self.ents
        surnames = self._surnames()
        out = {}
        for c in ents.clusters:
            if c.type == "PERSON":
                out[c.index] = c.index
            elif " " not in c.key and len(surnames.get(c.key, [])) == 1:
                out[c.index] = surnames[c.key][0]
        for m in ents.mentions:
            if m.cluster not in out and self._person_like(m):
                out[m.cluster] = m.cluster
        return out

    def _surnames(self) -> dict[str, list[int]]:
        """Last word of each person's name → those persons."""
        surnames: dict[str, list[int]] = {}
        for c in self.ents.clusters:
            if c.type == "PERSON" and c.key:
                surnames.setdefault(c.key.split()[-1], []).append(c.index)
        return surnames

    def _person_like(self, m: MentionRec) -> bool:
        """A mention the tagger did not call a person that has a person's shape — two or three
        capitalized words, no organisation word — and stands where persons do: after a title or
        role noun ("CEO Carly Fiorina"), before a role in apposition, or as the subject of a
        speech verb."""
        words = m.text.split()
        if not 2 <= len(words) <= PERSON_NAME_WORDS or not all(w[:1].isupper() and w.isalpha() for w in words) \
                or ORG_WORDS.search(m.text):
            return False
        doc = self.doc
        head = doc[m.token_end - 1]
        first = head.i - len(words) + 1
        if first > 0 and (doc[first - 1].lower_.rstrip(".") in ROLE_WORDS | TITLES or doc[first - 1].text.isupper()
                          and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound"):
            return True
        if any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_WORDS for c in head.children):
            return True
        return head.dep_ in SUBJECT_DEPS and head.head.lemma_.lower() in SPEECH_LEMMAS

    def _candidates(self) -> list[Candidate]:
        doc, ents = self.doc, self.ents
        person_of = self._person_of()
        out = []
        for m in ents.mentions:
            cluster = person_of.get(m.cluster)
            if cluster is None or self.quoted(m.start):
                continue
            head = doc[m.token_end - 1]
            if head.tag_ == "POS" and m.token_end >= 2:
                head = doc[m.token_end - 2]
            out.append(self._candidate(cluster, head, m.start))
        # a person's surname the tagger missed ("…,” Gorka declared.", "Sanders wasn't impressed.")
        surnames = self._surnames()
        for t in doc:
            if t.is_title and t.i not in ents.token_cluster and len(surnames.get(t.lower_, ())) == 1 \
                    and t.pos_ in NAME_POS and not self.quoted(t.idx):
                out.append(self._candidate(surnames[t.lower_][0], t, t.idx))
        return sorted(out, key=lambda c: c.start)

    def _candidate(self, cluster: int, head: Token, start: int) -> Candidate:
        subj_tok = head.head if head.dep_ == "appos" else head
        subject = subj_tok.dep_ in SUBJECT_DEPS
        verb = subj_tok.head
        speech = subject and verb.lemma_.lower() in SPEECH_LEMMAS
        if not subject:  # "Ida Marsh, who chairs the panel, said …" / "…, said Ida Marsh, who …"
            for rel in head.children:
                if rel.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ == "WP" for c in rel.children):
                    speech = speech or rel.lemma_.lower() in SPEECH_LEMMAS
        main = subject and (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"))
        possessive = head.dep_ == "poss" or (head.i + 1 < len(head.doc) and head.doc[head.i + 1].tag_ == "POS")
        k = self.sent_index(head.i)
        return Candidate(cluster, start, k, self._para_of_sent[k], subject, main, speech, possessive)

    def _score(self, c: Candidate, gender: str | None, sent: int, para: int, counts: dict[int, int]) -> float:
        w = self.w
        g = self.gender.get(c.cluster)
        # the gender read from the article is often wrong (a pronoun beside the name is someone
        # else's, one surname for a couple): a mismatch is a penalty, not a veto (train 0.7126 → 0.7262)
        score = w.gender_match if gender and g == gender else -w.gender_mismatch if gender and g else 0.0
        score -= w.sentence * (sent - c.sent) + w.paragraph * (para - c.para)
        if c.sent == sent:
            score += w.same_sentence
        score += w.subject * c.subject + w.main_subject * c.main + w.speech_subject * c.speech \
            + w.possessive * c.possessive
        score += w.frequency * math.log1p(counts.get(c.cluster, 0))
        return score

    def _resolve_all(self) -> None:
        self._cands = cands = self._candidates()
        self._starts = starts = [c.start for c in cands]
        added: list[Candidate] = []
        self._added = added
        for p in self._pronouns:
            gender = "m" if p.lower_ in MALE_PRONOUNS else "f"
            k = self.sent_index(p.i)
            para = self._para_of_sent[k]
            pool = cands[:bisect_right(starts, p.idx - 1)] + [a for a in added if a.start < p.idx]
            pool = [c for c in pool if k - c.sent <= self.w.window]
            if not pool:
                continue
            counts: dict[int, int] = {}
            for c in pool:
                counts[c.cluster] = counts.get(c.cluster, 0) + 1
            best = max(pool, key=lambda c: (self._score(c, gender, k, para, counts), c.start))
            self.resolved[p.i] = best.cluster
            if p.dep_ in SUBJECT_DEPS:
                added.append(self._candidate(best.cluster, p, p.idx))

    def resolve(self, tok: Token) -> int | None:
        return self.resolved.get(tok.i)

    def resolve_role(self, tok: Token) -> int | None:
        """A definite role description ("the senator", "the Florida senator", "the businessman"):
        the person before it with that title, else the most salient person that agrees in gender."""
        role = tok.lemma_.lower()
        if role not in ROLE_WORDS or tok.tag_ not in {"NN", "NNP"} \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        gender = "m" if role in MALE_WORDS else "f" if role in FEMALE_WORDS else None
        k = self.sent_index(tok.i)
        para = self._para_of_sent[k]
        pool = self._cands[:bisect_right(self._starts, tok.idx - 1)] + [a for a in self._added if a.start < tok.idx]
        pool = [c for c in pool if k - c.sent <= self.w.window]
        if not pool:
            return None
        counts: dict[int, int] = {}
        for c in pool:
            counts[c.cluster] = counts.get(c.cluster, 0) + 1
        titled = {c.cluster for c in pool if role in self._roles(c.cluster)}
        if role in OFFICES and not titled:
            return None  # "the former Florida governor" and no governor named before: nobody we know

        def score(c: Candidate) -> float:
            return self._score(c, gender, k, para, counts) + self.w.role_match * (c.cluster in titled)

        best = max(pool, key=lambda c: (score(c), c.start))
        return best.cluster

    def _roles(self, cluster: int) -> set[str]:
        titles = self.ents.clusters[cluster].titles
        return titles | {TITLE_ROLES[t] for t in titles if t in TITLE_ROLES}
