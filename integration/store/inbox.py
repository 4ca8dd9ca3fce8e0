"""The durable inbox: deliveries are stored on arrival, claimed under a lease, and finished exactly once.

The records live in deliveries.py, the leases in inbox_leases.py, the listings and purges in inbox_queries.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from integration.store.base import utcnow
from integration.store.deliveries import Arrival
from integration.store.engine import make_sessionmaker, write_transaction
from integration.store.inbox_leases import InboxLeases
from integration.store.inbox_queries import InboxQueries
from integration.store.lease import insert_new
from integration.store.models import Delivery, DeliveryStatus


@functools.cache
def _accept_statement(dialect: str) -> Any:
    # INSERT .. ON CONFLICT DO NOTHING: a redelivery racing its first copy is refused by the database itself.
    return insert_new(dialect, Delivery, unique=["source", "delivery_id"]).returning(
        Delivery.source, Delivery.delivery_id
    )


class Inbox(InboxLeases, InboxQueries):
    """Repository of webhook deliveries, shared by the doors (accept) and the workers (claim, finish)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    def accept(
        self,
        *,
        source: str,
        delivery_id: str,
        event: str,
        action: str | None,
        body: bytes,
        ticket_key: str | None,
        status: DeliveryStatus = DeliveryStatus.PENDING,
        now: dt.datetime | None = None,
    ) -> bool:
        """Store a delivery; return False when this source already delivered this id (a redelivery)."""
        arrival = Arrival(source, delivery_id, event, action, body, ticket_key, status)
        return self.accept_many([arrival], now=now)[0]

    def accept_many(self, arrivals: Sequence[Arrival], *, now: dt.datetime | None = None) -> list[bool]:
        """Store deliveries in one transaction; for each, False when it was a redelivery (also within the batch)."""
        now = now or utcnow()
        first: dict[tuple[str, str], int] = {}
        for index, arrival in enumerate(arrivals):
            first.setdefault((arrival.source, arrival.delivery_id), index)
        rows = [arrivals[index].values(now) for index in sorted(first.values())]
        statement = _accept_statement(self.engine.dialect.name)
        with write_transaction(self.engine) as connection:
            # Many parameter sets: SQLAlchemy sends them as one multi-row INSERT and gathers what each returned.
            stored = {(row.source, row.delivery_id) for row in connection.execute(statement, rows)}
        return [
            first[(arrival.source, arrival.delivery_id)] == index and (arrival.source, arrival.delivery_id) in stored
            for index, arrival in enumerate(arrivals)
        ]
