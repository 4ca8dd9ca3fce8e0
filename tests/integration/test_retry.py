"""The shared politeness: Retry-After in both forms, backoff, the retry loop and the write pacer, on a virtual clock."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate

import pytest

from integration.retry import (
    GaveUp,
    RetryableError,
    RetryPolicy,
    WritePacer,
    backoff,
    retry_after_seconds,
    retry_call,
    retrying,
)
from integration.tracker import TransientTrackerError
from tests.fakes.clock import FakeClock

NOW = 1_000_000.0


def test_retry_after_reads_delay_seconds() -> None:
    assert retry_after_seconds("7", now=NOW) == 7.0
    assert retry_after_seconds(" 0 ", now=NOW) == 0.0
    assert retry_after_seconds("1.5", now=NOW) == 1.5
    assert retry_after_seconds("-3", now=NOW) == 0.0


@pytest.mark.parametrize(
    "value",
    [
        formatdate(NOW + 30, usegmt=True),  # IMF-fixdate, the preferred form
        "Monday, 12-Jan-70 13:47:10 GMT",  # obsolete RFC 850 form
        "Mon Jan 12 13:47:10 1970",  # obsolete asctime form, GMT by definition
    ],
)
def test_retry_after_reads_every_http_date_form(value: str) -> None:
    assert retry_after_seconds(value, now=NOW) == pytest.approx(30)


def test_retry_after_in_the_past_means_now() -> None:
    assert retry_after_seconds(formatdate(NOW - 1000, usegmt=True), now=NOW) == 0.0


@pytest.mark.parametrize("value", [None, "", "  ", "soon", "inf", "nan"])
def test_retry_after_that_says_nothing_usable_is_none(value: str | None) -> None:
    assert retry_after_seconds(value, now=NOW) is None


def test_retry_after_is_found_in_headers_whatever_their_case() -> None:
    assert retry_after_seconds({"retry-after": "4"}, now=NOW) == 4.0
    assert retry_after_seconds({"Retry-After": formatdate(NOW + 9, usegmt=True)}, now=NOW) == pytest.approx(9)
    assert retry_after_seconds({"x-ratelimit-reset": "5"}, now=NOW) is None
    assert retry_after_seconds(None, now=NOW) is None


def test_backoff_doubles_up_to_the_cap_with_bounded_jitter() -> None:
    exact = RetryPolicy(base_delay=0.5, max_delay=3.0, jitter=0.0)
    assert [exact.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    jittered = RetryPolicy(base_delay=1.0, jitter=0.1)
    assert all(4.0 <= jittered.backoff(3) <= 4.4 for _ in range(50))


def test_a_policy_needs_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(attempts=0)


def _failing(times: int, *, retry_after: float | None = None) -> tuple[Callable[[], str], list[int]]:
    calls: list[int] = []

    def work() -> str:
        calls.append(len(calls) + 1)
        if len(calls) <= times:
            raise RetryableError(f"failure {len(calls)}", retry_after=retry_after)
        return "done"

    return work, calls


def test_retrying_backs_off_between_attempts_then_succeeds(fake_clock: FakeClock) -> None:
    work, calls = _failing(2)
    policy = RetryPolicy(attempts=3, base_delay=1.0, jitter=0.0)

    assert retrying(work, what="read", policy=policy, sleep=fake_clock.sleep) == "done"

    assert calls == [1, 2, 3]
    assert fake_clock.sleeps == [1.0, 2.0]


def test_retrying_waits_exactly_what_the_server_asked(fake_clock: FakeClock) -> None:
    work, _ = _failing(1, retry_after=7.0)

    assert retrying(work, what="write", policy=RetryPolicy(), sleep=fake_clock.sleep) == "done"

    assert fake_clock.sleeps == [7.0]


def test_retrying_gives_up_as_transient_after_the_last_attempt(fake_clock: FakeClock) -> None:
    work, calls = _failing(10)
    policy = RetryPolicy(attempts=3, base_delay=1.0, jitter=0.0)

    with pytest.raises(TransientTrackerError, match="fetch X: failure 3") as raised:
        retrying(work, what="fetch X", policy=policy, sleep=fake_clock.sleep)

    assert calls == [1, 2, 3]
    assert fake_clock.sleeps == [1.0, 2.0]
    assert raised.value.retry_after == 4.0


def test_retrying_hands_back_a_wait_longer_than_max_wait(fake_clock: FakeClock) -> None:
    work, calls = _failing(1, retry_after=120.0)

    with pytest.raises(TransientTrackerError) as raised:
        retrying(work, what="write", policy=RetryPolicy(max_wait=60.0), sleep=fake_clock.sleep)

    assert calls == [1]
    assert fake_clock.sleeps == []
    assert raised.value.retry_after == 120.0


def test_retrying_lets_other_errors_through_at_once(fake_clock: FakeClock) -> None:
    def work() -> None:
        raise KeyError("permanent")

    with pytest.raises(KeyError):
        retrying(work, what="write", policy=RetryPolicy(), sleep=fake_clock.sleep)
    assert fake_clock.sleeps == []


def test_pacer_keeps_writes_and_comments_apart(fake_clock: FakeClock) -> None:
    pacer = WritePacer(interval=2.0, clock=fake_clock.time, sleep=fake_clock.sleep, comment_factor=3.0)

    assert pacer.wait(comment=True) == 0.0
    assert pacer.wait() == pytest.approx(2.0)
    assert pacer.wait(comment=True) == pytest.approx(4.0)  # 6 s after the first comment
    fake_clock.sleep(10.0)
    assert pacer.wait() == 0.0

    assert fake_clock.sleeps == [pytest.approx(2.0), pytest.approx(4.0), 10.0]


def test_pacer_without_windows_paces_by_the_interval_alone(fake_clock: FakeClock) -> None:
    pacer = WritePacer(interval=0.0, clock=fake_clock.time, sleep=fake_clock.sleep)

    for _ in range(1000):
        pacer.wait()

    assert fake_clock.sleeps == []


def test_pacer_keeps_to_the_hourly_window(fake_clock: FakeClock) -> None:
    pacer = WritePacer(interval=0.0, clock=fake_clock.time, sleep=fake_clock.sleep, per_hour=3, max_wait=4000)
    start = fake_clock.now
    for _ in range(3):
        pacer.wait()

    pacer.wait()

    assert fake_clock.now - start == pytest.approx(3600)


def test_pacer_hands_back_a_window_wait_longer_than_max_wait(fake_clock: FakeClock) -> None:
    pacer = WritePacer(interval=0.0, clock=fake_clock.time, sleep=fake_clock.sleep, per_minute=1, max_wait=30)
    pacer.wait()

    with pytest.raises(TransientTrackerError) as raised:
        pacer.wait()

    assert raised.value.retry_after == pytest.approx(60)
    assert fake_clock.sleeps == []


def test_backoff_doubles_to_its_cap_and_never_undercuts_the_servers_wait() -> None:
    assert [backoff(n, base=60.0, cap=3600.0) for n in (1, 2, 3, 7, 8)] == [60.0, 120.0, 240.0, 3600.0, 3600.0]
    assert backoff(1, base=2.0, cap=600.0, at_least=30.0) == 30.0
    assert backoff(9, base=2.0, cap=600.0, at_least=30.0) == 512.0


def test_retry_call_gives_up_with_the_last_failure_and_the_attempts_it_took(fake_clock: FakeClock) -> None:
    work, calls = _failing(10)

    with pytest.raises(GaveUp) as raised:
        retry_call(work, retry_if=lambda error: isinstance(error, RetryableError), attempts=2,
                   delay=lambda error, attempt: 5.0 * attempt, sleep=fake_clock.sleep)

    assert calls == [1, 2] and fake_clock.sleeps == [5.0]
    assert str(raised.value.error) == "failure 2" and raised.value.attempts == 2 and raised.value.delay == 10.0
