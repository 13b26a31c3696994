"""The suite's bars on the development figures (``tests/test_quality_dev.py``); ``make quality``
prints them beside each figure. Floors only ever go up and ceilings only ever come down: set each
from a measured run (the note of the issue that moved it says which), never below it."""
from __future__ import annotations

#: (set name, figure) → the least value the suite accepts
FLOORS: dict[tuple[str, str], float] = {
    ("quotes (PolNeAR dev)", "quote_f1"): 0.935,  # measured 0.9380 (issue 17: markup values, work titles, restated headline quotes; 0.9254 before)
    ("quotes (PolNeAR dev)", "attribution_accuracy"): 0.895,  # measured 0.8996 (issue 17; 0.8945 before, 0.7975 at first)
    ("quotes (PolNeAR dev)", "attribution_pronoun_resolved"): 0.75,  # measured 0.7541 (issue 17, learned ranker; 0.7049 with the rules, 0.5410 at first)
    ("quotes (PolNeAR dev)", "attribution_pronoun_lenient"): 0.96,  # measured 0.9674 (issue 17; 0.9620 before, 0.9239 at first)
    ("quotes (PolNeAR dev)", "attribution_description_lenient"): 0.81,  # measured 0.8140 (issue 17; 0.8182 before, 0.5341 at first)
    ("HTML main text", "f1_ratio"): 1.00,  # measured 1.0062 (0.9342 / 0.9284; issue 14; 0.8064 before)
    # measured 0.9717 (issue 25, stories that started twice merged; 0.9694 before, 0.9607 at issue 15; TF-IDF oracle 0.8988);
    # 0.9783 (issue 25, third round: a first report that joined nothing joins the story that took shape later)
    ("stories (dev events)", "b3_f1"): 0.97,  # margin for bf16/fp32 vectors
    # measured 0.9033 / 0.9893 on the whole breaking corpus (issue 25, second round: stories merged by an
    # article that fits both; 0.8612 / 0.9893 before, 0.7323 / 0.9665 at first). The bar is 0.92
    # (TF-IDF oracle 0.9288): not reached; see the note of issue 25 and config.story_threshold. Third round
    # (a first report that joined nothing joins the story that took shape later): 0.9291 / 0.9893, the bar
    ("stories (dev breaking)", "b3_f1"): 0.92,
    ("stories (dev breaking)", "b3_precision"): 0.975,
    # measured 1.0 (7 linked event pairs, none wrong) and 0.5 (6 of 12 hand-judged arcs), on the events the link
    # settings were chosen on (issue 15, linked stories); room for one more wrong pair or one missed arc.
    # Issue 25: 1.0 and 0.4167 (5 of 12: one arc's events are now one story); second round 0.875 and 0.5833
    # (7 of 12; a name distinguishing one story and only named in the other counts half)
    ("story links (dev events)", "precision"): 0.8,
    ("story links (dev events)", "recall"): 0.55,
    # measured 0.7083 (72 attributed numbers; 0.6528 before) and 0.9318 (88 own-voice numbers; 0.6136 before), issue 17
    ("claimants (dev events)", "claimant_accuracy"): 0.70,
    ("claimants (dev events)", "none_accuracy"): 0.92,
    # issue 26/27 (measured on the whole breaking run): evolving figures 0.16 of the six shipped events' 25
    # series (0 before); copy groups 0.8462 of 13 judged, every predicted pair right (0.4615 before);
    # the judged sample of 60 timeline entries 0.95 and 40 first reports 0.925 (0.85 and 0.75 before;
    # the timeline fixes were made on this sample: in-sample); summaries carry 0.25 of the key facts (0.183)
    # issue 27, stop 34: figures without a parsed measure grouped by value and wording → 0.24 (6 of 25);
    # stop 36: a value followed as the value of what the parse says it prices → 0.32 (8 of 25; held-back 0)
    # stop 37: 0.40; stop 38: a count of a named population ("UK consumers") from two reports → 0.44 (11 of 25)
    ("findings gold (dev breaking)", "tune_evolving_recall"): 0.42,
    # second round: 0.9231 (12 of 13; a flash and its outlet's write-through are one text)
    ("findings gold (dev breaking)", "copy_group_recall"): 0.9,
    ("findings gold (dev breaking)", "copy_pair_precision"): 0.95,
    ("findings gold (dev breaking)", "sample_timeline_right"): 0.93,
    ("findings gold (dev breaking)", "sample_first_right"): 0.9,
    # measured 0.25 at 58e161a; 0.283 with the lead of the most corroborated openings (issue 28, second round).
    # Lowered, the one floor that ever was: issue 25's third round makes the Bitcoin story one story where it
    # was four, and the scorer counts a fact found in the summary of any story holding a carrier, so four
    # summaries carried 4 of its facts and the one summary of the whole story carries 2 (the other events
    # are unchanged): 0.283 → 0.25 by fewer summaries, not by worse ones
    ("findings gold (dev breaking)", "tune_key_facts_in_summary"): 0.245,
    # measured 0.55 (issue 27, stop 35: paragraphs that cite an agency are text, short asides stay in their
    # clause; 0.533 before)
    ("findings gold (dev breaking)", "tune_key_fact_agreement_recall"): 0.55,
    ("entities (dev events)", "merge_f1"): 0.96,  # measured 0.9701 on tests/data/entities_gold.json (0.8479 before; issue 17)
}

#: (set name, figure) → the most the suite accepts (counts of findings that are wrong whatever the story)
CEILINGS: dict[tuple[str, str], float] = {
    ("findings (dev events)", "same_outlet_conflicts"): 0,  # measured 0 (13 at issue 13, 10 of them false refutations)
    ("findings (dev events)", "one_outlet_agreements"): 0,  # measured 0 (41 at issue 13)
    ("findings (dev events)", "furniture_evidence"): 0,  # measured 0
    ("findings (dev events)", "conflicts_per_story"): 0.05,
    # issue 27: no conflict on a judged look-alike (the shipped six events, our nine) and no judged
    # non-copy grouped; one heading the tagger reads without a finite verb ("anchors" as a noun)
    ("findings gold (dev breaking)", "tune_lookalike_conflicts"): 0,
    ("findings gold (dev breaking)", "held_lookalike_conflicts"): 0,
    ("findings gold (dev breaking)", "copy_negatives_grouped"): 0,
    ("findings gold (dev breaking)", "heading_fragments"): 1,
    # issue 25: the six annotated events' articles land in 2.1667 stories each on average (2.8333 before);
    # 1.6667 in the third round (the Bitcoin drop is one story, not four)
    ("stories (dev breaking)", "stories_per_annotated_event"): 1.8,
}


def bar(set_name: str, figure: str) -> str:
    """How the suite bounds a figure, for the table: '>= 0.92', '<= 13' or ''."""
    if (set_name, figure) in FLOORS:
        return f">= {FLOORS[set_name, figure]:g}"
    if (set_name, figure) in CEILINGS:
        return f"<= {CEILINGS[set_name, figure]:g}"
    return ""
