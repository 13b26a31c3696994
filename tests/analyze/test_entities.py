"""In-document merging and cross-document linking by name structure."""
from __future__ import annotations

from storyline.link import link_entities


def test_in_document_merge_titles_initials_surname_and_role(analyze):
    a = analyze("Russia's president, Vladimir V. Putin, visited the region. Mr. Putin met troops. "
                "The Russian leader praised them. Putin left on Friday.")
    putin = [e for e in a.local_entities if e.type == "PERSON"]
    assert len(putin) == 1
    aliases = set(putin[0].aliases)
    assert {"Vladimir V. Putin", "Mr. Putin", "Putin", "The Russian leader"} <= aliases


def _rows(*entities):
    return [dict(article_id=f"a{i}", idx=0, name=n, type=t, aliases=al) for i, (n, t, al) in enumerate(entities)]


def test_cross_document_linking():
    linked = link_entities(_rows(
        ("Vladimir V. Putin", "PERSON", ["Mr. Putin"]),
        ("Vladimir Putin", "PERSON", ["President Vladimir Putin"]),
        ("Vladimir Putin", "PERSON", ["Putin"]),
        ("Putin", "PERSON", ["the Kremlin leader"]),
        ("Mike Walz", "PERSON", []),
        ("Mike Waltz", "PERSON", []),
        ("Donald Trump", "PERSON", []),
        ("Melania Trump", "PERSON", []),
        ("Trump", "PERSON", []),
        ("Kursk region", "LOC", ["Kursk"]),
        ("Kursk", "GPE", []),
    ))
    by_name = {e.name: e for e in linked}
    assert by_name["Vladimir Putin"].aliases.count("the Kremlin leader") == 1
    assert len(by_name["Vladimir Putin"].members) == 4
    assert "Mike Walz" in (by_name.get("Mike Waltz") or by_name["Mike Walz"]).aliases
    # two people share the surname: a bare "Trump" joins neither
    assert by_name["Donald Trump"].members != by_name["Melania Trump"].members
    assert "Trump" in by_name
    assert len([e for e in linked if e.type in {"LOC", "GPE"}]) == 1
    ids = {e.id for e in linked}
    assert len(ids) == len(linked)
