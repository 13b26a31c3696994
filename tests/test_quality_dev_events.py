"""Quality on ``../shared/dev/events`` (300 articles, 100 events): stories, findings, entities,
claimants and story links of one ingest, against the bars in ``quality/floors.py``."""
from __future__ import annotations

import pytest

from quality.sets import measure_claimants, measure_entities, measure_events, measure_story_links
from tests.support.quality import check, measure

pytestmark = [pytest.mark.quality, pytest.mark.slow]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("quality")


@pytest.fixture(scope="module")
def events(workdir):
    return measure(measure_events, workdir)


def test_dev_events_stories_and_findings(events):
    check(events)
    stories = events[0].values
    print(f"story B-cubed F1 {stories['b3_f1']:.4f} (TF-IDF oracle baseline {stories['tfidf_b3_f1']:.4f})")


def test_dev_events_entity_merging(events, workdir):
    check(measure(measure_entities, workdir))  # on the same ingest as the stories


def test_dev_events_claimants(events, workdir):
    check(measure(measure_claimants, workdir))  # the claims of the same ingest, against the hand-labelled numbers


def test_dev_events_story_links(events, workdir):
    check(measure(measure_story_links, workdir))  # the links of the same ingest, against the hand-judged arcs
