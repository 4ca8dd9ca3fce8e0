"""Sort Jira's answers into transient and permanent, and run client calls with write pacing and retries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import requests
from jira.exceptions import JIRAError

from integration.retry import (
    Clock,
    RetryableError,
    RetryPolicy,
    Sleep,
    WriteLedger,
    WritePacer,
    retry_after_seconds,
    retrying,
)
from integration.tracker import NotFound, PermanentTrackerError, WriteListener, Written

T = TypeVar("T")
log = logging.getLogger(__name__)

# Answers that mean "try again later": 429 and 503 with Retry-After
# (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/), and the list Jira itself retries on
# when it delivers webhooks (https://developer.atlassian.com/cloud/jira/platform/webhooks/#retry-policy).
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
# Each call is retried on its own, so the backoff is short; Retry-After is honoured exactly.
JIRA_RETRY = RetryPolicy(attempts=4, base_delay=0.5, max_wait=30.0, jitter=0.0)


class JiraRefused(PermanentTrackerError):
    """Jira answered a 4xx that retrying will not change; `status` tells which, `messages` and `errors` why."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        messages: tuple[str, ...] = (),
        errors: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.messages = messages
        self.errors: Mapping[str, str] = dict(errors or {})


class JiraNotFound(JiraRefused, NotFound):
    """Jira answered 404: no such project or issue, or none these credentials may see."""


@dataclass(frozen=True)
class ErrorBody:
    """Jira's error collection: `errorMessages` about the request, `errors` field by field.

    https://developer.atlassian.com/cloud/jira/platform/rest/v2/intro/#status-codes
    """

    messages: tuple[str, ...] = ()
    errors: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = [*self.messages, *(f"{name}: {reason}" for name, reason in self.errors.items())]
        return "; ".join(parts)


def error_body(response: requests.Response | None) -> ErrorBody:
    """Read an error answer's structured body; an empty one when it is not Jira's JSON."""
    try:
        data = response.json() if response is not None else None
    except ValueError:
        return ErrorBody()
    if not isinstance(data, dict):
        return ErrorBody()
    raw_messages = data.get("errorMessages")
    raw_errors = data.get("errors")
    messages = tuple(str(m) for m in raw_messages) if isinstance(raw_messages, list) else ()
    errors = {str(k): str(v) for k, v in raw_errors.items()} if isinstance(raw_errors, dict) else {}
    return ErrorBody(messages, errors)


class Caller:
    """Run client calls with pacing between writes and bounded, polite retries.

    The jira library's ResilientSession has its own retry loop, but it doubles Retry-After, sleeps up to a minute
    per attempt, retries only 429 and 503, and blocks on connection errors for 20 s and more. The adapter builds the
    client with `max_retries=0` and retries here instead: Retry-After is honoured exactly, 5xx and timeouts are
    retried with a short exponential backoff, and a wait longer than `retry.max_wait` is handed back to the worker
    as a TransientTrackerError carrying `retry_after`, so one rate-limited ticket does not hold the worker.
    """

    def __init__(
        self,
        *,
        write_interval: float,
        retry: RetryPolicy = JIRA_RETRY,
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
        on_call: Callable[[str], None] | None = None,
        ledger: WriteLedger | None = None,
        budget: str = "",
        on_write: WriteListener | None = None,
    ) -> None:
        self.retry = retry
        self.sleep = sleep
        self.clock = clock
        self.on_call = on_call
        self.on_write = on_write
        self.writes = 0
        # Pacing alone never hands a write back: the interval is the whole wait.
        self._pacer = WritePacer(
            interval=write_interval, clock=clock, sleep=sleep, max_wait=max(retry.max_wait, write_interval),
            ledger=ledger, budget=budget,
        )

    def read(self, what: str, operation: Callable[[], T]) -> T:
        """Run a read with retries."""
        return self._run(what, operation, write=False)

    def write(self, what: str, operation: Callable[[], T], *, written: Sequence[Written] = ()) -> T:
        """Run a write with pacing and retries; every attempt counts as a write request.

        Once it succeeds, `on_write` hears the changes it made to the ticket (`written`).
        """
        result = self._run(what, operation, write=True)
        self.tell(written)
        return result

    def tell(self, written: Sequence[Written]) -> None:
        """Let `on_write` hear changes made to a ticket (or, in a dry run, the changes a write would have made)."""
        if self.on_write is not None:
            for change in written:
                self.on_write(change)

    def _count(self, status: str) -> None:
        if self.on_call is not None:
            self.on_call(status)

    def _run(self, what: str, operation: Callable[[], T], *, write: bool) -> T:
        return retrying(
            lambda: self._attempt(what, operation, write=write),
            what=f"Jira {what}",
            policy=self.retry,
            sleep=self.sleep,
            logger=log,
        )

    def _attempt(self, what: str, operation: Callable[[], T], *, write: bool) -> T:
        if write:
            self._pacer.wait()
            self.writes += 1
        try:
            result = operation()
        except JIRAError as exc:
            status = exc.status_code
            body = error_body(exc.response)
            message = f"HTTP {status}: {body or exc.text or exc}"
            if status is not None and status not in TRANSIENT_STATUSES:
                self._count("permanent")
                refused = JiraNotFound if status == 404 else JiraRefused
                raise refused(
                    f"Jira {what}: {message}", status=status, messages=body.messages, errors=body.errors
                ) from exc
            self._count("transient")
            headers = exc.response.headers if exc.response is not None else None
            raise RetryableError(message, retry_after=retry_after_seconds(headers, now=self.clock())) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            self._count("transient")
            raise RetryableError(f"{type(exc).__name__}: {exc}") from exc
        self._count("ok")
        return result
