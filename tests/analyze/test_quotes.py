"""Quote shapes and speaker patterns on sentences written for these tests."""
from __future__ import annotations

import pytest

from storyline.analyze.marks import find_quote_spans


def _by_text(analysis):
    return {q.text.rstrip(".,"): q for q in analysis.quotes}


def test_marks_straight_curly_split_and_unclosed():
    text = ('"We will rebuild," the mayor said, "and we will do it this year."\n'
            '“Nobody expected this,” she said.\n'
            '“The first paragraph of a long statement goes on\n'
            '“and the second paragraph closes it.”\n'
            'Officials called the plan ‘reckless’ but Russia’s envoy did not comment.')
    spans = [text[q.start:q.end] for q in find_quote_spans(text)]
    assert spans == ["We will rebuild", "and we will do it this year.", "Nobody expected this",
                     "The first paragraph of a long statement goes on", "and the second paragraph closes it.",
                     "reckless"]


def test_find_quote_spans_never_leaves_the_text():
    for text in ['"', '“', 'a "b', '‘x’', '"""', "“a”b”c“", "\n\"\n\"", "‘’"]:
        for q in find_quote_spans(text):
            assert 0 <= q.start <= q.end <= len(text)


def test_said_x_and_x_said_and_inverted(analyze):
    a = analyze('Harbour master Ingrid Solberg said the port would reopen. "We expect ships by Monday," '
                'Solberg said.\n"The water is clean now," said Tomas Reyes, the environment minister.')
    q = _by_text(a)
    assert q["We expect ships by Monday"].speaker == "Ingrid Solberg"
    assert q["We expect ships by Monday"].kind == "direct"
    assert q["The water is clean now"].speaker == "Tomas Reyes"


def test_pronoun_two_sentences_after_the_name(analyze):
    a = analyze("Mayor Colin Abbott opened the new library on Saturday. The building cost four million dollars. "
                '"A town without books is poorer," he said.')
    assert _by_text(a)["A town without books is poorer"].speaker == "Colin Abbott"


def test_two_speakers_in_one_paragraph(analyze):
    a = analyze('Councillor Priya Nand backed the budget. "It keeps every branch open," Nand said. '
                'Her rival, Councillor Owen Reed, disagreed. "We are paying for books with potholes," Reed said.')
    q = _by_text(a)
    assert q["It keeps every branch open"].speaker == "Priya Nand"
    assert q["We are paying for books with potholes"].speaker == "Owen Reed"


def test_according_to_told_posted_and_colon(analyze):
    a = analyze('The bridge was "structurally unsound," according to engineer Paula Grant.\n'
                'Minister Tomas Reyes told reporters that the repairs were "long overdue."\n'
                'Senator Ana Kovac posted on Facebook: "The county failed its drivers."\n'
                '"Nobody was hurt," Governor Lena Hart wrote on X.')
    q = _by_text(a)
    assert q["structurally unsound"].speaker == "Paula Grant" and q["structurally unsound"].kind == "partial"
    assert q["long overdue"].speaker == "Tomas Reyes"
    assert q["The county failed its drivers"].speaker == "Ana Kovac"
    assert q["Nobody was hurt"].speaker == "Lena Hart"


def test_role_description_and_continued_quote(analyze):
    a = analyze("Environment Minister Tomas Reyes visited the coast on Tuesday. "
                'The minister called the spill "a disaster."\n'
                '"We will find who is responsible," Reyes said. "And they will pay."')
    q = _by_text(a)
    assert q["a disaster"].speaker == "Tomas Reyes"
    assert q["And they will pay"].speaker == "Tomas Reyes"


def test_unattributed_and_group_speakers_stay_empty(analyze):
    a = analyze('Residents said the water tasted "strange" for days.')
    assert [q.speaker for q in a.quotes] == [None]


def test_speaker_is_never_a_pronoun(analyze):
    a = analyze('"It is over," he said. "We go home now," she added.')
    assert all(q.speaker is None for q in a.quotes)


# Regression: every quote shape that reaches _continue_speakers (it once read an undefined name and
# dropped the whole article as an internal error). Each case: text, {quote words: speaker}.
CONTINUED = {
    "unattributed quote paragraph after an attributed one": (
        '"The bridge will open in May," said Mayor Lena Ortiz.\n"We have waited long enough for it."',
        {"The bridge will open in May": "Lena Ortiz", "We have waited long enough for it": "Lena Ortiz"}),
    "quote that reopens in the next paragraph": (
        '“The harbour is safe again,” harbour master Ivo Brandt said. “The divers checked every pier\n'
        '“and found nothing that could harm a ship.”',
        {"The harbour is safe again": "Ivo Brandt", "The divers checked every pier": "Ivo Brandt",
         "and found nothing that could harm a ship": "Ivo Brandt"}),
    "quote over three paragraphs, closed only at the end": (
        'Engineer Mara Quist said: “The first test failed because the valve froze.\n'
        '“The second test failed because the pump was too small.\n'
        '“The third test worked, and we will build the plant next year.”',
        {"The first test failed because the valve froze": "Mara Quist",
         "The second test failed because the pump was too small": "Mara Quist",
         "The third test worked, and we will build the plant next year": "Mara Quist"}),
    "paragraph that is only a quote, no speaker anywhere": (
        'The council met on Tuesday.\n"Nobody here wants another delay."\nThe vote is next week.',
        {"Nobody here wants another delay": None}),
}


@pytest.mark.parametrize("case", list(CONTINUED))
def test_continued_quote_shapes(analyze, case):
    text, expected = CONTINUED[case]
    a = analyze(text)
    assert {k: v.speaker for k, v in _by_text(a).items()} == expected


def test_quote_paragraph_does_not_borrow_a_speaker_across_a_paragraph_of_prose(analyze):
    a = analyze('"We will appeal," said lawyer Tomas Wren.\nThe court adjourned until Monday.\n'
                'Its ruling surprised the town. "Justice was done," one resident wrote on a sign.')
    q = _by_text(a)
    assert q["We will appeal"].speaker == "Tomas Wren"
    assert q["Justice was done"].speaker != "Tomas Wren"


def test_mixed_double_marks_close_where_a_quote_ends():
    """A quote opened with one style of double mark and closed with another, or with a mark typed
    the wrong way round after a word, still closes there; a mark of the other style that opens
    inside the quote is a nested quote, not its end."""
    text = ('"Apparently not,“ he said. “A leopard does not change its spots.”\n'
            '“The pool is out of balance," the group wrote. "A correction is needed now."\n'
            '“He called the count "rigged" again,” she said.')
    spans = [text[q.start:q.end] for q in find_quote_spans(text)]
    assert spans == ["Apparently not", "A leopard does not change its spots.", "The pool is out of balance",
                     "A correction is needed now.", 'He called the count "rigged" again']


def test_markup_attribute_values_and_inch_marks_are_not_quotes():
    """Scraped text keeps embed markup (``<post author="@x" id="1">``): a straight mark right after
    "=" opens an attribute's value, not a quotation; a straight mark after a number is an inch
    mark (6'3" tall). The quotation after them is still found."""
    text = ('<post author="@harbourwatch" id="9912" date="May 3">The ferry is late again</post>\n'
            'The new harbour master is 6\'3" tall and "ready for the job," she said.')
    spans = [text[q.start:q.end] for q in find_quote_spans(text)]
    assert spans == ["ready for the job"]


def test_a_programme_or_film_title_is_not_a_quote(analyze):
    """A short capitalised title right after a possessive or a noun for a work names a programme;
    what the speaker said on it is still a quote, and so is a capitalised slogan someone said."""
    a = analyze('Mayor Ingrid Solberg spoke on Harbour TV\'s "Morning Tide" on Sunday. '
                '"The port will reopen," Solberg said.\n'
                'She also appeared in the documentary "Salt and Iron" last year.\n'
                'Her rival, Owen Reed, shouted "Save Our Port" at the rally.')
    q = _by_text(a)
    assert "Morning Tide" not in q and "Salt and Iron" not in q
    assert q["The port will reopen"].speaker == "Ingrid Solberg"
    assert q["Save Our Port"].speaker == "Owen Reed"


def test_a_headline_quote_the_body_quotes_again_is_listed_once(analyze):
    """The headline's ‘Reckless’ restates the body's quote: one quote, the body's, with its speaker;
    a headline quote the body does not repeat stays."""
    a = analyze("Mayor Calls Harbour Plan ‘Reckless’ as Council Asks for ‘More Time’\n"
                'Mayor Ingrid Solberg said on Monday that the plan was "reckless and rushed."')
    texts = [q.text for q in a.quotes]
    assert texts == ["More Time", "reckless and rushed."]
    assert a.quotes[1].speaker == "Ingrid Solberg"
