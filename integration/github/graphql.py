"""GitHub's GraphQL API through gql over httpx, its failures sorted as the REST calls sort theirs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator, Mapping
from typing import Any

import httpx
from gql import Client, GraphQLRequest
from gql.client import SyncClientSession
from gql.transport.exceptions import (
    TransportConnectionFailed,
    TransportError,
    TransportProtocolError,
    TransportQueryError,
    TransportServerError,
)
from gql.transport.httpx import HTTPXTransport

from integration.github.calls import SECONDARY_DEFAULT_WAIT, NotFoundError, OnResponse
from integration.retry import Clock, RetryableError, header, retry_after_seconds
from integration.tracker import PermanentTrackerError

log = logging.getLogger(__name__)

# https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
_RETRYABLE_TYPES = frozenset({"RATE_LIMITED", "SERVICE_UNAVAILABLE", "TIMEOUT"})
_NOT_FOUND_TYPES = frozenset({"NOT_FOUND"})


class _Bearer(httpx.Auth):
    """Send the current token; an App installation token is renewed by its source before it expires."""

    def __init__(self, token: Callable[[], str]) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"bearer {self._token()}"
        yield request


class GraphQL:
    """One GraphQL endpoint and credential; calls are serialised so each failure is read with its own headers."""

    def __init__(
        self,
        url: str,
        token: Callable[[], str],
        *,
        clock: Clock,
        timeout: float = 15.0,
        on_response: OnResponse | None = None,
    ) -> None:
        self.url = url
        self._clock = clock
        self._on_response = on_response
        self._last: httpx.Response | None = None
        transport = HTTPXTransport(
            url=url, auth=_Bearer(token), timeout=timeout, event_hooks={"response": [self._seen]}
        )
        self._client = Client(transport=transport, fetch_schema_from_transport=False)
        self._session: SyncClientSession | None = None
        self._lock = threading.Lock()

    def _seen(self, response: httpx.Response) -> None:
        self._last = response

    def execute(self, document: GraphQLRequest, variables: Mapping[str, Any]) -> dict[str, Any]:
        """Run one query or mutation; raise RetryableError, NotFoundError or PermanentTrackerError on failure."""
        request = GraphQLRequest(document, variable_values=dict(variables))
        with self._lock:
            self._last = None
            try:
                if self._session is None:
                    self._session = self._client.connect_sync()
                result = self._session.execute(request)
            except TransportQueryError as exc:
                raise self._query_error(exc) from exc
            except TransportServerError as exc:
                raise self._server_error(exc) from exc
            except TransportConnectionFailed as exc:
                self._report(0)
                raise RetryableError(f"GitHub GraphQL unreachable: {exc}") from exc
            except TransportProtocolError as exc:
                self._report()
                raise RetryableError(f"GitHub GraphQL answered what is not GraphQL: {exc}") from exc
            except TransportError as exc:
                raise PermanentTrackerError(f"GitHub GraphQL: {exc}") from exc
            self._report()
            return dict(result)

    def close(self) -> None:
        """Close the HTTP connection."""
        with self._lock:
            if self._session is not None:
                self._client.close_sync()
                self._session = None

    def _headers(self) -> Mapping[str, str]:
        return self._last.headers if self._last is not None else {}

    def _report(self, status: int | None = None) -> None:
        if self._on_response is None:
            return
        remaining = header(self._headers(), "x-ratelimit-remaining")
        code = status if status is not None else (self._last.status_code if self._last is not None else 0)
        self._on_response(code, int(float(remaining)) if remaining is not None else None)

    def _query_error(self, exc: TransportQueryError) -> Exception:
        status = self._last.status_code if self._last is not None else 200
        if status >= 400:  # an error status whose body happens to carry GraphQL errors
            return self._server_error(TransportServerError(str(exc), status))
        self._report()
        errors = [e for e in (exc.errors or []) if isinstance(e, Mapping)]
        types = {str(e.get("type", "")) for e in errors}
        message = "; ".join(str(e.get("message", "")) for e in errors) or str(exc)
        text = f"GitHub GraphQL: {message}"
        if types & _RETRYABLE_TYPES:
            return RetryableError(text, retry_after=self._wait_hint())
        if types and types <= _NOT_FOUND_TYPES:
            return NotFoundError(text, status=404)
        return PermanentTrackerError(text)

    def _server_error(self, exc: TransportServerError) -> Exception:
        status = exc.code or 0
        self._report(status)
        text = f"GitHub GraphQL answered {status}: {exc}"
        retry_after = retry_after_seconds(self._headers(), now=self._clock())
        if status in (403, 429):
            hint = self._wait_hint()
            if hint is not None:
                return RetryableError(text, retry_after=hint)
            if status == 429 or "rate limit" in str(exc).lower() or self._body_mentions_limit():
                return RetryableError(text, retry_after=SECONDARY_DEFAULT_WAIT)
            return PermanentTrackerError(text)
        if status >= 500:
            return RetryableError(text, retry_after=retry_after)
        if status in (404, 410):
            return NotFoundError(text, status=status)
        return PermanentTrackerError(text)

    def _wait_hint(self) -> float | None:
        headers = self._headers()
        retry_after = retry_after_seconds(headers, now=self._clock())
        if retry_after is not None:
            return retry_after
        remaining = header(headers, "x-ratelimit-remaining")
        reset = header(headers, "x-ratelimit-reset")
        if remaining is not None and float(remaining) <= 0 and reset is not None:
            return max(float(reset) - self._clock(), 0.0) + 1.0
        return None

    def _body_mentions_limit(self) -> bool:
        if self._last is None:
            return False
        try:
            return "rate limit" in self._last.text.lower()
        except (httpx.ResponseNotRead, UnicodeDecodeError):
            return False
