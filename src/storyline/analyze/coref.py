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

Pronouns are ranked by a learned linear model over ``FEATURES`` (``coref_model.json``, fit on the
PolNeAR training split by ``python -m quality.coref train --write``: softmax over each pronoun
speaker's candidates; 5-fold CV top-1 on train 0.7518 with the rules → 0.7673). Without the file
the hand-set ``Weights`` rank, as they still do for role descriptions ("the senator").
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from storyline.analyze.entities import ORG_WORDS, ROLE_NOUNS, DocEntities, MentionRec
from storyline.analyze.marks import QuoteSpan
from storyline.names import TITLES

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "father", "husband", "son", "brother", "uncle", "nephew",
              "grandfather", "spokesman", "congressman", "chairman", "businessman", "man", "boy", "councilman",
              "assemblyman", "alderman", "dad", "stepfather", "widower", "actor", "emperor", "duke", "monk"}
FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "mother", "wife", "daughter",
                "sister", "aunt", "niece", "grandmother", "spokeswoman", "congresswoman", "chairwoman",
                "businesswoman", "woman", "girl", "councilwoman", "assemblywoman", "mom", "stepmother", "widow",
                "actress", "empress", "duchess", "nun", "first lady"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "sir", "lord", "lady", "dame", "madam"}
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

#: the features of a candidate antecedent, in the order of ``Coref.features`` and of the model file
FEATURES = ("gender_match", "gender_mismatch", "gender_mismatch_titled", "gender_unknown_she", "sentences_back", "paragraphs_back",
            "same_sentence", "subject", "main_subject", "speech_subject", "possessive", "log_window_mentions",
            "log_mentions_before", "log_persons_between", "latest_mention", "opens_article", "resolved_pronoun",
            "tagged_person")
_TITLED_MISMATCH = FEATURES.index("gender_mismatch_titled")
#: the learned mention ranker (``python -m quality.coref train`` writes it); absent → the rules rank
MODEL_PATH = Path(__file__).with_name("coref_model.json")


@dataclass(frozen=True)
class LinearRanker:
    """A candidate's score is ``weights · features``; the highest-scoring candidate wins."""

    features: tuple[str, ...]
    weights: tuple[float, ...]

    def score(self, x: tuple[float, ...]) -> float:
        return sum(w * v for w, v in zip(self.weights, x, strict=True))

    @classmethod
    def load(cls, path: Path) -> LinearRanker | None:
        """The model in ``path``, or None when there is none or it was fit on other features."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = data["weights"]
        if set(weights) != set(FEATURES):
            return None
        return cls(FEATURES, tuple(float(weights[f]) for f in FEATURES))


DEFAULT_RANKER = LinearRanker.load(MODEL_PATH)


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
    pronoun: bool = False  # a pronoun already resolved to this person


def _in_spans(pos: int, starts: list[int], ends: list[int]) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


class Coref:
    """Pronoun → entity cluster for one document (persons only)."""

    def __init__(self, doc: Doc, ents: DocEntities, quote_spans: list[tuple[int, int]],
                 weights: Weights | None = None, text: str | None = None, marks: list[QuoteSpan] | None = None,
                 ranker: LinearRanker | None | bool = True):
        self.doc, self.ents, self.w = doc, ents, weights or DEFAULT_WEIGHTS
        #: True → the shipped model (``DEFAULT_RANKER``); None or False → the hand-set rules
        self.ranker = DEFAULT_RANKER if ranker is True else ranker or None
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

        titled: set[int] = set()  # named with an honorific ("Mr.", "Ms."): the surest reading

        def vote(cluster: int, g: str, n: int = 1) -> None:
            v = votes.setdefault(cluster, [0, 0])
            v[0 if g == "m" else 1] += n

        for cl in ents.clusters:
            if cl.type != "PERSON":
                continue
            titled.update([cl.index] if cl.titles & HONORIFICS else [])
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
        self.gender_titled = titled & set(out)
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

    def _candidate(self, cluster: int, head: Token, start: int, pronoun: bool = False) -> Candidate:
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
        return Candidate(cluster, start, k, self._para_of_sent[k], subject, main, speech, possessive, pronoun)

    def _score(self, c: Candidate, gender: str | None, sent: int, para: int, counts: dict[int, int]) -> float:
        """The hand-set rule score (``Weights``): role descriptions rank with it."""
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

    def features(self, pool: list[Candidate], gender: str, sent: int, para: int) -> list[tuple[float, ...]]:
        """The feature vector (``FEATURES``) of each candidate in ``pool`` for a pronoun of
        ``gender`` in sentence ``sent``: what the rules read plus cheap context — distinct persons
        named between candidate and pronoun, whether it is its person's latest mention, how often
        the person is named in the window and before it, whether the person opens the article."""
        counts: dict[int, int] = {}
        for c in pool:
            counts[c.cluster] = counts.get(c.cluster, 0) + 1
        order = sorted(range(len(pool)), key=lambda i: pool[i].start, reverse=True)
        between: dict[int, int] = {}
        latest: set[int] = set()
        seen: set[int] = set()
        for i in order:
            c = pool[i]
            between[i] = len(seen - {c.cluster})
            if c.cluster not in seen:
                latest.add(i)
                seen.add(c.cluster)
        out: list[tuple[float, ...]] = []
        for i, c in enumerate(pool):
            g = self.gender.get(c.cluster)
            mismatch = g is not None and g != gender
            out.append((
                float(g == gender), float(mismatch and c.cluster not in self.gender_titled),
                float(mismatch and c.cluster in self.gender_titled), float(g is None and gender == "f"),
                float(sent - c.sent), float(para - c.para), float(c.sent == sent),
                float(c.subject), float(c.main), float(c.speech), float(c.possessive),
                math.log1p(counts[c.cluster]), math.log1p(self._mentions_before(c.cluster, c.start)),
                math.log1p(between[i]), float(i in latest), float(self._first_sent.get(c.cluster, -1) == 0),
                float(c.pronoun), float(self.ents.clusters[c.cluster].type == "PERSON"),
            ))
        return out

    def _mentions_before(self, cluster: int, start: int) -> int:
        return bisect_right(self._cluster_starts.get(cluster, []), start - 1)

    def _rank(self, pool: list[Candidate], gender: str, sent: int, para: int) -> Candidate:
        """The best candidate: the learned ranker when one is loaded, else the rules."""
        ranker = self.ranker
        if ranker is None:
            counts: dict[int, int] = {}
            for c in pool:
                counts[c.cluster] = counts.get(c.cluster, 0) + 1
            return max(pool, key=lambda c: (self._score(c, gender, sent, para, counts), c.start))
        feats = self.features(pool, gender, sent, para)
        # a person named with an honorific of the other gender ("she" … "Mr. X") is no antecedent
        # while another candidate remains: too rare in training for the ranker to learn (1 of the
        # 26 PolNeAR train pronouns with such a candidate; the veto leaves train CV unchanged)
        kept = [cf for cf in zip(pool, feats, strict=True) if not cf[1][_TITLED_MISMATCH]] or list(zip(pool, feats, strict=True))
        return max(kept, key=lambda cf: (ranker.score(cf[1]), cf[0].start))[0]

    def _resolve_all(self) -> None:
        self._cands = cands = self._candidates()
        self._starts = [c.start for c in cands]
        self._cluster_starts: dict[int, list[int]] = {}
        self._first_sent: dict[int, int] = {}
        for c in cands:
            self._cluster_starts.setdefault(c.cluster, []).append(c.start)
            self._first_sent.setdefault(c.cluster, c.sent)
        added: list[Candidate] = []
        self._added = added
        for p in self._pronouns:
            gender = "m" if p.lower_ in MALE_PRONOUNS else "f"
            k = self.sent_index(p.i)
            pool = self.pool(p)
            if not pool:
                continue
            best = self._rank(pool, gender, k, self._para_of_sent[k])
            self.resolved[p.i] = best.cluster
            if p.dep_ in SUBJECT_DEPS:
                added.append(self._candidate(best.cluster, p, p.idx, pronoun=True))

    def pool(self, tok: Token) -> list[Candidate]:
        """The candidate antecedents of a pronoun or description: person mentions before it
        (and pronouns resolved so far) within ``Weights.window`` sentences."""
        k = self.sent_index(tok.i)
        pool = self._cands[:bisect_right(self._starts, tok.idx - 1)] + [a for a in self._added if a.start < tok.idx]
        return [c for c in pool if k - c.sent <= self.w.window]

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
        pool = self.pool(tok)
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
