"""The fake servers' request log: what each request asked, who asked, and how the fake answered."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass
class LoggedRequest:
    """One request as a fake saw it; a fake that logs on arrival fills in `status` and `who` once it answers."""

    method: str
    path: str
    query: str
    """The raw query string."""
    status: int = 0
    time: float = 0.0
    """When it arrived, by the fake's clock (epoch seconds)."""
    who: str | None = None
    """The account the credentials named, None when anonymous or refused."""
    body: Any = None
    """The JSON body, where the fake keeps it."""


class RequestLog:
    """The requests a fake received, oldest first; readable while the fake serves."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def add(self, entry: LoggedRequest) -> LoggedRequest:
        """Append a request and return it."""
        with self._lock:
            self._entries.append(entry)
        return entry

    def entries(self, since: int = 0) -> list[LoggedRequest]:
        """Return a copy of the requests logged from position `since` on."""
        with self._lock:
            return self._entries[since:]

    def mark(self) -> int:
        """Return the current position, for `entries(since=...)` later."""
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        """Forget every request."""
        with self._lock:
            self._entries.clear()
