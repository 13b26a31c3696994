"""Linked stories, on articles written for this test (a fictional town, market, police and people):
an arson attack on a market, reported by three outlets, and three weeks later the charges against
its suspect, reported by three outlets, are two stories of one arc: two stories, linked. Another
fire attack on a bus depot of another town, days after the first, is the same kind of event with
other names: its own story, linked to neither."""
from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from storyline import pipeline
from storyline.cluster import assign
from storyline.cluster.assign import StoryIndex
from storyline.cluster.embed import DIM
from storyline.cluster.links import distinguishing_names, link_features
from storyline.cluster.pairs import FEATURES, PairModel, StoryProfile
from storyline.config import settings
from storyline.ingest import iter_inputs
from storyline.model import LinkBasis, LinkRelation, StoryLink
from storyline.present import dossier as D
from storyline.present.api import create_app
from storyline.present.render import dossier_markdown
from storyline.present.terminal import print_dossier
from storyline.present.words import link_why
from storyline.store import Store

ATTACK = [
    ("Valley Courier", "2032-05-11", "Arson attack destroys Halvard grain market in Dravik",
     "An arson attack destroyed most of the Halvard grain market in Dravik early on Monday, police chief "
     "Orla Tesk said.\n"
     "Tesk said investigators from the Dravik Constabulary had found cans of fuel behind the stalls and were "
     "looking for a man seen running from the market before the fire spread.\n"
     "Traders' guild leader Bertil Amsund said forty stalls were lost and asked the town council for help.\n"
     "\"Whoever did this meant to ruin the farmers who sell here,\" Amsund said."),
    ("Northern Ledger", "2032-05-11", "Fire set deliberately at Dravik's Halvard market, police say",
     "Police chief Orla Tesk of the Dravik Constabulary said on Monday that the fire which gutted the Halvard "
     "grain market had been set deliberately.\n"
     "Fuel cans were found behind the stalls, Tesk said, and officers want to speak to a man seen fleeing.\n"
     "Bertil Amsund, who leads the traders' guild, said forty stalls burned.\n"
     "The market, the oldest in the region, had reopened in March after repairs."),
    ("Harbor Times", "2032-05-12", "Traders count losses after Halvard market arson",
     "Traders at the Halvard grain market in Dravik counted their losses on Tuesday after an arson attack "
     "burned forty stalls, their guild leader Bertil Amsund said.\n"
     "The Dravik Constabulary is looking for a man seen near the market before the fire, police chief Orla "
     "Tesk said.\n"
     "Investigators found fuel cans behind the stalls, Tesk added."),
]
CHARGES = [
    ("Valley Courier", "2032-06-02", "Dravik man charged over Halvard market arson",
     "Prosecutors charged Kaspar Wendt, a 34-year-old Dravik man, with arson over the fire that destroyed the "
     "Halvard grain market last month, police chief Orla Tesk said on Tuesday.\n"
     "Tesk said the Dravik Constabulary had matched fuel cans found behind the stalls to a purchase Wendt made.\n"
     "Bertil Amsund, who leads the market's traders' guild, said the charges brought the traders some relief.\n"
     "Wendt is due before the Dravik court next week."),
    ("Northern Ledger", "2032-06-02", "Suspect Kaspar Wendt charged with Halvard market fire",
     "Kaspar Wendt was charged on Tuesday with setting the fire that gutted Dravik's Halvard grain market in May, "
     "the Dravik Constabulary said.\n"
     "Police chief Orla Tesk said the fuel cans found at the market led investigators to Wendt.\n"
     "Traders' guild leader Bertil Amsund said forty stalls were still being rebuilt.\n"
     "Wendt's lawyer said his client denies the charge."),
    ("Harbor Times", "2032-06-03", "Arson charge for man accused of burning Halvard market",
     "A Dravik man, Kaspar Wendt, has been charged with arson over the May fire at the Halvard grain market, "
     "police chief Orla Tesk said.\n"
     "The Dravik Constabulary traced the fuel cans found behind the stalls to Wendt, Tesk said.\n"
     "Bertil Amsund of the traders' guild welcomed the charge.\n"
     "Wendt will appear before the Dravik court on June 9."),
]
OTHER = [
    ("Valley Courier", "2032-05-20", "Fire attack damages Selby bus depot in Morrow Vale",
     "A fire attack damaged six buses at the Selby bus depot in Morrow Vale overnight, police superintendent "
     "Tomas Ebberly said on Wednesday.\n"
     "Ebberly said officers of the Morrow Vale Police had found a broken window and a burned petrol bottle.\n"
     "Transit manager Yolanda Pirrick said services would run late for a week.\n"
     "\"We will not let this stop the town,\" Pirrick said."),
    ("Northern Ledger", "2032-05-20", "Six buses burned in Morrow Vale depot attack",
     "Six buses were burned at the Selby depot in Morrow Vale in what superintendent Tomas Ebberly of the "
     "Morrow Vale Police called a deliberate attack.\n"
     "A petrol bottle was found near a broken window, Ebberly said.\n"
     "Yolanda Pirrick, the transit manager, said timetables would be cut for a week."),
    ("Harbor Times", "2032-05-21", "Morrow Vale police hunt arsonist after bus depot fire",
     "The Morrow Vale Police are hunting whoever set fire to six buses at the Selby depot, superintendent Tomas "
     "Ebberly said on Thursday.\n"
     "Transit manager Yolanda Pirrick said services would be slow for a week.\n"
     "Ebberly said a burned petrol bottle had been found by a broken window."),
]
ARTICLES = ATTACK + CHARGES + OTHER


def _number(store: Store) -> dict[str, int]:
    """Story id → which group (0 attack, 1 charges, 2 the other attack), by its articles' urls."""
    out = {}
    for s in store.stories():
        groups = {int(store.get_article(a)["url"][1:]) // 3 for a in s["articles"]}  # type: ignore[index]
        assert len(groups) == 1, "one story per event"
        out[s["id"]] = groups.pop()
    return out


def _words_and_days() -> PairModel:
    """An explicit scorer for these tests: shared words for a story, every day apart against it
    (P = 0.5 at body-term cosine 0.1 on the same day, 0.3 a day apart; three weeks apart would take
    a cosine of 1.03, more than any has)."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("body_terms")] = 10.0
    coef[FEATURES.index("published_gap")] = -3.0
    return PairModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, -1.0)


@pytest.fixture(scope="module", autouse=True)
def _events_weeks_apart_part():
    """These tests are about the links between two stories of one arc, so the scorer is one that
    parts an attack and its charges three weeks later. (The shipped scorer, fitted since issue 25 on
    developing stories too, joins them: a late article with every name and most words of a story
    is, on ../shared/dev/breaking, almost always that story; see tests/cluster/test_events.py.)"""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(assign, "load_model", _words_and_days)
        yield


@pytest.fixture(scope="module")
def arc_store(tmp_path_factory) -> Store:
    tmp = tmp_path_factory.mktemp("links")
    path = tmp / "arc.jsonl"
    path.write_text("".join(json.dumps({"outlet": o, "published": p, "title": t, "text": b, "url": f"u{i}"}) + "\n"
                            for i, (o, p, t, b) in enumerate(ARTICLES)), encoding="utf-8")
    store = Store(f"sqlite:///{tmp / 'arc.db'}")
    assert pipeline.ingest(iter_inputs([str(path)], 10**7), store).ok
    yield store
    store.close()


def _links(store: Store) -> set[tuple[int, int, LinkRelation]]:
    group = _number(store)
    return {(group[k.earlier], group[k.later], k.relation) for k in store.all_story_links()}


def test_an_attack_and_its_charges_weeks_later_are_two_stories_linked_and_another_attack_is_not(arc_store):
    assert sorted(_number(arc_store).values()) == [0, 1, 2]
    assert _links(arc_store) == {(0, 1, LinkRelation.FOLLOW_UP)}
    (link,) = arc_store.all_story_links()
    assert "PERSON|orla tesk" in link.names and link.day_gap is not None and link.day_gap >= 14


def test_recluster_gives_the_same_links_and_never_merges(arc_store):
    before = _links(arc_store)
    pipeline.rebuild_stories(arc_store)
    assert sorted(_number(arc_store).values()) == [0, 1, 2]
    assert _links(arc_store) == before


def test_an_ingest_links_the_stories_it_touches_to_stories_stored_before(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'inc.db'}")
    try:
        for n, part in enumerate(([0, 1, 2, 6, 7, 8], [3, 4, 5])):  # the charges arrive in a later run
            path = tmp_path / f"part{n}.jsonl"
            path.write_text("".join(json.dumps({"outlet": ARTICLES[i][0], "published": ARTICLES[i][1],
                                                "title": ARTICLES[i][2], "text": ARTICLES[i][3], "url": f"u{i}"}) + "\n"
                                    for i in part), encoding="utf-8")
            assert pipeline.ingest(iter_inputs([str(path)], 10**7), store).ok
            assert _links(store) == (set() if n == 0 else {(0, 1, LinkRelation.FOLLOW_UP)})
    finally:
        store.close()


def test_links_are_replaced_with_their_stories_and_read_back_typed(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'rt.db'}")
    try:
        rows = [dict(id=i, vector=None, size=0, keys="{}", first_date=None, last_date=None) for i in ("sa", "sb", "sc")]
        link = StoryLink("sa", "sb", LinkRelation.FOLLOW_UP, 0.5, 21, ("PERSON|orla tesk",))
        store.write_stories(rows, [], clear=False, links=[link], linked=["sa", "sb"])
        assert store.story_links("sb") == [link] and store.story_links("sc") == []
        # sb touched again, now linked to sc: its old link goes, in the same transaction
        new = StoryLink("sb", "sc", LinkRelation.PARALLEL, 0.4, 0, ("ORG|dravik constabulary",), LinkBasis.SCORER)
        store.write_stories([], [], clear=False, links=[new], linked=["sb"])
        assert store.all_story_links() == [new] and store.story_links("sc")[0].basis is LinkBasis.SCORER
        store.write_stories([], [], clear=True)
        assert store.all_story_links() == []
    finally:
        store.close()


def test_the_dossier_api_and_markdown_list_the_linked_story(arc_store):
    group = _number(arc_store)
    attack = next(s for s, g in group.items() if g == 0)
    charges = next(s for s, g in group.items() if g == 1)
    d = D.build(arc_store, attack)
    (k,) = d["linked"]
    assert k["id"] == charges and k["relation"] == "follow_up" and k["later"]
    assert k["label"].startswith("follow-up") and "Orla Tesk" in k["names"] and "Orla Tesk" in k["why"]
    assert k["first_date"] == "2032-06-02"
    back = D.build(arc_store, charges)["linked"]
    assert [x["id"] for x in back] == [attack] and back[0]["label"].startswith("earlier event")
    other = next(s for s, g in group.items() if g == 2)
    assert D.build(arc_store, other)["linked"] == []
    assert "## Linked stories" in dossier_markdown(d)
    console = Console(record=True, width=200)
    print_dossier(console, D.apply(d, D.make_filter()))
    text = console.export_text()
    assert f"linked story {charges}" in text and "follow-up" in text and "Orla Tesk" in text
    client = TestClient(create_app(arc_store.url))
    api = client.get(f"/api/stories/{attack}").json()
    assert [x["id"] for x in api["linked"]] == [charges]
    page = client.get(f"/stories/{attack}")
    assert "Linked stories" in page.text and f"/stories/{charges}" in page.text


def _row(sid: str, vec, names: dict[str, int], terms: dict[str, float], first: str, last: str) -> dict:
    v = np.asarray(vec, dtype=np.float32)
    return dict(id=sid, vector=v.tobytes(), size=3, keys=json.dumps({"keys": names, "terms": terms}),
                first_date=first, last_date=last)


@pytest.mark.parametrize("expected", [10, 10**6], ids=["exact scan", "ANN index"])
def test_links_come_from_the_nearest_stories_in_either_mode(expected):
    rng = np.random.default_rng(1)
    base = rng.normal(size=DIM)
    near = [base + 0.3 * rng.normal(size=DIM) for _ in range(3)]
    near = [v / np.linalg.norm(v) for v in near]
    arc = {"PERSON|kaspar wendt": 3, "PERSON|orla tesk": 3, "ORG|dravik constabulary": 2}
    words = {"halvard": 3.0, "arson": 2.0, "wendt": 2.0}
    rows = [_row("sa", near[0], arc, words, "2032-05-11", "2032-05-12"),
            _row("sb", near[1], arc, words, "2032-06-02", "2032-06-03"),
            _row("sc", near[2], {"PERSON|tomas ebberly": 3, "ORG|morrow vale police": 3}, {"selby": 3.0, "arson": 1.0},
                 "2032-05-20", "2032-05-21")]
    index = StoryIndex(rows, threshold=0.3, expected=expected)
    (link,) = index.links(["sb"])
    assert (link.earlier, link.later, link.relation, link.day_gap) == ("sa", "sb", LinkRelation.FOLLOW_UP, 21)
    assert set(link.names) == set(arc)
    assert index.links(["sc"]) == []


def test_a_protagonist_of_one_act_named_once_in_the_next_still_links_them():
    """The leader who blocked the bill is in every article of the first story and quoted once in the
    story of the deal: that name counts in part (``story_link_mentioned_weight``); a name no article of
    the other story carries does not count at all."""
    s = settings()
    first = StoryProfile(keys=Counter({"PERSON|harriet vollmer": 3, "ORG|dravik assembly": 3}),
                         terms={"levy": 3.0, "assembly": 2.0}, first_date="2032-03-01", last_date="2032-03-01")
    deal = StoryProfile(keys=Counter({"PERSON|harriet vollmer": 1, "PERSON|jon aske": 3}),
                        terms={"levy": 3.0, "deal": 2.0}, first_date="2032-03-08", last_date="2032-03-09")
    share, _, shared = link_features(first, 3, deal, 3, s)
    full = distinguishing_names(first, 3, s)["PERSON|harriet vollmer"]
    smaller = min(sum(distinguishing_names(p, 3, s).values()) for p in (first, deal))
    assert shared == ["PERSON|harriet vollmer"]
    assert share == pytest.approx(min(1.0, s.story_link_mentioned_weight * full / smaller))
    other = StoryProfile(keys=Counter({"PERSON|jon aske": 3}), terms={"deal": 2.0})
    assert link_features(first, 3, other, 3, s)[0] == 0.0


def test_a_lone_article_the_scorer_places_near_a_story_is_linked_to_it():
    """A sidebar or a retrospective scores below the join threshold, without the story's names: its
    one-article story is linked to the story (``story_link_min_probability``); a lone article the
    scorer places far from every story is linked to none."""
    rng = np.random.default_rng(5)
    topic = rng.normal(size=DIM)
    topic /= np.linalg.norm(topic)

    def at(cos: float) -> np.ndarray:
        noise = rng.normal(size=DIM)
        noise -= (noise @ topic) * topic
        return (cos * topic + np.sqrt(1 - cos * cos) * noise / np.linalg.norm(noise)).astype(np.float32)

    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("embedding")] = 50.0
    model = PairModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, -50.0 * 0.82)
    story = dict(id="sa", vector=(3 * topic).astype(np.float32).tobytes(), size=3,
                 keys=json.dumps({"keys": {"PERSON|orla tesk": 3}}), first_date="2032-05-11", last_date="2032-05-12")
    lone = [dict(id=sid, vector=at(cos).tobytes(), size=1, keys=json.dumps({"keys": {}}),
                 first_date="2032-05-12", last_date="2032-05-12") for sid, cos in (("sidebar", 0.8), ("far", 0.6))]
    index = StoryIndex([story, *lone], threshold=0.5, expected=10, model=model)
    (link,) = index.links(["sidebar", "far", "sa"])
    assert (link.earlier, link.later, link.relation, link.basis) == ("sa", "sidebar", LinkRelation.PARALLEL,
                                                                     LinkBasis.SCORER)
    assert settings().story_link_min_probability <= link.score < 0.5
    assert link_why(link).startswith("a single article the story scorer places close to the other story")
