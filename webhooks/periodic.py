"""A job that ticks in a worker thread every few seconds beside the service until it is stopped."""

from __future__ import annotations

import asyncio
import threading
from abc import ABC, abstractmethod


class PeriodicJob(ABC):
    """Run `tick()` in a thread every `interval` seconds; `stop()` also ends any wait inside a tick."""

    def __init__(self) -> None:
        self._stopping = threading.Event()

    @abstractmethod
    def tick(self) -> None:
        """Do one round of work."""

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def stop(self) -> None:
        """Ask the job to stop after the tick in hand."""
        self._stopping.set()

    async def run(self, *, interval: float = 60.0) -> None:
        """Tick until stop() is called or the task is cancelled."""
        try:
            while not self._stopping.is_set():
                await asyncio.to_thread(self.tick)
                await asyncio.to_thread(self._stopping.wait, interval)
        finally:
            self._stopping.set()
