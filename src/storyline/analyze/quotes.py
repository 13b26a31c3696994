"""Direct and partial quotations: the marked spans (``marks.py``), each attributed to a speaker
(``attribution.py``, pronouns through ``coref.py``).
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from storyline.analyze.attribution import SPEAKER_TYPES, Attribution, attribute
from storyline.analyze.entities import DocEntities
from storyline.analyze.marks import CLOSERS, SINGLE_OPEN, WORDS, QuoteSpan, find_quote_spans
from storyline.model import Quote

#: Tokens of a sentence after a quote that may still name its speaker ("Sanders replied.").
SHORT_TAIL = 12
#: What may stand between a paragraph's start and a quote that reopens there.
OPENING_MARKS = {"", "“", '"', "«", "„"}


#: A quoted name of a work ("… said on CNN's “State of the Union”") has at most this many words.
TITLE_MAX_WORDS = 8
#: Nouns that announce the quoted name of a work after them ("the show “…”").
WORK_NOUNS = {"show", "program", "programme", "film", "movie", "series", "documentary", "podcast",
              "newsletter", "album", "song", "broadcast"}


def _kind(text: str) -> str:
    words = WORDS.findall(text)
    return "direct" if len(words) >= 5 and text[:1].isupper() else "partial"


def extract_quotes(doc: Doc, ents: DocEntities, text: str | None = None,
                   spans: list[QuoteSpan] | None = None) -> list[Quote]:
    """The quotes of ``doc``; ``text`` (``doc.text``) and ``spans`` (its ``find_quote_spans``) when
    an earlier component already has them (``Doc.text`` joins every token on each access)."""
    text = doc.text if text is None else text
    spans = find_quote_spans(text) if spans is None else spans
    spans = _without_restated(spans, text)
    token_spans: list[tuple[int, int]] = []
    for q in spans:
        span = doc.char_span(q.open, q.close, alignment_mode="expand")
        token_spans.append((span.start, span.end) if span is not None else (0, 0))
    out: list[Quote] = []
    for q, (ts, te) in zip(spans, token_spans, strict=True):
        if te <= ts or _work_title(doc, ts, te):
            continue
        first, last = ents.sent(ts), ents.sent(te - 1)
        cstart, cend = first.start, last.end
        # a colon lead-in: 'X said: "…"' may be parsed as its own sentence
        if doc[cstart].idx >= q.open - 1 and cstart > 0:
            prev = ents.sent(cstart - 1)
            if prev.text.rstrip().endswith(":"):
                cstart = prev.start
        # '“… next year?” Sanders replied.': the quote closes its sentence, a short one names the speaker
        if cend < len(doc) and doc[cend - 1].idx < q.close <= doc[cend - 1].idx + len(doc[cend - 1].text) + 1:
            after = ents.sent(cend)
            between = text[q.close:after.start_char]
            if "\n" not in between and len(after) <= SHORT_TAIL and not any(
                    s <= after.start < e or s < after.end <= e for s, e in token_spans) \
                    and not any(ch in after.text for ch in CLOSERS):
                cend = after.end
        attr = attribute(doc, ents, (ts, te), (cstart, cend), token_spans, quote=True)
        if attr.cluster is None and attr.described is None:
            attr = _dash_speaker(doc, text, ents, q) or _previous_sentence(doc, text, ents, q, ts, cstart, token_spans) \
                or attr
        speaker = ents.clusters[attr.cluster].name if attr.cluster is not None else attr.described
        out.append(Quote(start=q.start, end=q.end, text=text[q.start:q.end], kind=_kind(text[q.start:q.end]),
                         cue=attr.cue, speaker=speaker, speaker_cluster=attr.cluster,
                         speaker_start=attr.speaker_start, speaker_end=attr.speaker_end))
    return _continue_speakers(out, spans, text)


def _words(text: str) -> str:
    return " " + " ".join(WORDS.findall(text.lower())) + " "


def _without_restated(spans: list[QuoteSpan], text: str) -> list[QuoteSpan]:
    """Drop a single-marked quote (the headline style: Mayor Calls Plan ‘Reckless’) whose words the
    article quotes again between double marks: that copy is the same quote, with its speaker and
    context, and the dossier should not count it twice."""
    doubles = [_words(text[q.start:q.end]) for q in spans if text[q.open] != SINGLE_OPEN]
    return [q for q in spans if text[q.open] != SINGLE_OPEN
            or not any(_words(text[q.start:q.end]) in d for d in doubles)]


def _work_title(doc: Doc, ts: int, te: int) -> bool:
    """The quoted words name a programme, film or the like, not what someone said: a short
    capitalised title ("Face the Nation") right after a possessive ("CBS's") or a noun for a work
    ("the show")."""
    words = [t for t in doc[ts:te] if t.is_alpha]
    if not words or len(words) > TITLE_MAX_WORDS or not words[0].text[0].isupper() \
            or any(not t.is_stop and not t.text[0].isupper() for t in words):
        return False
    before = ts - 1
    while before >= 0 and doc[before].is_quote:
        before -= 1
    if before < 0:
        return False
    lead = doc[before]
    return lead.tag_ == "POS" or lead.lower_ in WORK_NOUNS


#: "“…” ― Ariana Huichapa": a dash after the closing mark names the speaker.
DASHES = "―—–-"


def _dash_speaker(doc: Doc, text: str, ents: DocEntities, q: QuoteSpan) -> Attribution | None:
    i = q.close
    while i < len(text) and text[i] in " \t.,":
        i += 1
    if i >= len(text) or text[i] not in DASHES:
        return None
    tok = doc.char_span(i, i + 1, alignment_mode="expand")
    if tok is None:
        return None
    for t in doc[tok.end:min(len(doc), tok.end + 4)]:
        if "\n" in t.text:
            break
        cluster = ents.cluster_at(t)
        if cluster is None and t.pos_ == "PROPN":
            cluster = ents.adhoc(t)
        if cluster is not None and ents.clusters[cluster].type in SPEAKER_TYPES:
            return Attribution(cluster, "—", t.idx, t.idx + len(t.text))
    return None


def _previous_sentence(doc: Doc, text: str, ents: DocEntities, q: QuoteSpan, ts: int, cstart: int,
                       quoted: list[tuple[int, int]]) -> Attribution | None:
    """A quote with no speech verb of its own right after a sentence whose named subject speaks
    ("…, Schiff said. “The other factor …”"): that speaker."""
    if cstart == 0 or doc[ts].idx > q.open + 1 and any(
            t.pos_ == "VERB" and not any(s <= t.i < e for s, e in quoted) for t in doc[cstart:ts]):
        return None
    prev = ents.sent(cstart - 1)
    if "\n" in text[prev.end_char:doc[cstart].idx] and not prev.text.rstrip().endswith(":") \
            and not _quote_paragraph(text, q):
        return None
    attr = attribute(doc, ents, (prev.start, prev.end), (prev.start, prev.end), quoted)
    if attr.cluster is None or attr.cue in {None, "according to"}:
        return None
    return attr


def _quote_paragraph(text: str, q: QuoteSpan) -> bool:
    """The quote opens its paragraph."""
    return text[text.rfind("\n", 0, q.open) + 1:q.open].strip() == ""


def _continue_speakers(quotes: list[Quote], spans: list[QuoteSpan], text: str) -> list[Quote]:
    """A quote with no cue of its own continues the speaker of the quote next to it in the paragraph
    (or of the previous paragraph's last quote when this paragraph opens with the quote)."""
    para_of = {(s.start, s.end): s.paragraph for s in spans}
    result = list(quotes)
    for i, q in enumerate(result):
        if q.speaker_cluster is not None or q.cue is not None:
            continue
        p = para_of.get((q.start, q.end))
        if p is None:
            continue
        opens_paragraph = text[text.rfind("\n", 0, q.start) + 1:q.start].strip() in OPENING_MARKS
        donor = None
        for j in [*range(i - 1, -1, -1), *range(i + 1, len(result))]:
            other = result[j]
            if other.speaker_cluster is None:
                continue
            op = para_of.get((other.start, other.end))
            if op == p or (j < i and opens_paragraph and op == p - 1):
                donor = other
                break
        if donor is not None:
            result[i] = replace(q, cue=donor.cue, speaker=donor.speaker, speaker_cluster=donor.speaker_cluster,
                                speaker_start=donor.speaker_start, speaker_end=donor.speaker_end)
    return result
