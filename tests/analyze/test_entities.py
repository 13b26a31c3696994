"""In-document merging and cross-document linking by name structure."""
from __future__ import annotations

from storyline.link import link_entities


def test_in_document_merge_titles_initials_surname_and_role(analyze):
    a = analyze("Norland's president, Arvid K. Halvorsen, visited the region. Mr. Halvorsen met troops. "
                "The Norlandic leader praised them. Halvorsen left on Friday.")
    people = [e for e in a.local_entities if e.type == "PERSON"]
    assert len(people) == 1
    aliases = set(people[0].aliases)
    assert {"Arvid K. Halvorsen", "Mr. Halvorsen", "Halvorsen", "The Norlandic leader"} <= aliases


def _rows(*entities):
    return [dict(article_id=f"a{i}", idx=0, name=n, type=t, aliases=al) for i, (n, t, al) in enumerate(entities)]


def test_cross_document_linking():
    linked = link_entities(_rows(
        ("Arvid K. Halvorsen", "PERSON", ["Mr. Halvorsen"]),
        ("Arvid Halvorsen", "PERSON", ["President Arvid Halvorsen"]),
        ("Arvid Halvorsen", "PERSON", ["Halvorsen"]),
        ("Halvorsen", "PERSON", ["the palace leader"]),
        ("Mike Walz", "PERSON", []),
        ("Mike Waltz", "PERSON", []),
        ("Donald Trump", "PERSON", []),
        ("Melania Trump", "PERSON", []),
        ("Trump", "PERSON", []),
        ("Tarrow region", "LOC", ["Tarrow"]),
        ("Tarrow", "GPE", []),
    ))
    by_name = {e.name: e for e in linked}
    assert by_name["Arvid Halvorsen"].aliases.count("the palace leader") == 1
    assert len(by_name["Arvid Halvorsen"].members) == 4
    assert "Mike Walz" in (by_name.get("Mike Waltz") or by_name["Mike Walz"]).aliases
    # two people share the surname: a bare "Trump" joins neither
    assert by_name["Donald Trump"].members != by_name["Melania Trump"].members
    assert "Trump" in by_name
    assert len([e for e in linked if e.type in {"LOC", "GPE"}]) == 1
    ids = {e.id for e in linked}
    assert len(ids) == len(linked)
