"""A report pauses the cyclic collector and always gives it back, even when it fails."""

from __future__ import annotations

import gc
import threading

import pytest

from komoro_feedback.services.collector_pause import collector_paused


def test_the_collector_runs_again_after_a_failed_block() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the report failed")
    assert gc.isenabled()


def test_overlapping_blocks_resume_the_collector_only_after_the_last() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_report() -> None:
        with collector_paused():
            first_in.set()
            second_done.wait(5)
        seen.append(gc.isenabled())

    t = threading.Thread(target=other_report)
    t.start()
    first_in.wait(5)
    with collector_paused():
        pass
    seen.append(gc.isenabled())  # the other report is still under way
    second_done.set()
    t.join(5)
    assert seen == [False, True]
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
