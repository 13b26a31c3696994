"""Every threshold and word list of reconcile in one frozen settings object (``SETTINGS``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.analyze.measures import MEASURELESS_LEMMAS


@dataclass(frozen=True)
class ReconcileSettings:
    #: two clauses from independent outlets state the same thing
    agree_cos: float = 0.75
    #: … with no specific word in common, only this close
    agree_alone_cos: float = 0.85
    #: … or this close with this many specific (non-topic) words in common, this share of the shorter
    agree_shared_cos: float = 0.55
    agree_shared_words: int = 2
    agree_share: float = 0.4
    #: … or less close with many specific words in common ("talks on Tuesday … in Saudi Arabia")
    agree_many_cos: float = 0.45
    agree_many_words: int = 4
    agree_many_share: float = 0.5
    #: a sentence restated elsewhere (this close) is not exclusive
    restated_cos: float = 0.62
    #: quote variants: two quotes of independent outlets are one when they share this many words
    #: making this share of the shorter, or their vectors are this close; the same speaker's need
    #: less (one word fewer, or half the words, or ``variant_cos``); quotes of fewer words are not compared
    variant_contain: float = 0.75
    variant_overlap: int = 3
    variant_strong_cos: float = 0.85
    variant_loose_contain: float = 0.5
    variant_cos: float = 0.62
    variant_min_words: int = 3
    #: two time references date the same event when their sentences are this close; an article that
    #: dates the other side's event to the other side's day as well (so close, or the same predicate)
    #: tells of two occurrences ("launched a rocket on Friday … the rocket fired on Tuesday"), not a
    #: disputed day
    event_cos: float = 0.45
    #: reports of an event's day conflict only when published this close (days); further apart,
    #: "met on Sunday" and "met on Thursday evening" are two meetings, not two accounts of one
    event_report_days: int = 2
    #: a time of day with its half of the day ("10:30 p.m.", "10.45pm", "9 a.m.")
    clock_time: re.Pattern[str] = field(default=re.compile(
        r"(?<![\w.:])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.I))
    #: words before a time that make it no exact time of an event ("about", "shortly after", "by",
    #: "until", "from", "between"): read up to the time, they end right before it
    clock_loose: re.Pattern[str] = field(default=re.compile(
        r"\b(?:about|around|approximately|roughly|nearly|almost|shortly|just|soon|some|after|before|by|until|till|"
        r"since|from|between|to|and|or|as of|as early as|as late as|no later than|earlier than|later than)\s*$", re.I))
    #: the clock a time is on, written right after it ("10:30 p.m. ET", "(local time)")
    clock_zone: re.Pattern[str] = field(default=re.compile(r"\s*\(?\s*(local|[A-Z]{2,4})\b"))
    #: a time this near (characters) to a live report's entry stamp is the stamp
    clock_stamp_reach: int = 3
    #: two sentences giving times of day tell of one event when this alike
    clock_event_cos: float = 0.7
    #: … and their times conflict when this many minutes apart (nearer: one time, told loosely)
    clock_conflict_minutes: int = 10
    #: ages (``ages``): characters read after an age's number for "-year-old", and at most between
    #: its end and the name it stands before; no age above this many years
    age_window: int = 12
    age_max: int = 120
    #: two figures of one counted thing are one figure when their sentences are this close
    same_figure_cos: float = 0.35
    #: a count under this (two passengers, three players) recurs in a story said of other things: two
    #: such figures are one only when the clauses holding them are this alike
    small_count: float = 10
    small_count_clause_cos: float = 0.4
    #: two figures of no counted thing (bare numbers) are one figure in sentences this close (with a
    #: unit, values that can both hold), or this close when their values are the same
    bare_figure_cos: float = 0.45
    bare_same_figure_cos: float = 0.55
    #: how many characters before a number are read for a rank ("No. 3", "#2")
    rank_window: int = 8
    #: a figure conflict needs sentences this close (both exact, same counted thing)
    figure_conflict_cos: float = 0.75
    #: … or this close when both measure the same noun ("a 48-page indictment" / "a 47-page indictment")
    framed_conflict_cos: float = 0.5
    #: reports this far apart (hours) are not "at the same time": different values are an evolving
    #: figure, not a conflict; a date-only stamp is the whole day
    same_time_hours: float = 24.0
    #: compatible figures: within this ratio of each other, in sentences this close (same counted
    #: thing) or closer (bare figures of one unit)
    compatible_ratio: float = 2.0
    compatible_cos: float = 0.45
    compatible_bare_cos: float = 0.65
    #: the values of one evolving figure stay within this ratio (2 and 58 killed are two occurrences)
    evolving_max_ratio: float = 10.0
    #: a paragraph that opens an entry of a live report: a time of day, then a colon or a dash
    #: ("9.45 p.m.: The FBI says …", "3.54pm - UPDATE - …", "14:05 — Police confirm …")
    entry_time: re.Pattern[str] = field(default=re.compile(
        r"^\s*(\d{1,2})[.:](\d{2})\s*([ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?[:\-–—]", re.I))
    #: … or a sentence inside a paragraph, in a live report that runs its entries on ("… valued at
    #: $7,348. 2.05pm - UPDATE - BTC is back …"): a time of day with its am or pm, then a colon or
    #: a dash, right after a sentence's end
    entry_time_inline: re.Pattern[str] = field(default=re.compile(
        r"(?<=[.!?\"”’)]\s)(\d{1,2})[.:](\d{2})\s*([ap]\.?m\.?)\s*(?:[A-Z]{2,4}\s*)?[:\-–—]\s", re.I))
    #: a holder of a value written as an abbreviation of another ("BTC" for bitcoin) is that one
    #: when it is this many capital letters long
    acronym_min: int = 2
    acronym_max: int = 5
    #: figures the parse gave no measure of ("143 million people", "trading at $6,562", "19 points
    #: clear") are one figure when their values are within this ratio of one another and their
    #: sentences this alike (to the figure's first report)
    figure_group_ratio: float = 1.8
    figure_group_cos: float = 0.6
    #: … alike to the figure's first report or to one of its latest this many
    figure_group_recent: int = 8
    #: … and only from the first sentences (this many) of an article or of a live report's entry
    headline_sentences: int = 3
    #: … and a figure so grouped is followed only when this many reports give it (two reports of
    #: two numbers that look alike are too often two things: "six laps later", "the opening seven laps")
    unframed_min_reports: int = 3
    #: … or this many articles when its counted thing names a population ("400,000 UK consumers",
    #: then "almost 700,000 UK consumers"): a count of one named group, not a number that recurs
    unframed_min_reports_named: int = 2
    #: the capitalised words that name a population between a number and its counted noun ("UK",
    #: "Canadian", "New Zealand"): up to three, each a capital letter then letters, dots or hyphens
    population_words: re.Pattern[str] = field(default=re.compile(r"^\s+(?:[A-Z][A-Za-z.\-]*\s+){1,3}"))
    #: … but never times: an age ("a 4-year-old boy") or a span ("two weeks from now") is no such figure
    unframed_dimensions_not: frozenset[str] = frozenset({"[time]"})
    #: … and its series holds at least this share of the reports of its measure (the rest: misreads)
    evolving_kept_share: float = 0.66
    #: a sentence naming a time that ended this many days before the article speaks of another,
    #: earlier occurrence ("since 2004, when seven people were killed"): not this story's figure
    background_days: int = 30
    #: values within this share of each other are the same figure (rounding); with a unit
    #: conversion the stated precision of each value is allowed as well
    same_value_rel: float = 0.005
    #: "about 430" allows 430 ± this share
    approx_rel: float = 0.15
    #: copies (``copies``): sentences of at least this many words, near-identical at this word-trigram
    #: Jaccard; two texts are copies when they share at least this many such sentences (or all of the
    #: shorter one's, if fewer) making this share of the shorter text, or a run this long
    copy_min_words: int = 8
    copy_sentence_jaccard: float = 0.5
    copy_min_sentences: int = 3
    copy_share: float = 0.5
    copy_long_run: int = 8
    #: a text this many outlets print is an agency's (a wire text), not the own text of any outlet
    #: that prints it; two outlets sharing a text may be one copying the other
    wire_min_outlets: int = 3
    #: a flash (this many sentences at most) and the story its outlet printed after it the same day
    #: are one text when this share of the flash's words lies in one of the story's first sentences
    copy_flash_sentences: int = 2
    copy_flash_containment: float = 0.7
    minhash_perm: int = 64
    #: the story's most common words (this many) say what the story is, not what a clause adds; each
    #: clause is scored against its ``agreement_top_k`` nearest clauses in each of the
    #: ``agreement_neighbours`` closest articles, a shared specific word adding this to the cosine
    topic_words: int = 12
    agreement_top_k: int = 5
    agreement_neighbours: int = 8
    agree_word_bonus: float = 0.1
    #: an exclusive names at most this many of its anchors (names, figures)
    exclusive_anchors: int = 4
    #: agreement: every agreement's clause is at least this many content words
    agreement_min_words: int = 3
    #: a verbless clause supports an agreement (by its sentence) only with this many content words
    fragment_min_words: int = 6
    #: an exclusive's name is at least this long ("D", "Va." are initials and abbreviations)
    anchor_min_chars: int = 3
    #: a clause this much inside quotation marks is a quote (a variant), not an agreement
    quoted_share: float = 0.7
    #: in-article dispute: the rebuttal follows the claim within this many sentences
    dispute_window: int = 5
    #: two rebuttals are one dispute when this close (sentence cosine): by one named rebutter whose
    #: claimant the outlets name differently (the accuser, the paper), or between unnamed parties
    dispute_merge_cos: float = 0.7
    #: a second story appended to a page ("related" teaser) starts where the rest of the page is
    #: this far (cosine of mean sentence vectors) from the story
    appended_cos: float = 0.35
    #: an appended tail is at least this many sentences and at most this share of the article
    appended_min_sentences: int = 2
    appended_max_share: float = 0.5
    approx_words: frozenset[str] = frozenset({
        "about", "some", "around", "nearly", "almost", "roughly", "approximately", "close to", "an estimated",
        "estimated"})
    more_words: frozenset[str] = frozenset({"more than", "over", "at least", "upwards of", "just over", "above"})
    less_words: frozenset[str] = frozenset({"fewer than", "less than", "under", "up to", "at most", "just under", "below",
                                            "as many as", "as much as"})
    scale_words: frozenset[str] = frozenset({"thousands", "hundreds", "dozens", "millions", "billions", "scores"})
    #: predicates that are saying, not what happened to the counted thing
    speech_lemmas: frozenset[str] = MEASURELESS_LEMMAS  # the list analyze reads measures with
    refute: re.Pattern[str] = field(default=re.compile(
        r"\b(refut|den(y|ied|ies)|reject|dismiss|disput|contradict|rebut)\w*", re.I))
    #: what a refutation refutes must point back at a claim just made ("denied these claims", "there
    #: is no evidence", "the report was false"), not at any claim ("disputed the allegations")
    refuted_object: re.Pattern[str] = field(default=re.compile(
        r"\b(these|those|such|this|that)\s+(claims?|reports?|allegations?|assertions?|statements?|accounts?|"
        r"remarks?|comments?)\b|\bno\s+(threat|evidence|sign|truth)\b|"
        r"\b(is|was|are|were|as)\s+(\w+\s+)?(false|untrue|not true)\b", re.I))
    #: a number right after "No." / "#" / "number" is a rank ("the No. 2 position"), not a quantity
    #: words before a date that name it for comparison, not as the day of an event
    comparison_before: re.Pattern[str] = field(default=re.compile(
        r"\b(?:equivalent|counterpart|version|answer|likes?|akin|similar)\s+(?:of|to)\s+(?:the\s+|an?\s+)?$"
        r"|\b(?:like|than|unlike)\s+(?:the\s+|on\s+)?$"
        # "its lowest level since Nov. 26": a day named as the measure of a record, not an event
        r"|\b(?:lowest|highest|biggest|largest|smallest|worst|best|first|most|least|longest|fewest)\b[^.;]{0,40}"
        r"\bsince\s+$", re.I))
    #: the stored lead of a story: up to this many whole opening sentences (of the first few of an
    #: article) of this many words, from independent sources, less alike than this
    summary_leads: int = 2
    summary_opening_sentences: int = 2
    summary_min_words: int = 8
    summary_distinct_cos: float = 0.8
    #: The lead's candidates are the openings of this many most central articles …
    summary_candidates: int = 50
    #: … each counted by the independent sources with a sentence this close (sentence-vector cosine;
    #: issue 28: 0.5 chosen on the six shipped events, key facts in the summary 0.200 → 0.283 there;
    #: our nine annotated events 0.105 → 0.147, not tuned on)
    summary_support_cos: float = 0.5
    #: words a sentence cannot open with and stand alone (it leans on the one before): the story lead
    #: and the first screen's summary leave such sentences out, or put them last
    leaning_words: frozenset[str] = frozenset({"he", "she", "they", "it", "this", "that", "these", "those", "but",
                                               "and", "however", "his", "her", "their", "its", "there", "also"})
    #: marks that open a quotation: a sentence opening with one is a quote, not a summary's statement
    quote_marks: frozenset[str] = frozenset("\"“‘'«„")
    #: a dateline before the first words of a report ("LAS VEGAS - ", "LONDON — ", "BEIRUT (Reuters) - "):
    #: where it was filed, not part of what a summary says
    dateline: re.Pattern[str] = field(default=re.compile(
        r"^\s*[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+)*(?:,\s+[A-Z][A-Za-z.]+)?\s*(?:\([^()]{1,40}\)\s*)?[-–—]+\s+"))
    #: a sentence that describes a picture: a caption left in the body names no event of its own
    caption_cue: re.Pattern[str] = field(default=re.compile(
        r"\bin (?:a |an |this )?(?:photo|picture|image|handout photo|video still|file photo)s? (?:obtained|released|"
        r"taken|provided|handed out|made available|distributed|issued|supplied)\b|\(pictured\)|"
        r"\b(?:is|are) pictured\b|\bpictured (?:above|below|left|right|here)\b|"
        r"^(?:an?|this|the) (?:image|photo|picture|screengrab|screenshot|video still|still|handout)\b[^.]{0,120}"
        r"\b(?:shows?|showing|taken|released|obtained|posted)\b", re.I))
    rank_before: re.Pattern[str] = field(default=re.compile(r"(?:\bNo\.|#|\b[Nn]umber)\s*$"))
    #: what lies between the two ends of a range: "30-40", "30 to 40", "between 30 and 40"
    range_join: re.Pattern[str] = field(default=re.compile(r"^\s*(?:-|–|—|to|and)\s*$"))
    #: a clause that only names where the words come from ("according to a press release from …")
    attribution_clause: re.Pattern[str] = field(default=re.compile(
        r"^\W*(according to|as reported by|citing|(he|she|they|officials?) (said|says|told|added))\b", re.I))
    #: what lies between the two numbers of a ratio: "2 in 3", "one-in-three", "3 out of 4"
    ratio_join: re.Pattern[str] = field(default=re.compile(r"^\s*-?\s*(?:in|out of)\s*-?\s*$"))


SETTINGS = ReconcileSettings()
