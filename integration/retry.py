"""Retry with backoff, read Retry-After, and pace writes: the politeness both tracker adapters share."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import random
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

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


class WritePacer:
    """Wait before each write so writes stay `interval` apart (comments `comment_factor` times that) and in limits.

    `per_minute` and `per_hour` are sliding windows over the writes made; None leaves a window out.
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
    ) -> None:
        self.interval = max(interval, 0.0)
        self.comment_factor = comment_factor
        self.per_minute = per_minute
        self.per_hour = per_hour
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._last_write: float | None = None
        self._last_comment: float | None = None
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    def _ready_at(self, now: float, *, comment: bool) -> float:
        ready = now
        if self._last_write is not None:
            ready = max(ready, self._last_write + self.interval)
        if comment and self._last_comment is not None:
            ready = max(ready, self._last_comment + self.interval * self.comment_factor)
        while self._recent and self._recent[0] <= now - 3600:
            self._recent.popleft()
        if self.per_minute is not None:
            in_minute = [t for t in self._recent if t > now - 60]
            if len(in_minute) >= self.per_minute:
                ready = max(ready, in_minute[len(in_minute) - self.per_minute] + 60)
        if self.per_hour is not None and len(self._recent) >= self.per_hour:
            ready = max(ready, self._recent[len(self._recent) - self.per_hour] + 3600)
        return ready

    def wait(self, *, comment: bool = False) -> float:
        """Sleep until the next write may go out, record it, and return the seconds slept.

        A wait longer than `max_wait` raises TransientTrackerError instead, so a worker can come back later
        rather than hold its thread.
        """
        slept = 0.0
        with self._lock:
            while True:
                now = self._clock()
                delay = self._ready_at(now, comment=comment) - now
                if delay <= 0:
                    break
                if delay > self.max_wait:
                    raise TransientTrackerError(f"write limit reached; next write in {delay:.0f}s", retry_after=delay)
                self._sleep(delay)
                slept += delay
            self._last_write = now
            if comment:
                self._last_comment = now
            self._recent.append(now)
        return slept
