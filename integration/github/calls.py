"""Run PyGithub calls: sort GitHub's failures into transient and permanent, and wait out its rate limits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import requests
from github import GithubException
from github.Requester import Requester

from integration.retry import Clock, RetryableError, RetryPolicy, Sleep, header, retry_after_seconds, retrying
from integration.tracker import NotFound, PermanentTrackerError, TransientTrackerError

__all__ = [
    "Calls",
    "GitHubRefused",
    "HasRequester",
    "NotFoundError",
    "OnResponse",
    "RetryPolicy",
    "RetryableError",
    "codes_of",
]

T = TypeVar("T")
OnResponse = Callable[[int, int | None], None]
log = logging.getLogger(__name__)

# https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
SECONDARY_DEFAULT_WAIT = 60.0
# Content-creating requests: at most 80 a minute and 500 an hour.
# https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
WRITES_PER_MINUTE = 80
WRITES_PER_HOUR = 500


class HasRequester(Protocol):
    """A PyGithub entry point (Github, GithubIntegration): its requester carries the rate-limit state."""

    @property
    def requester(self) -> Requester: ...


class GitHubRefused(PermanentTrackerError):
    """GitHub refused a request for good; `codes` holds the `errors[].code` values of its answer.

    A 422 names what was wrong in `errors` (`missing`, `missing_field`, `invalid`, `already_exists`, ...):
    https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api
    """

    def __init__(self, message: str, *, status: int, codes: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.status = status
        self.codes = codes


class NotFoundError(GitHubRefused, NotFound):
    """GitHub answered 404 or 410: the thing is not there (or not visible to the service)."""


def _message(exc: GithubException) -> str:
    data = exc.data
    return str(data.get("message", "")) if isinstance(data, dict) else str(data or "")


def _errors(exc: GithubException) -> list[Any]:
    data = exc.data
    errors = data.get("errors") if isinstance(data, dict) else None
    return errors if isinstance(errors, list) else []


def codes_of(exc: GithubException) -> frozenset[str]:
    """Return the `code` of each entry of an error answer's `errors` list."""
    return frozenset(
        str(entry["code"]) for entry in _errors(exc) if isinstance(entry, dict) and isinstance(entry.get("code"), str)
    )


def _describe(exc: GithubException) -> str:
    details = []
    for entry in _errors(exc):
        if isinstance(entry, dict):
            where = ".".join(str(entry[key]) for key in ("resource", "field") if entry.get(key))
            what = entry.get("message") or entry.get("code")
            details.append(f"{where} {what}".strip())
        else:
            details.append(str(entry))
    message = _message(exc)
    return f"{message} ({'; '.join(details)})" if details else message


class Calls:
    """Wrap each PyGithub call; remember rate-limit state per client and wait it out before the next call."""

    def __init__(self, *, clock: Clock, sleep: Sleep, retry: RetryPolicy, on_response: OnResponse | None) -> None:
        self._clock = clock
        self._sleep = sleep
        self.retry = retry
        self._on_response = on_response
        self._exhausted_until: dict[int, float] = {}

    def _report(self, status: int, remaining: int | None) -> None:
        if self._on_response is not None:
            self._on_response(status, remaining)

    def _before(self, gh: HasRequester) -> None:
        until = self._exhausted_until.get(id(gh.requester))
        if until is None:
            return
        delay = until - self._clock()
        if delay <= 0:
            del self._exhausted_until[id(gh.requester)]
            return
        if delay > self.retry.max_wait:
            raise TransientTrackerError(f"GitHub rate limit exhausted; resets in {delay:.0f}s", retry_after=delay)
        log.info("GitHub rate limit exhausted; waiting %.1fs for the reset", delay)
        self._sleep(delay)
        del self._exhausted_until[id(gh.requester)]

    def call(
        self,
        gh: HasRequester,
        fn: Callable[[], T],
        *,
        ok_status: int = 200,
        status_of: Callable[[T], int] | None = None,
    ) -> T:
        """Run one PyGithub call against client `gh`, raising RetryableError or a PermanentTrackerError.

        PyGithub does not expose a success's status code; `ok_status` (or `status_of(result)`) names it for
        the on_response hook.
        """
        self._before(gh)
        try:
            result = fn()
        except GithubException as exc:
            raise self._classify(exc) from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            self._report(0, None)
            raise RetryableError(f"GitHub unreachable: {type(exc).__name__}: {exc}") from exc
        remaining, _ = gh.requester.rate_limiting
        if remaining == 0:
            # x-ratelimit-reset is whole epoch seconds; one more second keeps clear of the boundary.
            self._exhausted_until[id(gh.requester)] = float(gh.requester.rate_limiting_resettime) + 1.0
        status = status_of(result) if status_of is not None else ok_status
        self._report(status, remaining if remaining >= 0 else None)
        return result

    def _classify(self, exc: GithubException) -> Exception:
        status = exc.status
        headers = exc.headers
        remaining_text = header(headers, "x-ratelimit-remaining")
        remaining = int(float(remaining_text)) if remaining_text is not None else None
        self._report(status, remaining)
        message = f"GitHub answered {status}: {_describe(exc)}"
        retry_after = retry_after_seconds(headers, now=self._clock())
        if status in (403, 429):
            lowered = _message(exc).lower()
            if retry_after is not None:
                return RetryableError(message, retry_after=retry_after)
            reset_text = header(headers, "x-ratelimit-reset")
            if remaining == 0 and reset_text is not None:
                return RetryableError(message, retry_after=max(float(reset_text) - self._clock(), 0.0) + 1.0)
            if status == 429 or "rate limit" in lowered:
                return RetryableError(message, retry_after=SECONDARY_DEFAULT_WAIT)
            return GitHubRefused(message, status=status, codes=codes_of(exc))
        if status >= 500:
            return RetryableError(message, retry_after=retry_after)
        if status in (404, 410):
            return NotFoundError(message, status=status, codes=codes_of(exc))
        return GitHubRefused(message, status=status, codes=codes_of(exc))

    def retrying(self, work: Callable[[], T], *, what: str) -> T:
        """Run `work` (a unit that re-reads what it needs) until it succeeds or the attempts are used up."""
        return retrying(work, what=what, policy=self.retry, sleep=self._sleep, logger=log)
