"""Settings in one place, read from STORYLINE_* environment variables.

Front ends pass explicit overrides (e.g. ``--db``); everything else reads ``settings()``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Settings:
    db_url: str = "sqlite:///storyline.db"
    #: Largest input file we read whole; bigger files are refused, not truncated.
    max_file_bytes: int = 60 * 1024 * 1024
    #: Articles per nlp.pipe batch.
    batch_size: int = 32
    #: Compute sentence vectors (needed for stories and reconciliation).
    embed: bool = True
    #: Run the sentence encoder under bfloat16 autocast where the CPU has native bf16 (see cluster.embed).
    embed_bf16: bool = True
    #: A new article joins the likeliest story when the pair scorer (``cluster.pairs``) gives at least
    #: this probability that both report one event. ``python -m quality.stories train`` chooses 0.16 on
    #: the replays of ../shared/dev/events and ../shared/dev/breaking, but there the events' arcs (a
    #: shutdown, then the deal weeks later) become one story and their links are lost (story-link
    #: recall 0.08, floor 0.4). 0.35 keeps them apart; with stories merged by an article that fits
    #: both (``story_merge_*``, issue 25) the stored runs give breaking 0.9033 over all 163 articles
    #: (0.9209 over those stored), events 0.9717 (0.8612 / 0.8784 and 0.9694 without merging).
    story_threshold: float = 0.35
    #: … and an article that names people or bodies, none of them named in the story, only at this
    #: probability: the development sets hold few such pairs to learn from (the scorer gives the
    #: signal no weight), and another occurrence of one kind (another agency's launch, an attack in
    #: another town) shares the topic's words and none of the names. Built in, not fitted: it costs
    #: ../shared/dev/breaking 0.010 of B-cubed F1 in replay (0.9305 → 0.9205), events nothing.
    story_unnamed_threshold: float = 0.3
    #: An article the scorer places in two stories, each at least this likely, makes them one story
    #: (``cluster.assign``: a developing story that started twice). Never below ``story_threshold``.
    story_merge_threshold: float = 0.35
    #: … when the smaller of the two, read as one article, would join the larger at this probability.
    story_merge_agree: float = 0.7
    #: … and when their reports (before that article) lie within this many days of each other …
    story_merge_max_gap_days: int = 3
    #: … and neither spans more than this many days: a story of weeks is a saga (the shutdown, the
    #: offer, the deal) whose next act is another story, linked. Without these two, arcs of
    #: ../shared/dev/events merge (held-back precision 0.90 → 0.76) and the Tesla for Mars joins the
    #: Falcon Heavy launch that carried it; gaps of 1, 3 or 7 days and spans of 3, 7 or 14 measure
    #: alike on the development sets.
    story_merge_max_span_days: int = 7
    #: A story of at most this many articles (an article that joined nothing when it came: the first
    #: report of a story that only took shape later, a preview the day before) joins a story that
    #: grew near it when its article, scored against that story now, would join it as a new article
    #: (``cluster.assign``). Breaking 0.9033 → 0.9291 (precision unchanged), events 0.9717 → 0.9783;
    #: held-back halves in ``quality.stories report``. 2 or 3 move nothing more on the development
    #: sets, and an event of ../shared/dev/events is three articles: 1 never joins two of them.
    story_rejoin_max_size: int = 1
    #: An article or story without a publication date is mostly outside what the pair scorer was fitted
    #: on (its unknown gap is read as the mean gap, weeks): it joins a story only this close by vector
    #: (the cosine threshold chosen on the development events before the scorer, issue 14).
    story_undated_cosine: float = 0.8
    #: Stories scored for each article: the nearest this many by vector cosine …
    story_candidates: int = 8
    #: … among those at least this close (no story of the same event was further on the dev events).
    story_min_cosine: float = 0.3
    #: Linked stories (``cluster.links``): a story's distinguishing names are those at least this share of
    #: its articles carry, not places, at least this rare (``signals.key_rarity``: "trump" 3.1, "senate" 3.2,
    #: "hillary clinton" 3.9, "flynn" 4.2) …
    story_link_central_share: float = 0.5
    story_link_min_rarity: float = 4.0
    #: … two stories at least this close by vector are linked when the names they share hold this share
    #: of the smaller story's distinguishing-name rarity and their rarity-weighted words are this alike
    #: (with the rarity and the gap below, the best F1 of a small grid on the development events against
    #: tests/data/story_links_gold.json: ``python -m quality.story_links --tune``; quality set story-links).
    story_link_min_cosine: float = 0.4
    story_link_min_share: float = 0.3
    #: … a name distinguishing one story and only named in some article of the other counts this much
    #: of a shared distinguishing name (issue 25: story-link recall 0.333 → 0.583, precision 1.0 →
    #: 0.875, no judged negative linked, on the events the settings were chosen on: no held-back part).
    story_link_mentioned_weight: float = 0.5
    story_link_min_terms: float = 0.25
    #: … and one starts at most this many days after the other ends (an arc's next event follows within
    #: weeks; the same names a year on are another story of the same people) …
    story_link_max_gap_days: int = 120
    #: A linked story starting this many days after the other ends is its follow-up; closer, a parallel story.
    story_link_follow_days: int = 2
    #: A story of at most ``story_rejoin_max_size`` articles that the pair scorer places this close to a
    #: story it did not join (a sidebar of the day, a retrospective months on, a programme's page) is
    #: linked to it, whatever names the two share (issue 25: on ../shared/dev/breaking every such pair
    #: from 0.15 up is one gold event, on ../shared/dev/events there is none from 0.05 up).
    story_link_min_probability: float = 0.15
    #: An article of fewer words than this (a one-line video summary, a one-paragraph wire flash) is
    #: stored and clustered like any other, and marked as short where it is shown or exported.
    short_article_words: int = 60
    #: A paragraph in this many articles of one outlet, and in none of another outlet, is its boilerplate.
    boilerplate_articles: int = 3
    #: Local processes for clean/analyze/embed (0: every core). Small inputs stay in one process anyway.
    processes: int = 0
    #: Deepest nesting of arrays/objects accepted in one JSON record (checked before parsing: a line
    #: nested 100,000 deep would exhaust the parser's recursion); an article record needs 2.
    max_json_depth: int = 64
    #: Longest JSONL line (one record) read; longer lines are reported and skipped, not loaded.
    max_record_bytes: int = 16 * 1024 * 1024
    #: Largest ``POST /api/articles`` body.
    max_post_bytes: int = 2 * 1024 * 1024
    #: Seconds a connection to ``serve`` may take to send a whole request line and its headers (a
    #: client that trickles them, slowloris, is cut off); an idle keep-alive connection alike.
    header_timeout: float = 10.0
    #: Bearer token ``POST /api/articles`` requires (``serve`` makes one up when this is unset).
    token: str | None = None
    #: Entity linking: the shortest surname a one-letter misspelling of which may be the same person's
    #: (with the same first name, or a bare surname, and a context that agrees).
    link_misspelled_surname_len: int = 5
    #: Entity linking: entities an article must share with a corpus entity's articles for the context
    #: to agree when they are not in one story (a bare surname, a misspelling, an acronym).
    link_context_neighbours: int = 2

    #: Reconcile: a story's findings are read from at most this many of its articles (each outlet's
    #: first and latest report, then reports spread evenly over the story's time): adding an article
    #: to a story of thousands costs what it costs at this size, not more (issue 29). 0: all.
    reconcile_max_articles: int = 200
    #: Dossier: findings shown per section before "N more" (the rest one flag, link or ``limit=0`` away).
    dossier_section_limit: int = 8
    #: Dossier summary: sentences from the most-corroborated statements, and key figures listed.
    summary_sentences: int = 3
    summary_figures: int = 6
    #: … from at least this many statements: with fewer, the first screen reads the story's lead (its
    #: openings most sources report, ``reconcile.story.title_and_lead``) instead of one agreement,
    #: which says one fact, not what happened.
    summary_min_statements: int = 2
    #: Dossier charts: evolving figures drawn, and statements in the outlet × statement matrix.
    chart_evolving: int = 3
    chart_statements: int = 12
    chart_events: int = 25
    #: A summary sentence naming a year this many years before the story is background, not the story.
    background_years: int = 1

    def with_db(self, url: str | None) -> Settings:
        return replace(self, db_url=url) if url else self


def settings() -> Settings:
    """Current settings; environment is read on each call so tests can monkeypatch it."""
    env = os.environ
    return Settings(
        db_url=env.get("STORYLINE_DB") or Settings.db_url,
        max_file_bytes=int(env.get("STORYLINE_MAX_FILE_BYTES") or Settings.max_file_bytes),
        batch_size=int(env.get("STORYLINE_BATCH_SIZE") or Settings.batch_size),
        embed=(env.get("STORYLINE_EMBED") or "1") not in {"0", "false", "no"},
        embed_bf16=(env.get("STORYLINE_EMBED_BF16") or "1") not in {"0", "false", "no"},
        story_threshold=float(env.get("STORYLINE_STORY_THRESHOLD") or Settings.story_threshold),
        story_unnamed_threshold=float(env.get("STORYLINE_STORY_UNNAMED_THRESHOLD")
                                      or Settings.story_unnamed_threshold),
        story_candidates=int(env.get("STORYLINE_STORY_CANDIDATES") or Settings.story_candidates),
        story_merge_threshold=float(env.get("STORYLINE_STORY_MERGE_THRESHOLD") or Settings.story_merge_threshold),
        story_merge_agree=float(env.get("STORYLINE_STORY_MERGE_AGREE") or Settings.story_merge_agree),
        story_merge_max_gap_days=int(env.get("STORYLINE_STORY_MERGE_MAX_GAP_DAYS") or Settings.story_merge_max_gap_days),
        story_merge_max_span_days=int(env.get("STORYLINE_STORY_MERGE_MAX_SPAN_DAYS")
                                      or Settings.story_merge_max_span_days),
        story_rejoin_max_size=int(env.get("STORYLINE_STORY_REJOIN_MAX_SIZE") or Settings.story_rejoin_max_size),
        story_link_min_probability=float(env.get("STORYLINE_STORY_LINK_MIN_PROBABILITY")
                                         or Settings.story_link_min_probability),
        story_undated_cosine=float(env.get("STORYLINE_STORY_UNDATED_COSINE") or Settings.story_undated_cosine),
        story_min_cosine=float(env.get("STORYLINE_STORY_MIN_COSINE") or Settings.story_min_cosine),
        reconcile_max_articles=int(env.get("STORYLINE_RECONCILE_MAX_ARTICLES") or Settings.reconcile_max_articles),
        boilerplate_articles=int(env.get("STORYLINE_BOILERPLATE_ARTICLES") or Settings.boilerplate_articles),
        processes=int(env.get("STORYLINE_PROCESSES") or 0) or (os.cpu_count() or 1),
        max_json_depth=int(env.get("STORYLINE_MAX_JSON_DEPTH") or Settings.max_json_depth),
        max_record_bytes=int(env.get("STORYLINE_MAX_RECORD_BYTES") or Settings.max_record_bytes),
        max_post_bytes=int(env.get("STORYLINE_MAX_POST_BYTES") or Settings.max_post_bytes),
        header_timeout=float(env.get("STORYLINE_HEADER_TIMEOUT") or Settings.header_timeout),
        token=env.get("STORYLINE_TOKEN") or None,
    )
