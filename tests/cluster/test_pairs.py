"""The pair scorer's signals and its shipped weights, on text written for these tests."""
from __future__ import annotations

import json

import numpy as np

from storyline.cluster.embed import DIM
from storyline.cluster.pairs import FEATURES, StoryProfile, load_model, pair_features
from storyline.cluster.signals import ArticleFeatures, article_features, key_numbers, rarity, term_vector

ZERO = np.zeros(DIM, dtype=np.float32)


def _art(aid: str, body: str, published: str | None = "2031-05-02", title: str = "",
         entities: tuple[tuple[str, str], ...] = (), days: tuple[str, ...] = ()) -> ArticleFeatures:
    return article_features(aid, ZERO, published, title, body, entities, days)


def _story(*arts: ArticleFeatures) -> StoryProfile:
    profile = StoryProfile()
    for a in arts:
        profile.add(a)
    return profile


def _feature(art: ArticleFeatures, story: StoryProfile, name: str, cosine: float = 0.8) -> float:
    return pair_features(art, story, cosine)[FEATURES.index(name)]


def test_rare_words_outweigh_common_ones_and_the_commonest_are_skipped():
    assert rarity("the") < rarity("senate") < rarity("quarrelsome") < rarity("zzvelorian")
    terms = term_vector("The senate and the zzvelorian envoy said the senate would meet.")
    assert "the" not in terms and "said" not in terms
    assert terms["zzvelorian"] > terms["envoy"] > 0
    assert abs(sum(w * w for w in terms.values()) - 1.0) < 1e-9


def test_key_numbers_leave_out_years_and_single_digits():
    assert key_numbers("In 2031, 3 ships carried 1,150 tonnes and 4.50 million dollars.") == {"1150", "4.5"}


def test_a_shared_rare_name_counts_more_than_a_shared_common_one():
    story = _story(_art("a", "x", entities=(("Ilsa Marren", "PERSON"), ("John Smith", "PERSON"))))
    rare = _art("b", "y", entities=(("Ilsa Marren", "PERSON"), ("Tom Brown", "PERSON")))
    common = _art("c", "y", entities=(("John Smith", "PERSON"), ("Tom Brown", "PERSON")))
    assert _feature(rare, story, "names") > _feature(common, story, "names") > 0


def test_what_articles_say_counts_whatever_the_gap_and_the_gap_counts_on_its_own():
    """A developing story's late article keeps its words and names (issue 25: no similarity fades by
    a fixed clock); the days between are a signal of their own, and a later article that names the
    event's day shares it."""
    story = _story(_art("a", "The zzvelorian envoy met the harbour council.", "2031-05-02"))
    same_day = _art("b", "The zzvelorian envoy met the harbour council.", "2031-05-02")
    weeks_later = _art("c", "The zzvelorian envoy met the harbour council.", "2031-06-10")
    follow_up = _art("d", "The zzvelorian envoy met the harbour council.", "2031-06-10", days=("2031-05-02",))
    assert _feature(same_day, story, "body_terms") > 0.99 and _feature(weeks_later, story, "body_terms") > 0.99
    assert _feature(weeks_later, story, "published_gap") > _feature(same_day, story, "published_gap") == 0
    assert _feature(follow_up, story, "day_share") == 0.5 and _feature(weeks_later, story, "day_share") == 0


def test_only_names_rarer_than_a_common_name_count_as_rare_shared_names():
    story = _story(_art("a", "x", entities=(("Equifax", "ORG"), ("Donald Trump", "PERSON"))))
    rare = _art("b", "y", entities=(("Equifax", "ORG"),))
    common = _art("c", "y", entities=(("Donald Trump", "PERSON"),))
    assert _feature(rare, story, "rare_names") > 0 == _feature(common, story, "rare_names")


def test_the_shipped_model_rises_with_shared_words_and_falls_with_the_gap():
    model = load_model()
    story = _story(_art("a", "The zzvelorian envoy met the harbour council about the ferry toll.", "2031-05-02"))
    close = _art("b", "The zzvelorian envoy met the harbour council about the ferry toll.", "2031-05-03")
    other = _art("c", "Farmers sold quarrelsome goats at the autumn market.", "2031-05-03")
    later = _art("d", "The zzvelorian envoy met the harbour council about the ferry toll.", "2031-06-20")
    p_close, p_other, p_later = model.probability([pair_features(a, story, 0.8) for a in (close, other, later)])
    assert p_close > 0.5 > max(p_other, p_later)


def test_a_profile_survives_the_store_and_an_old_list_of_keys_still_loads():
    story = _story(_art("a", "The zzvelorian envoy met 1,150 people.", "2031-05-02", "Envoy visit",
                        (("Ilsa Marren", "PERSON"),), ("2031-05-01",)),
                   _art("b", "Harbour council meets the envoy.", "2031-05-03"))
    back = StoryProfile.from_json(story.to_json(), story.first_date, story.last_date)
    probe = _art("c", "The envoy and the harbour council met.", "2031-05-04", entities=(("Ilsa Marren", "PERSON"),))
    assert pair_features(probe, back, 0.7) == pair_features(probe, story, 0.7)
    old = StoryProfile.from_json(json.dumps(["PERSON|ilsa marren"]), "2031-05-02", "2031-05-02")
    assert _feature(probe, old, "names") == 1.0
