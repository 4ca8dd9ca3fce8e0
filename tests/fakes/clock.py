"""A virtual wall clock for the code under test and the fakes: it moves only when someone sleeps."""

from __future__ import annotations

import time

import pytest


class FakeClock:
    """A wall clock for code under test that only moves when it sleeps; sleeps are recorded, not waited."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self.sleeps: list[float] = []

    def time(self) -> float:
        """Return the current (virtual) epoch time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Record a sleep and move the clock on."""
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    """Return a virtual clock whose sleeps return at once."""
    return FakeClock()
