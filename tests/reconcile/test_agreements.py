"""Clause agreements (``reconcile.agreements``): what makes two clauses one fact."""
from __future__ import annotations

from storyline.reconcile import agreements as AG
from storyline.reconcile.settings import SETTINGS


def test_close_meaning_about_the_story_s_subject_is_not_one_fact_without_a_specific_word():
    # "a firm hired by Equifax to investigate the attack" / "Equifax discovered the cyber crime in
    # July": the encoder puts them at 0.77, and they share no word beyond the story's own topic
    cos = (SETTINGS.agree_cos + SETTINGS.agree_alone_cos) / 2
    assert AG._agree(cos, {"firm", "hire", "investigate"}, {"discover", "crime", "july"}) == 0
    assert AG._agree(cos, {"firm", "hire", "investigate"}, {"hire", "investigate", "july"}) > 0
    assert AG._agree(SETTINGS.agree_alone_cos, {"firm", "hire"}, {"discover", "crime"}) > 0


def test_lemmas_make_topic_words_of_every_form_of_a_word():
    import numpy as np  # noqa: PLC0415

    from storyline.reconcile.article import Article, Clause, Sent  # noqa: PLC0415

    def art(aid: str, texts: list[tuple[str, tuple[str, ...]]]) -> Article:
        sents = [Sent(aid, n, 0, len(t), t, np.zeros(3, dtype=np.float32),
                      clauses=[Clause(0, len(t), t, lemmas=lem)]) for n, (t, lem) in enumerate(texts)]
        return Article(aid, "x", None, None, "", sents, [], [], [])

    arts = [art("a", [("The justices heard the case.", ("justice", "hear", "case"))]),
            art("b", [("One justice asked about the case.", ("one", "justice", "ask", "case"))])]
    assert {"justice", "case"} <= AG.topic_words(arts, n=2)
