"""Pace writes to GitHub: a minimum gap between writes and sliding windows for the secondary limits."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from integration.tracker import TransientTrackerError

Clock = Callable[[], float]
Sleep = Callable[[float], None]

# Content-creating requests: at most 80 a minute and 500 an hour.
# https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
PER_MINUTE = 80
PER_HOUR = 500


class WritePacer:
    """Wait before each write so writes stay `interval` apart (comments `comment_factor` times that) and in limits."""

    def __init__(
        self,
        *,
        interval: float,
        clock: Clock,
        sleep: Sleep,
        comment_factor: float = 3.0,
        per_minute: int = PER_MINUTE,
        per_hour: int = PER_HOUR,
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
        in_minute = [t for t in self._recent if t > now - 60]
        if len(in_minute) >= self.per_minute:
            ready = max(ready, in_minute[len(in_minute) - self.per_minute] + 60)
        if len(self._recent) >= self.per_hour:
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
