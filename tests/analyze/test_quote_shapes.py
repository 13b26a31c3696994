"""Generated quote/paragraph shapes through the whole analyzer: it never raises, every span lies in
the body, and every speaker it names is a name written in the body.

The shapes are the ones news uses (and the ones that once crashed ``_continue_speakers``): an
attributed quote, a colon lead-in, a quote paragraph with no speaker after an attributed one, a
quote that stays open over paragraphs and reopens in each, a closing-only paragraph, a pronoun
speaker, a nested single quote, prose between them, in any order and with any marks.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze.build import analyze_many
from tests.analyze.conftest import make_clean

NAMES = ["Mara Quist", "Tomas Wren", "Ivo Brandt", "Lena Ortiz"]
MARKS = [("“", "”"), ('"', '"'), ("«", "»")]
WORDS = ["the plan will work", "we will not give up on the harbour", "nobody expected 40 ships",
         "it is too early to say", "the vote was fair"]


@st.composite
def paragraph(draw) -> str:
    o, c = draw(st.sampled_from(MARKS))
    name = draw(st.sampled_from(NAMES))
    words = draw(st.sampled_from(WORDS)).capitalize()
    shape = draw(st.integers(0, 9))
    return [
        f"{o}{words},{c} said {name}.",
        f"{name} said: {o}{words}.{c}",
        f"{o}{words}.{c}",  # a paragraph that is only a quote
        f"{o}{words},",  # opens and stays open (continues in the next paragraph)
        f"{o}and {words.lower()}.{c}",  # reopens a continued quote
        f"and {words.lower()}.{c}",  # closing mark only
        f"{o}{words},{c} she said.",
        f"{name} called it {o[0] if o != '«' else '‘'}a {words.split()[-1]}{c if o != '«' else '’'} on Monday.",
        f"The council met on Tuesday and {name.split()[0]}'s sister, {NAMES[0]}, wrote to it.",
        f"{o}{words}, {c}{name} said, {o}and {words.lower()}.{c}",
    ][shape]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph(), min_size=1, max_size=8))
def test_generated_quote_shapes(paragraphs):
    body = "\n".join(paragraphs)
    analysis = analyze_many([make_clean(body)])[0]
    for q in analysis.quotes:
        assert 0 <= q.start <= q.end <= len(body)
        assert body[q.start:q.end] == q.text
        if q.speaker is not None:
            assert q.speaker in body, f"speaker {q.speaker!r} is not written in the body"
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(body)
