"""Quality on real development data (``../shared/dev``), next to the seed gate.

Every article of the events corpus, of PolNeAR dev, of the HTML pages and a one-in-twelve sample of
PolNeAR train (the whole train split takes minutes; ``make quality`` ingests all of it) is
ingested with the real models into a real SQLite file: none may fail with an internal error, and
each set's figures must meet the bars in ``quality/floors.py``. Skipped when ``../shared/dev`` is
absent.
"""
from __future__ import annotations

import pytest

from quality.common import MissingData
from quality.floors import CEILINGS, FLOORS
from quality.sets import (
    Figures,
    measure_breaking,
    measure_claimants,
    measure_entities,
    measure_events,
    measure_html,
    measure_polnear,
    measure_polnear_train,
    measure_story_links,
)

TRAIN_SAMPLE_EVERY = 12

pytestmark = [pytest.mark.quality, pytest.mark.slow]


def _measure(fn, *args) -> list[Figures]:
    try:
        result = fn(*args)
    except MissingData as exc:
        pytest.skip(str(exc))
    return list(result) if isinstance(result, tuple) else [result]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("quality")


@pytest.fixture(scope="module")
def polnear(workdir):
    return _measure(measure_polnear, workdir)


@pytest.fixture(scope="module")
def html(workdir):
    return _measure(measure_html, workdir)


@pytest.fixture(scope="module")
def events(workdir):
    return _measure(measure_events, workdir)


def _check(figures: list[Figures]) -> None:
    for fig in figures:
        print(fig.name, fig.values)
        bars = [key for name, key in [*FLOORS, *CEILINGS] if name == fig.name]
        assert set(bars) <= set(fig.values), f"a bar names a figure {fig.name} does not give: {bars}"
        for run in fig.runs:
            assert not run.internal_errors, "\n".join(f"{f.source}: {f.reason}" for f in run.internal_errors)
        for key, value in fig.values.items():
            if (fig.name, key) in FLOORS:
                assert value >= FLOORS[fig.name, key], f"{fig.name} {key} = {value} < floor {FLOORS[fig.name, key]}"
            if (fig.name, key) in CEILINGS:
                assert value <= CEILINGS[fig.name, key], f"{fig.name} {key} = {value} > {CEILINGS[fig.name, key]}"


def test_polnear_dev_quotes_and_speakers(polnear):
    _check(polnear)


def test_html_main_text_against_trafilatura(html):
    _check(html)
    assert html[0].values["trafilatura_f1"] > 0.5, "the baseline ran on the same pages"


def test_dev_events_stories_and_findings(events):
    _check(events)
    stories = events[0].values
    print(f"story B-cubed F1 {stories['b3_f1']:.4f} (TF-IDF oracle baseline {stories['tfidf_b3_f1']:.4f})")


def test_dev_breaking_developing_stories_and_their_findings(workdir):
    stories, findings = _measure(measure_breaking, workdir)
    _check([stories, findings])
    assert stories.values["missing"] <= 4, "no more real articles rejected than at issue 25"


def test_dev_events_entity_merging(events, workdir):
    _check(_measure(measure_entities, workdir))  # on the same ingest as the stories


def test_dev_events_claimants(events, workdir):
    _check(_measure(measure_claimants, workdir))  # the claims of the same ingest, against the hand-labelled numbers


def test_dev_events_story_links(events, workdir):
    _check(_measure(measure_story_links, workdir))  # the links of the same ingest, against the hand-judged arcs


def test_polnear_train_sample_has_no_internal_error(workdir):
    _check(_measure(measure_polnear_train, workdir, TRAIN_SAMPLE_EVERY))
