"""Quality on real development data (``../shared/dev``), next to the seed gate: PolNeAR dev, the
HTML pages and a one-in-twelve sample of PolNeAR train (the whole train split takes minutes; ``make
quality`` ingests all of it), ingested with the real models into a real SQLite file: none may fail
with an internal error, and each set's figures must meet the bars in ``quality/floors.py``. The
events and breaking sets have files of their own (``test_quality_dev_events.py``,
``test_quality_dev_breaking.py``), so a parallel run (``pytest -n 2``) spreads them. Skipped when
``../shared/dev`` is absent.
"""
from __future__ import annotations

import pytest

from quality.sets import measure_html, measure_polnear, measure_polnear_train
from tests.support.quality import check, measure

pytestmark = [pytest.mark.quality, pytest.mark.slow]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("quality")

TRAIN_SAMPLE_EVERY = 12


def test_polnear_dev_quotes_and_speakers(workdir):
    check(measure(measure_polnear, workdir))


def test_html_main_text_against_trafilatura(workdir):
    html = measure(measure_html, workdir)
    check(html)
    assert html[0].values["trafilatura_f1"] > 0.5, "the baseline ran on the same pages"


def test_polnear_train_sample_has_no_internal_error(workdir):
    check(measure(measure_polnear_train, workdir, TRAIN_SAMPLE_EVERY))
