"""Poll until something holds: the one waiting helper of the tests and the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx


def wait_until(condition: Callable[[], bool], what: str, *, timeout: float = 15.0, interval: float = 0.02) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


def answers(url: str) -> bool:
    """Return whether `url` answers 200 now (a server still starting does not)."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_ready(url: str, *, timeout: float = 30.0, alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until `url` answers 200; fail early when `alive` says the server process has stopped."""

    def ready() -> bool:
        assert alive(), f"the server behind {url} stopped at start-up"
        return answers(url)

    wait_until(ready, f"{url} to answer", timeout=timeout, interval=0.05)
