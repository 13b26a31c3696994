"""The per-stage timer the bench's breakdown reads."""
from __future__ import annotations

import threading
import time

from storyline import timing


def test_stages_add_up_across_threads_and_reset():
    timing.reset()

    def work() -> None:
        with timing.timed("encode"):
            time.sleep(0.02)

    thread = threading.Thread(target=work)
    thread.start()
    with timing.timed("parse"):
        time.sleep(0.02)
    thread.join()
    spent = timing.totals()
    assert spent["parse"] >= 0.02 and spent["encode"] >= 0.02 and spent["store"] == 0.0
    assert list(spent)[:len(timing.STAGES)] == list(timing.STAGES)
    timing.reset()
    assert not any(timing.totals().values())


def test_a_failing_stage_still_counts_its_time():
    timing.reset()
    try:
        with timing.timed("analyze"):
            time.sleep(0.01)
            raise ValueError("boom")
    except ValueError:
        pass
    assert timing.totals()["analyze"] >= 0.01
