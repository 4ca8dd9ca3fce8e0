"""Group commit at the door: deliveries that arrive together are stored in one transaction.

Each request still waits for its own row to be committed before it is answered. While one transaction is being
committed the next requests queue up, and the following transaction takes them all, so under load one commit
(SQLite's or PostgreSQL's dominant cost per delivery) serves many deliveries and alone it adds no delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from integration.store import Arrival, Inbox

log = logging.getLogger(__name__)

MAX_BATCH = 200


class GroupCommitter:
    """Queue arrivals and store them in batches from one task per event loop."""

    def __init__(self, inbox: Inbox, *, max_batch: int = MAX_BATCH) -> None:
        self.inbox = inbox
        self.max_batch = max_batch
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: list[tuple[Arrival, asyncio.Future[bool]]] = []
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def accept(self, arrival: Arrival) -> bool:
        """Store one delivery with whatever arrives beside it; return False for a redelivery."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._task is None or self._task.done():
            # A new loop (tests, a restarted server) gets its own queue and its own committing task.
            self._loop, self._queue, self._wakeup = loop, [], asyncio.Event()
            self._task = loop.create_task(self._commit_forever())
        future: asyncio.Future[bool] = loop.create_future()
        self._queue.append((arrival, future))
        self._wakeup.set()
        return await future

    async def close(self) -> None:
        """Stop the committing task (the server has answered every request by then, so the queue is empty)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _commit_forever(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._queue:
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
                await self._commit(batch)

    async def _commit(self, batch: Sequence[tuple[Arrival, asyncio.Future[bool]]]) -> None:
        arrivals = [arrival for arrival, _ in batch]
        try:
            results = await run_in_threadpool(self.inbox.accept_many, arrivals)
        except Exception as error:
            if len(batch) > 1 and isinstance(error, SQLAlchemyError):
                # One row the database refuses must not take its neighbours down: store each on its own.
                log.warning("storing %d deliveries together failed; storing them one by one", len(batch))
                for one in batch:
                    await self._commit([one])
                return
            for arrival, future in batch:
                log.error("%s delivery %s could not be stored: %s", arrival.source, arrival.delivery_id, error)
                _settle(future, error=True)
            return
        for (_, future), new in zip(batch, results, strict=True):
            _settle(future, new=new)


class InboxUnavailable(Exception):
    """The inbox could not store a delivery."""


def _settle(future: asyncio.Future[bool], *, new: bool = False, error: bool = False) -> None:
    if future.done():  # the request was cancelled (its client went away); the row is stored all the same
        return
    if error:
        future.set_exception(InboxUnavailable("the inbox could not store the delivery"))
    else:
        future.set_result(new)
