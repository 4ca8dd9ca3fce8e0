"""Pace writes, honour Retry-After, retry transient failures, and sort errors into transient and permanent."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from typing import TypeVar

import requests
from jira.exceptions import JIRAError

from integration.tracker import PermanentTrackerError, TransientTrackerError

T = TypeVar("T")
log = logging.getLogger(__name__)

# Answers that mean "try again later": 429 and 503 with Retry-After
# (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/), and the list Jira itself retries on
# when it delivers webhooks (https://developer.atlassian.com/cloud/jira/platform/webhooks/#retry-policy).
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Read a Retry-After header: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class JiraRefused(PermanentTrackerError):
    """Jira answered a 4xx that retrying will not change; `status` tells which."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class Caller:
    """Run client calls with pacing between writes and bounded, polite retries.

    The jira library's ResilientSession has its own retry loop, but it doubles Retry-After, sleeps up to a minute
    per attempt, retries only 429 and 503, and blocks on connection errors for 20 s and more. The adapter builds the
    client with `max_retries=0` and retries here instead: Retry-After is honoured exactly, 5xx and timeouts are
    retried with a short exponential backoff, and a wait longer than `max_wait` is handed back to the worker as a
    TransientTrackerError carrying `retry_after`, so one rate-limited ticket does not hold the worker.
    """

    def __init__(
        self,
        *,
        write_interval: float,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_call: Callable[[str], None] | None = None,
    ) -> None:
        self.write_interval = write_interval
        self.on_call = on_call
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.writes = 0
        self._last_write: float | None = None

    def read(self, what: str, operation: Callable[[], T]) -> T:
        """Run a read with retries."""
        return self._run(what, operation, write=False)

    def write(self, what: str, operation: Callable[[], T]) -> T:
        """Run a write with pacing and retries; every attempt counts as a write request."""
        return self._run(what, operation, write=True)

    def _count(self, status: str) -> None:
        if self.on_call is not None:
            self.on_call(status)

    def _pace(self) -> None:
        if self._last_write is not None:
            wait = self.write_interval - (self.clock() - self._last_write)
            if wait > 0:
                self.sleep(wait)
        self._last_write = self.clock()

    def _run(self, what: str, operation: Callable[[], T], *, write: bool) -> T:
        attempt = 0
        while True:
            attempt += 1
            if write:
                self._pace()
                self.writes += 1
            try:
                result = operation()
            except JIRAError as exc:
                status = exc.status_code
                headers = exc.response.headers if exc.response is not None else {}
                retry_after = retry_after_seconds(headers.get("Retry-After"))
                message = f"Jira {what}: HTTP {status}: {exc.text or exc}"
                if status is not None and status not in TRANSIENT_STATUSES:
                    self._count("permanent")
                    raise JiraRefused(message, status=status) from exc
                self._count("transient")
                delay = retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)
            except (requests.ConnectionError, requests.Timeout) as exc:
                self._count("transient")
                message = f"Jira {what}: {type(exc).__name__}: {exc}"
                retry_after = None
                delay = self.backoff * 2 ** (attempt - 1)
            else:
                self._count("ok")
                return result
            if attempt >= self.max_attempts or delay > self.max_wait:
                raise TransientTrackerError(message, retry_after=retry_after if retry_after is not None else delay)
            log.warning("%s; retrying in %.1f s (attempt %d of %d)", message, delay, attempt, self.max_attempts)
            self.sleep(delay)
