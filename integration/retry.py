"""Retry with backoff, read Retry-After, and pace writes: the politeness both tracker adapters share."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import random
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import tenacity

from integration.tracker import TransientTrackerError

T = TypeVar("T")
Clock = Callable[[], float]  # epoch seconds: HTTP dates and rate-limit resets are compared with it
Sleep = Callable[[float], None]
log = logging.getLogger(__name__)


class RetryableError(Exception):
    """One attempt failed in a way worth repeating; `retry_after` is the server's own hint when it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def backoff(attempt: int, *, base: float, cap: float, at_least: float | None = None) -> float:
    """Return the wait after failed attempt `attempt` (from 1): `base` doubling each time up to `cap`.

    Never less than `at_least` (a server's Retry-After). Shared by the retries below and by the stored jobs
    (inbox deliveries, outbox messages, due outcomes) whose next attempt is a time kept in the database.
    """
    delay = min(base * 2 ** max(attempt - 1, 0), cap)
    return max(delay, at_least or 0.0)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to repeat a failed call to a tracker."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_wait: float = 60.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"a retry policy needs at least one attempt, not {self.attempts}")

    def backoff(self, attempt: int) -> float:
        """Return the delay after failed attempt `attempt`: exponential, capped, plus up to `jitter` of it."""
        delay = backoff(attempt, base=self.base_delay, cap=self.max_delay)
        return delay + random.uniform(0, delay * self.jitter) if self.jitter > 0 else delay


class GaveUp(Exception):
    """`retry_call` stopped repeating: `error` is the last failure, after `attempts`; `delay` the wait it wanted."""

    def __init__(self, error: BaseException, *, attempts: int, delay: float) -> None:
        super().__init__(str(error))
        self.error = error
        self.attempts = attempts
        self.delay = delay


def retry_call(
    work: Callable[[], T],
    *,
    retry_if: Callable[[BaseException], bool],
    attempts: int,
    delay: Callable[[BaseException, int], float],
    sleep: Sleep,
    max_wait: float = math.inf,
    before_sleep: Callable[[BaseException, int, float], None] | None = None,
) -> T:
    """Run `work` until it succeeds, sleeping `delay(error, attempt)` after each failure `retry_if` accepts.

    Raise GaveUp once `attempts` ran out or a delay is longer than `max_wait` (a caller that cannot hold its
    thread that long hands the wait back); failures `retry_if` refuses go through at once.
    """
    waits: dict[int, float] = {}

    def wait_for(state: tenacity.RetryCallState) -> float:
        attempt = state.attempt_number
        if attempt not in waits:
            waits[attempt] = delay(_failure(state), attempt)
        return waits[attempt]

    def wait(state: tenacity.RetryCallState) -> float:
        if wait_for(state) > max_wait:
            raise GaveUp(_failure(state), attempts=state.attempt_number, delay=wait_for(state))
        return wait_for(state)

    def note(state: tenacity.RetryCallState) -> None:
        if before_sleep is not None:
            before_sleep(_failure(state), state.attempt_number, wait_for(state))

    def give_up(state: tenacity.RetryCallState) -> T:
        raise GaveUp(_failure(state), attempts=state.attempt_number, delay=wait_for(state))

    retrying = tenacity.Retrying(
        sleep=sleep, stop=tenacity.stop_after_attempt(attempts), wait=wait,
        retry=tenacity.retry_if_exception(retry_if), retry_error_callback=give_up, before_sleep=note,
    )
    return retrying(work)


def _failure(state: tenacity.RetryCallState) -> BaseException:
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    assert error is not None, "tenacity retries only failed attempts here"
    return error


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """Return a header's value, matching its name without regard to case."""
    wanted = name.lower()
    for key, value in (headers or {}).items():
        if key.lower() == wanted:
            return str(value)
    return None


def retry_after_seconds(source: Mapping[str, Any] | str | None, *, now: float) -> float | None:
    """Return the seconds a Retry-After (a header value, or the headers holding one) asks for; None without one.

    Both forms of RFC 9110 are read: delay-seconds and an HTTP date, the latter against `now` (epoch seconds).
    https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
    """
    value = header(source, "retry-after") if isinstance(source, Mapping) else source
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # asctime and "-0000" dates carry no zone; HTTP dates are always GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def retrying(work: Callable[[], T], *, what: str, policy: RetryPolicy, sleep: Sleep, logger: logging.Logger = log) -> T:
    """Run `work` until it succeeds, raising TransientTrackerError once attempts run out or a wait is too long.

    `work` signals a failure worth repeating with RetryableError; a wait longer than `policy.max_wait` is handed
    back (as the error's `retry_after`) so a worker can come back later rather than hold its thread.
    """

    def delay(error: BaseException, attempt: int) -> float:
        hint = error.retry_after if isinstance(error, RetryableError) else None
        return hint if hint is not None else policy.backoff(attempt)

    def note(error: BaseException, attempt: int, wait: float) -> None:
        logger.warning("%s: %s; retrying in %.1fs (attempt %d of %d)", what, error, wait, attempt, policy.attempts)

    try:
        return retry_call(
            work, retry_if=lambda error: isinstance(error, RetryableError), attempts=policy.attempts, delay=delay,
            sleep=sleep, max_wait=policy.max_wait, before_sleep=note,
        )
    except GaveUp as gave_up:
        raise TransientTrackerError(f"{what}: {gave_up.error}", retry_after=gave_up.delay) from gave_up.error


@dataclass(frozen=True)
class WriteLimits:
    """How writes to one tracker account must be spread: a gap between writes, and sliding-window caps."""

    interval: float
    comment_factor: float = 1.0  # comments keep `interval * comment_factor` apart
    per_minute: int | None = None
    per_hour: int | None = None

    def ready_at(self, now: float, writes: Sequence[tuple[float, bool]], *, comment: bool) -> float:
        """Return when the next write may go out, given earlier writes as (time, was a comment) in time order.

        `writes` may hold reservations later than `now` (writes other replicas are waiting to make).
        """
        ready = now
        if writes:
            ready = max(ready, writes[-1][0] + self.interval)
        if comment:
            last_comment = max((at for at, was_comment in writes if was_comment), default=None)
            if last_comment is not None:
                ready = max(ready, last_comment + self.interval * self.comment_factor)
        times = [at for at, _ in writes if at > now - 3600]
        if self.per_minute is not None:
            in_minute = [at for at in times if at > now - 60]
            if len(in_minute) >= self.per_minute:
                ready = max(ready, in_minute[len(in_minute) - self.per_minute] + 60)
        if self.per_hour is not None and len(times) >= self.per_hour:
            ready = max(ready, times[len(times) - self.per_hour] + 3600)
        return ready


class WriteLedger(Protocol):
    """Writes made to a tracker account, kept where every replica sharing the account sees them."""

    def reserve(self, budget: str, *, limits: WriteLimits, now: float, comment: bool, max_wait: float) -> float:
        """Return the seconds until `budget`'s next write may go out; book that moment unless it exceeds max_wait."""
        ...


class WritePacer:
    """Wait before each write so writes stay `interval` apart (comments `comment_factor` times that) and in limits.

    `per_minute` and `per_hour` are sliding windows over the writes made; None leaves a window out. With a
    `ledger`, the writes are those of every process drawing on `budget` (one token or installation), so replicas
    share one budget and a restart remembers it; without one, those of this pacer.
    """

    def __init__(
        self,
        *,
        interval: float,
        clock: Clock,
        sleep: Sleep,
        comment_factor: float = 1.0,
        per_minute: int | None = None,
        per_hour: int | None = None,
        max_wait: float = 60.0,
        ledger: WriteLedger | None = None,
        budget: str = "",
    ) -> None:
        self.limits = WriteLimits(max(interval, 0.0), comment_factor, per_minute, per_hour)
        self.max_wait = max_wait
        self.ledger = ledger
        self.budget = budget
        self._clock = clock
        self._sleep = sleep
        self._recent: deque[tuple[float, bool]] = deque()
        self._lock = threading.Lock()

    def wait(self, *, comment: bool = False) -> float:
        """Sleep until the next write may go out, record it, and return the seconds slept.

        A wait longer than `max_wait` raises TransientTrackerError instead, so a worker can come back later
        rather than hold its thread.
        """
        if self.ledger is not None:
            delay = self.ledger.reserve(
                self.budget, limits=self.limits, now=self._clock(), comment=comment, max_wait=self.max_wait
            )
            self._refuse_if_too_long(delay)
            if delay > 0:
                self._sleep(delay)
            return max(delay, 0.0)
        slept = 0.0
        with self._lock:
            while True:
                now = self._clock()
                while self._recent and self._recent[0][0] <= now - 3600:
                    self._recent.popleft()
                delay = self.limits.ready_at(now, self._recent, comment=comment) - now
                if delay <= 0:
                    break
                self._refuse_if_too_long(delay)
                self._sleep(delay)
                slept += delay
            self._recent.append((now, comment))
        return slept

    def _refuse_if_too_long(self, delay: float) -> None:
        if delay > self.max_wait:
            raise TransientTrackerError(f"write limit reached; next write in {delay:.0f}s", retry_after=delay)
