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
    return [dict(article_id=f"a{i}", idx=0, name=n, type=t, aliases=al, story="s1") for i, (n, t, al) in enumerate(entities)]


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
    by_member = {m: e for e in linked for m in e.members}
    arvid = by_member["a0", 0]
    assert arvid.aliases.count("the palace leader") == 1
    assert len(arvid.members) == 4
    assert by_member["a4", 0] is by_member["a5", 0]  # Mike Walz / Mike Waltz, one story
    # two people share the surname: a bare "Trump" joins neither
    assert by_member["a6", 0] is not by_member["a7", 0]
    assert by_member["a8", 0] not in (by_member["a6", 0], by_member["a7", 0])
    assert len([e for e in linked if e.type in {"LOC", "GPE"}]) == 1
    ids = {e.id for e in linked}
    assert len(ids) == len(linked)


def test_namesakes_in_one_article_by_title_salience_and_honorific(analyze):
    a = analyze("Former Vice President Olav Marsh spoke first. His daughter, Ida Marsh, a council candidate, "
                "disagreed with him. Later, Olav Marsh wrote to voters. Mr. Marsh said the vote was close. "
                "Ms. Marsh thanked them. Vice President Marsh declined to comment.")
    people = {e.name: set(e.aliases) for e in a.local_entities if e.type == "PERSON"}
    assert "Olav Marsh" in people and "Ida Marsh" in people
    assert {"Mr. Marsh", "Vice President Marsh"} <= people["Olav Marsh"]  # the one named most; the title
    assert "Ms. Marsh" in people["Ida Marsh"]  # not the namesake called "Mr."


def test_suffix_acronym_and_misspelling_in_one_article(analyze):
    a = analyze("Peter Aldane Jr. met his father, Peter Aldane, on Monday. Aldane Jr. said little. "
                "The Norland Maritime Safety Board opened an inquiry. The NMSB said it would report in May. "
                "Gov. Arvid Halvorsen praised the inquiry. Mr. Halvorssen said the board was right.")
    people = {e.name: set(e.aliases) for e in a.local_entities if e.type == "PERSON"}
    assert "Peter Aldane Jr." in people and "Peter Aldane" in people
    assert "Aldane Jr." in people["Peter Aldane Jr."]
    orgs = [e for e in a.local_entities if e.type in {"ORG", "GPE"} and "NMSB" in e.aliases]
    assert len(orgs) == 1 and "Norland Maritime Safety Board" in orgs[0].aliases
    assert "Mr. Halvorssen" in people["Arvid Halvorsen"]


def test_a_first_name_alone_joins_the_one_person_so_named(analyze):
    a = analyze("Ida Marsh and Karl Voss met on Monday. Ida said the talks went well.")
    people = {e.name: set(e.aliases) for e in a.local_entities if e.type == "PERSON"}
    assert "Ida" in people["Ida Marsh"] and "Ida" not in people


def test_role_nouns_follow_abbreviated_and_former_titles(analyze):
    a = analyze("Gov. Arvid Halvorsen signed the bill on Monday. Former President Ida Marsh opposed it. "
                "Rep. Karl Voss voted for it. The governor said the law was fair. "
                "The former president called it a mistake. The congressman defended it.")
    by_alias = {al: e.name for e in a.local_entities if e.type == "PERSON" for al in e.aliases}
    assert by_alias.get("The governor") == "Arvid Halvorsen"
    assert by_alias.get("The former president") == "Ida Marsh"
    assert by_alias.get("The congressman") == "Karl Voss"


def test_an_honorific_is_not_the_namesake_whose_first_name_is_the_other_gender(analyze):
    """Neither namesake has been called "Mr." or "Mrs." yet, and the man was named last: "Mrs. Marsh"
    is still Laura Marsh, "Mr. Marsh" Peter Marsh (first names from ``name_gender.json``)."""
    a = analyze("Laura Marsh on Friday released her tax returns, showing that she and former Governor Peter Marsh "
                "earned $9 million.\nThe returns were meant to answer critics, Mrs. Marsh said.\n"
                "In all, Mr. Marsh earned $4 million for speeches.")
    people = {e.name: set(e.aliases) for e in a.local_entities if e.type == "PERSON"}
    assert "Mrs. Marsh" in people["Laura Marsh"]
    assert "Mr. Marsh" in people["Peter Marsh"]
