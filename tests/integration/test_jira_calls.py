"""Write pacing and retries of the Jira adapter's caller, with a recorded clock."""

from __future__ import annotations

import pytest
import requests

from integration.jira.calls import Caller
from integration.tracker import TransientTrackerError
from tests.fakes.clock import FakeClock


def test_writes_wait_out_the_interval_and_reads_do_not() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    caller = Caller(write_interval=2.0, sleep=sleep, clock=lambda: now[0])
    caller.write("a", lambda: None)
    now[0] += 0.5
    caller.read("r", lambda: None)
    caller.write("b", lambda: None)
    assert slept == [1.5]
    assert caller.writes == 2


def test_unreachable_jira_is_retried_with_backoff_then_handed_back(fake_clock: FakeClock) -> None:
    attempts: list[int] = []

    def refuse() -> None:
        attempts.append(1)
        raise requests.ConnectionError("connection refused")

    caller = Caller(write_interval=0.0, sleep=fake_clock.sleep, clock=fake_clock.time)
    with pytest.raises(TransientTrackerError, match="Jira myself: ConnectionError: connection refused") as raised:
        caller.read("myself", refuse)

    assert len(attempts) == 4
    assert fake_clock.sleeps == [0.5, 1.0, 2.0]
    assert raised.value.retry_after == 4.0
