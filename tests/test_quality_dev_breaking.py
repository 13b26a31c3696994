"""Quality on ``../shared/dev/breaking`` (163 articles, 30 developing stories): stories and the
findings gold of six events (and our nine held-back ones), against the bars in ``quality/floors.py``."""
from __future__ import annotations

import pytest

from quality.sets import measure_breaking
from tests.support.quality import check, measure

pytestmark = [pytest.mark.quality, pytest.mark.slow]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("quality")


def test_dev_breaking_developing_stories_and_their_findings(workdir):
    stories, findings = measure(measure_breaking, workdir)
    check([stories, findings])
    assert stories.values["missing"] <= 4, "no more real articles rejected than at issue 25"
