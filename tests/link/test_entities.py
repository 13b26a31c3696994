"""Cross-article linking on invented names: one entity per real person, organisation and place."""
from __future__ import annotations

from storyline.clean import clean
from storyline.ingest import content_id
from storyline.link import link_entities, link_store
from storyline.model import Analysis, LocalEntity, ProcessedArticle, RawArticle
from storyline.store import Store


def _rows(*articles):
    """articles: (story, [(name, type, aliases), …]) → local entity rows, one article each."""
    rows = []
    for n, (story, entities) in enumerate(articles):
        for i, (name, type_, aliases) in enumerate(entities):
            rows.append(dict(article_id=f"a{n}", idx=i, name=name, type=type_, aliases=aliases, story=story))
    return rows


def _entity_of(linked, article: str, idx: int = 0):
    return next(e for e in linked if (article, idx) in e.members)


def test_bare_surname_joins_its_namesake_in_the_same_story_only():
    linked = link_entities(_rows(
        ("s1", [("Ingrid Solberg", "PERSON", ["Harbour Master Ingrid Solberg"])]),
        ("s1", [("Solberg", "PERSON", ["Ms. Solberg"])]),
        ("s2", [("Solberg", "PERSON", ["Solberg"])]),  # another story, nothing shared: maybe someone else
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0")
    assert _entity_of(linked, "a2") is not _entity_of(linked, "a0")
    assert _entity_of(linked, "a0").name == "Ingrid Solberg"


def test_bare_surname_follows_co_occurring_entities_across_stories():
    common = [("Port Authority of Norland", "ORG", []), ("Tarrow", "GPE", [])]
    linked = link_entities(_rows(
        ("s1", [("Ingrid Solberg", "PERSON", []), *common]),
        ("s2", [("Solberg", "PERSON", []), *common]),  # two entities named with her before
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0")


def test_same_surname_different_people_never_merge():
    linked = link_entities(_rows(
        ("s1", [("Lena Voss", "PERSON", []), ("Norland Rail", "ORG", [])]),
        ("s2", [("Karl Voss", "PERSON", []), ("Quay Post", "ORG", [])]),
        ("s1", [("Voss", "PERSON", ["Ms. Voss"])]),
        ("s2", [("Voss", "PERSON", ["Mr. Voss"])]),
        ("s1", [("Karl Voss", "PERSON", []), ("Lena Voss", "PERSON", [])]),  # both in one article
    ))
    lena, karl = _entity_of(linked, "a0"), _entity_of(linked, "a1")
    assert lena is not karl
    assert _entity_of(linked, "a2") is lena and _entity_of(linked, "a3") is karl
    assert _entity_of(linked, "a4", 0) is karl and _entity_of(linked, "a4", 1) is lena


def test_a_bare_surname_two_namesakes_share_stays_apart():
    linked = link_entities(_rows(
        ("s1", [("Lena Voss", "PERSON", []), ("Karl Voss", "PERSON", [])]),
        ("s1", [("Voss", "PERSON", [])]),
    ))
    assert _entity_of(linked, "a1") not in (_entity_of(linked, "a0", 0), _entity_of(linked, "a0", 1))


def test_generational_suffix_is_another_person():
    linked = link_entities(_rows(
        ("s1", [("Peter Aldane", "PERSON", []), ("Peter Aldane Jr.", "PERSON", ["Aldane Jr."])]),
        ("s1", [("Peter Aldane Jr.", "PERSON", [])]),
        ("s1", [("Aldane Jr.", "PERSON", [])]),
    ))
    father, son = _entity_of(linked, "a0", 0), _entity_of(linked, "a0", 1)
    assert father is not son
    assert _entity_of(linked, "a1") is son and _entity_of(linked, "a2") is son


def test_misspelt_surname_needs_the_same_first_name_and_context():
    linked = link_entities(_rows(
        ("s1", [("Ingrid Solberg", "PERSON", [])]),
        ("s1", [("Ingrid Solbergh", "PERSON", [])]),  # one letter off, same first name, same story
        ("s1", [("Erik Solbergh", "PERSON", [])]),  # another first name
        ("s9", [("Ingrid Solbergh", "PERSON", [])]),  # same spelling as a1: the same name joins anywhere
        ("s7", [("Ingrid Solbert", "PERSON", [])]),  # one letter off, nothing in common
    ))
    ingrid = _entity_of(linked, "a0")
    assert _entity_of(linked, "a1") is ingrid and _entity_of(linked, "a3") is ingrid
    assert _entity_of(linked, "a2") is not ingrid and _entity_of(linked, "a4") is not ingrid


def test_accents_and_spelling_of_names_across_outlets():
    linked = link_entities(_rows(
        ("s1", [("Enrique Peña Marín", "PERSON", []), ("Norrail", "ORG", [])]),
        ("s1", [("Enrique Pena Marin", "PERSON", []), ("Nor-Rail", "ORG", [])]),
        ("s1", [("Peña Marín", "PERSON", [])]),
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0") is _entity_of(linked, "a2")
    assert _entity_of(linked, "a1", 1) is _entity_of(linked, "a0", 1)


def test_acronym_and_full_name():
    linked = link_entities(_rows(
        ("s1", [("Norland Maritime Safety Board", "ORG", ["the Norland Maritime Safety Board"])]),
        ("s1", [("NMSB", "ORG", ["the NMSB"])]),
        ("s2", [("N.M.S.B.", "ORG", [])]),
        ("s3", [("Federal Bureau of Inquiry", "ORG", [])]),
        ("s3", [("FBI", "ORG", [])]),
        ("s3", [("Norland Marine Science Board", "ORG", [])]),  # the same initials, another board
    ))
    board = _entity_of(linked, "a0")
    assert _entity_of(linked, "a1") is board and _entity_of(linked, "a2") is board
    assert _entity_of(linked, "a4") is _entity_of(linked, "a3")
    assert _entity_of(linked, "a5") is not board


def test_places_and_organisations_by_name():
    linked = link_entities(_rows(
        ("s1", [("Tarrow region", "LOC", ["Tarrow"])]),
        ("s2", [("Tarrow", "GPE", [])]),
        ("s3", [("Quay Post", "ORG", [])]),
        ("s4", [("The Quay Post", "ORG", [])]),
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0")
    assert _entity_of(linked, "a3") is _entity_of(linked, "a2")
    assert len({e.id for e in linked}) == len(linked)


def _article(text: str, entities: list[tuple[str, str]]) -> ProcessedArticle:
    raw = RawArticle(id=content_id(text), source=f"{text[:8]}.txt", format="text", text=text, encoding="utf-8")
    local = tuple(LocalEntity(i, name, type_, (name,)) for i, (name, type_) in enumerate(entities))
    return ProcessedArticle(clean(raw), Analysis(local_entities=local))


def test_linking_is_incremental_against_the_stored_index(db_url):
    store = Store(db_url)
    first = _article("Harbour news\n\nThe harbour reopened on Friday after the storm, officials said today.\n",
                     [("Ingrid Solberg", "PERSON"), ("Port Authority of Norland", "ORG")])
    store.save(first)
    assert link_store(store) == 2
    before = {e["id"]: e for e in store.entities()}
    second = _article("Harbour follow-up\n\nThe harbour was busy again on Saturday as ferries returned.\n",
                      [("Solberg", "PERSON"), ("PAN", "ORG"), ("Tarrow", "GPE")])
    store.save(second)
    store.write_stories([dict(id="s1", size=2, keys="[]")], [("s1", first.id), ("s1", second.id)], clear=False)
    assert link_store(store) == 3  # only the new article's entities are linked
    after = {e["id"]: e for e in store.entities()}
    assert set(before) < set(after) and len(after) == 3  # Solberg and the authority joined, Tarrow is new
    art = store.get_article(second.id)
    ids = {le["name"]: le["entity_id"] for le in art["local_entities"]}
    solberg = next(i for i, e in before.items() if e["name"] == "Ingrid Solberg")
    authority = next(i for i, e in before.items() if e["type"] == "ORG")
    assert ids["Solberg"] == solberg and ids["PAN"] == authority
    assert "Solberg" in after[solberg]["aliases"]
    assert link_store(store) == 0  # nothing left to link


def test_a_first_name_alone_joins_the_one_person_of_its_story_so_named():
    linked = link_entities(_rows(
        ("s1", [("Duncan Ferrow", "PERSON", []), ("Margit Ferrow", "PERSON", [])]),
        ("s1", [("Margit", "PERSON", ["his wife, Margit"])]),
        ("s2", [("Margit", "PERSON", [])]),  # another story: not her
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0", 1)
    assert _entity_of(linked, "a2") is not _entity_of(linked, "a0", 1)


def test_a_full_name_joins_its_first_name_seen_alone_before_in_the_story():
    linked = link_entities(_rows(
        ("s1", [("Margit", "PERSON", [])]),
        ("s1", [("Margit Ferrow", "PERSON", [])]),
        ("s2", [("Margit Ferrow", "PERSON", [])]),
        ("s3", [("Margit", "PERSON", [])]),
        ("s4", [("Margit Lund", "PERSON", [])]),  # another story: the bare "Margit" of s3 is not hers
    ))
    assert _entity_of(linked, "a1") is _entity_of(linked, "a0") is _entity_of(linked, "a2")
    assert _entity_of(linked, "a4") is not _entity_of(linked, "a3")
