"""Retry-After parsing and write pacing of the Jira adapter's caller, with a recorded clock."""

from __future__ import annotations

import email.utils

import pytest

from integration.jira.calls import Caller, retry_after_seconds


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(" 0 ") == 0.0
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after_seconds(date, now=1_000_000) == pytest.approx(30)
    assert retry_after_seconds(email.utils.formatdate(999_000, usegmt=True), now=1_000_000) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


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
