"""An outlet's repeated boilerplate (a promo paragraph in many of its articles and in no other
outlet's) becomes an aside as articles arrive: kept in the body, never evidence (real SQLite)."""
from __future__ import annotations

from storyline.clean import clean
from storyline.ingest import content_id
from storyline.model import Analysis, ParagraphKind, ProcessedArticle, RawArticle
from storyline.store import Store

PROMO = "This reporting was produced with help from the Coastal Reporting Fund, which had no say over its content."
SHARED = "The ferry operator said sailings would resume on Friday after the storm passed over the island."


def _article(outlet: str, n: int, *extra: str) -> ProcessedArticle:
    text = "\n\n".join([f"The council of town number {n} voted on Tuesday to repair its harbour wall, the mayor said.",
                        *extra, f"Work on wall {n} will start in the spring and last about four months, officials said."])
    raw = RawArticle(id=content_id(text), source=f"{outlet}-{n}.txt", format="text", text=text, encoding="utf-8",
                     outlet=outlet)
    return ProcessedArticle(clean(raw), Analysis())


def _kinds(store: Store, item: ProcessedArticle) -> dict[str, str]:
    art = store.get_article(item.id)
    assert art is not None
    return {art["body"][p["start"]:p["end"]]: p["kind"] for p in art["paragraphs"]}


def test_promo_repeated_by_one_outlet_becomes_an_aside_as_articles_arrive(db_url):
    store = Store(db_url)
    first = [_article("Quay Post", n, PROMO, SHARED if n == 1 else "") for n in (1, 2)]
    for item in first:
        store.save(item)
    assert _kinds(store, first[0])[PROMO] == ParagraphKind.TEXT  # twice is not yet a pattern
    store.save(_article("Harbour Daily", 9, SHARED))  # the shared line is news another outlet carries
    third = _article("Quay Post", 3, PROMO, SHARED)
    store.save(third)
    for item in [*first, third]:
        kinds = _kinds(store, item)
        assert kinds[PROMO] == ParagraphKind.ASIDE, "the third copy makes it the outlet's boilerplate"
        assert all(k == ParagraphKind.TEXT for t, k in kinds.items() if t != PROMO)
    assert PROMO in store.get_article(third.id)["body"], "kept in the body: offsets never move"


def test_a_line_another_outlet_also_prints_is_never_boilerplate(db_url):
    store = Store(db_url)
    items = [_article("Quay Post", n, SHARED) for n in (1, 2, 3)] + [_article("Harbour Daily", 4, SHARED)]
    store.save(items[-1])
    for item in items[:-1]:
        store.save(item)
    assert all(_kinds(store, i)[SHARED] == ParagraphKind.TEXT for i in items)
