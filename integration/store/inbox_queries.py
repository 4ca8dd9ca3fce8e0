"""The inbox read and tidied: listings and counts for the CLI and the metrics, retries by hand, purges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from integration.store.base import utcnow
from integration.store.deliveries import ACTIVE, DeliveryRecord
from integration.store.engine import checkpoint, write_transaction
from integration.store.models import Delivery, DeliveryStatus


class InboxQueries:
    """Reading deliveries back, requeueing failed ones and purging finished ones: the operators' half of the inbox."""

    engine: Engine
    _sessions: sessionmaker[Session]

    def get(self, delivery_id: int) -> DeliveryRecord | None:
        """Return one delivery by its row id."""
        with self._sessions() as session:
            row = session.get(Delivery, delivery_id)
            return None if row is None else DeliveryRecord.from_row(row)

    def find(self, *, status: DeliveryStatus | None = None, limit: int = 100) -> list[DeliveryRecord]:
        """Return deliveries in received order, optionally only those with one status."""
        statement = select(Delivery).order_by(Delivery.id).limit(limit)
        if status is not None:
            statement = statement.where(Delivery.status == status.value)
        with self._sessions() as session:
            return [DeliveryRecord.from_row(row) for row in session.scalars(statement)]

    def list_failed(self, *, limit: int = 100) -> list[DeliveryRecord]:
        """Return deliveries that failed after their retries."""
        return self.find(status=DeliveryStatus.FAILED, limit=limit)

    def retry(self, delivery_id: int, *, now: dt.datetime | None = None) -> bool:
        """Requeue a failed delivery with a fresh set of attempts; False when it is not failed."""
        statement = (
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.FAILED.value)
            .values(status=DeliveryStatus.PENDING.value, attempts=0, next_attempt_at=now or utcnow(), finished_at=None)
        )
        with write_transaction(self.engine) as connection:
            return connection.execute(statement).rowcount == 1

    def counts(self) -> dict[DeliveryStatus, int]:
        """Return how many deliveries are in each status."""
        statement = select(Delivery.status, func.count()).group_by(Delivery.status)
        with self.engine.connect() as connection:
            found = {DeliveryStatus(status): count for status, count in connection.execute(statement)}
        return {status: found.get(status, 0) for status in DeliveryStatus}

    def depth(self) -> int:
        """Return how many deliveries wait for or are in processing."""
        statement = select(func.count()).select_from(Delivery).where(Delivery.status.in_(ACTIVE))
        with self.engine.connect() as connection:
            return int(connection.execute(statement).scalar_one())

    def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the database file, off the request path."""
        checkpoint(self.engine)

    def purge_finished(self, *, before: dt.datetime) -> int:
        """Delete done and ignored deliveries finished before a moment; failed ones stay for inspection."""
        statement = delete(Delivery).where(
            Delivery.status.in_((DeliveryStatus.DONE.value, DeliveryStatus.IGNORED.value)),
            Delivery.finished_at < before,
        )
        with write_transaction(self.engine) as connection:
            return connection.execute(statement).rowcount
