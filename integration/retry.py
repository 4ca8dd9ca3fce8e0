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


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to repeat a failed unit of work."""

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
        delay = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        return delay + random.uniform(0, delay * self.jitter) if self.jitter > 0 else delay


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
    for attempt in range(1, policy.attempts + 1):
        try:
            return work()
        except RetryableError as exc:
            delay = exc.retry_after if exc.retry_after is not None else policy.backoff(attempt)
            if attempt == policy.attempts or delay > policy.max_wait:
                raise TransientTrackerError(f"{what}: {exc}", retry_after=delay) from exc
            logger.warning("%s: %s; retrying in %.1fs (attempt %d of %d)", what, exc, delay, attempt, policy.attempts)
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


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
