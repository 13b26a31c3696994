"""Clauses cut once from the parse: never inside a number, a clock time or an abbreviation."""
from __future__ import annotations

from storyline.analyze.clauses import content_words
from storyline.model import Analysis


def _texts(body: str, a: Analysis) -> list[str]:
    return [body[c.start:c.end] for c in a.clauses]


def test_a_thousands_comma_is_not_a_cut(analyze):
    body = "Officials said 2,000 residents of the coastal town were evacuated overnight."
    a = analyze(body)
    assert _texts(body, a) == [body]


def test_a_clock_time_is_not_a_cut(analyze):
    body = "The first missile was launched at 7:16 from a site near the northern border."
    assert _texts(body, analyze(body)) == [body]


def test_an_abbreviation_is_not_a_cut(analyze):
    body = "The U.S. Navy moved two destroyers to the region, officials in Washington confirmed on Monday."
    texts = _texts(body, analyze(body))
    assert texts == ["The U.S. Navy moved two destroyers to the region",
                     "officials in Washington confirmed on Monday."]


def test_a_comma_and_a_conjunction_cut(analyze):
    """A conjunction right after a comma stays with its clause (nothing lies between the two cuts)."""
    body = ("Rescue teams searched the flooded valley through the night, "
            "but the river kept rising while heavy rain fell on the hills.")
    a = analyze(body)
    assert _texts(body, a) == ["Rescue teams searched the flooded valley through the night",
                               "but the river kept rising", "heavy rain fell on the hills."]
    assert all(c.sentence == 0 for c in a.clauses)


def test_a_short_piece_joins_the_next_and_spans_are_in_body_coordinates(analyze):
    body = ("A quiet opening line stands here.\n"
            "In Paris, the ministers of three countries signed the accord on fishing rights.")
    a = analyze(body)
    second = [c for c in a.clauses if c.sentence == 1]
    assert [body[c.start:c.end] for c in second] == [
        "In Paris, the ministers of three countries signed the accord on fishing rights."]
    assert second[0].start == body.index("In Paris")


def test_the_verb_flag_comes_from_the_parse(analyze):
    body = ("The storm destroyed the harbour wall on Friday, "
            "the worst damage to the historic fishing port in a century.")
    a = analyze(body)
    assert [(body[c.start:c.end], c.has_verb) for c in a.clauses] == [
        ("The storm destroyed the harbour wall on Friday", True),
        ("the worst damage to the historic fishing port in a century.", False)]


def test_content_words_skip_function_words():
    assert content_words("The ministers of three countries") == ["ministers", "three", "countries"]


def test_a_clause_carries_its_content_words_as_the_parse_lemmatises_them(analyze):
    body = "The gunmen dressed as police officers stormed the offices of the newspapers."
    (clause,) = analyze(body).clauses
    assert clause.lemmas == ("gunman", "dress", "police", "officer", "storm", "office", "newspaper")


def test_a_short_bracketed_aside_stays_inside_its_clause(analyze):
    """Cut at the brackets, the clause after the aside would lose its subject."""
    body = ("The Northern Front (NF, formerly the Valley Brigade) has claimed the attack on the depot, "
            "while the army blamed a rival militia.")
    assert _texts(body, analyze(body)) == [
        "The Northern Front (NF, formerly the Valley Brigade) has claimed the attack on the depot",
        "while the army blamed a rival militia."]
