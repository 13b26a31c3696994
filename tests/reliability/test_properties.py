"""Property-based tests: the cleaner, the quote finder and the number parser never raise on arbitrary
text, and every span they return lies inside the text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze.build import analyze_many
from storyline.analyze.marks import find_quote_spans
from storyline.analyze.numbers import parse_number
from storyline.clean import clean
from storyline.clean.article import CleanError
from storyline.clean.lines import classify
from storyline.ingest import content_id
from storyline.model import RawArticle
from tests.analyze.conftest import make_clean

ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc", "Cf"))
TEXTS = st.text(alphabet=ALPHABET, max_size=600) | st.lists(
    st.sampled_from(["The mayor said", "“", "”", '"', "‘", "’", "\n", "\n\n", " 40 ", "two", "Subscribe", "©",
                     "By Ann Lee", "(Photo/Getty)", "…", "\u200b", "\u202e", ".", ","]), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_line_classifier_and_cleaner(text):
    for ln in classify(text):
        assert 0 <= ln.start <= ln.end <= len(text) and text[ln.start:ln.end] == ln.text
    if not text.strip():
        return
    try:
        art = clean(RawArticle(id=content_id(text), source="h.txt", format="text", text=text, encoding="utf-8"))
    except CleanError:
        return
    for p in art.paragraphs:
        assert art.body[p.start:p.end] == text[p.raw_start:p.raw_end]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_quote_finder(text):
    for q in find_quote_spans(text):
        assert 0 <= q.open <= q.start <= q.end <= q.close <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12) | st.sampled_from(["1,100", "two", "billion", "-", "4.5", "hundred"]),
                max_size=6))
def test_number_parser(words):
    value = parse_number(words)
    assert value is None or isinstance(value, float)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_analysis_spans_inside_the_body(text):
    body = "\n".join(line.strip() for line in text.split("\n") if line.strip()) or "x"
    a = analyze_many([make_clean(body)])[0]
    for span in list(a.quotes) + list(a.claims) + list(a.time_refs) + list(a.mentions) + list(a.sentences):
        assert 0 <= span.start <= span.end <= len(body)
