"""What the fake trackers share: serving HTTP from a background thread, and faults scripted by the tests."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Handler(BaseHTTPRequestHandler):
    """Reads a request's body and writes a reply; the fake serving it is `self.server.fake`."""

    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without this, Nagle and delayed ACKs add 40 ms to every answer.
    disable_nagle_algorithm = True

    def read_body(self) -> bytes:
        """Return the request's body (empty when it has none)."""
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        """Send the status, the headers with the body's length, and the body."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; each fake keeps its own request log."""


class Serving:
    """A fake's HTTP server running in a daemon thread until stopped."""

    def __init__(self, fake: object, handler: type[Handler], *, name: str, host: str = "127.0.0.1", port: int = 0):
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.server.fake = fake  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self.server.server_address[1]}"
        # A short poll interval makes stop() quick; tests start and stop a server each.
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Fault:
    """An answer scripted for the next `times` matching requests."""

    method: str
    pattern: re.Pattern[str]
    status: int
    headers: dict[str, str]
    body: Any
    times: int
    after: bool
    """The request is carried out first and only its answer is replaced (a write that landed although the client
    saw an error or a timeout)."""


class Faults:
    """The faults a test scripted, taken in the order they were added.

    `full_match`: a fault's pattern must match the whole path (GitHub's fakes), not just a part of it (Jira's).
    """

    def __init__(self, *, full_match: bool) -> None:
        self._full_match = full_match
        self._faults: list[Fault] = []

    def add(
        self, method: str, path: str, status: int, *, headers: Mapping[str, str] | None, body: Any, times: int,
        after: bool,
    ) -> None:
        """Script `status` for the next `times` requests of `method` whose path matches the regex `path`."""
        self._faults.append(Fault(method.upper(), re.compile(path), status, dict(headers or {}), body, times, after))

    def take(self, method: str, path: str) -> Fault | None:
        """Return the first fault scripted for this request, counting it down (and dropping it when spent)."""
        for fault in self._faults:
            found = fault.pattern.fullmatch(path) if self._full_match else fault.pattern.search(path)
            if fault.method == method and found:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None
