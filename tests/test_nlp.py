"""The shared spaCy model: derived parse values are kept per text, so reconcile parses a sentence once."""
from __future__ import annotations

from storyline import nlp


def test_parsed_derives_each_text_once_and_keeps_it():
    seen: list[str] = []

    def derive(doc):
        seen.append(doc.text)
        return len(doc)

    kept: dict[str, int] = {}
    first = nlp.parsed(["The ship ran aground.", "Crews were rescued.", "The ship ran aground."], derive, kept)
    assert first == {"The ship ran aground.": 5, "Crews were rescued.": 4}
    assert seen == ["The ship ran aground.", "Crews were rescued."]
    again = nlp.parsed(["Crews were rescued.", "Oil leaked."], derive, kept)
    assert again == {"Crews were rescued.": 4, "Oil leaked.": 3}
    assert seen[2:] == ["Oil leaked."]  # only the new text was parsed


def test_parsed_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(nlp, "PARSED_KEPT", 2)
    kept: dict[str, int] = {}
    nlp.parsed(["One.", "Two."], len, kept)
    nlp.parsed(["Three."], len, kept)
    assert len(kept) <= 2 and "Three." in kept
