"""The outbox: messages to send after an outcome changes (loop-closing comments, signed webhooks, Slack).

Rows are written in the same transaction as the outcome that calls for them, keyed so a message is stored once,
and sent by whichever process wins its lease; failures are retried with back-off and stay visible.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, Index, Integer, Row, String, Text, and_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from integration.store.base import Base, UTCDateTime, utcnow
from integration.store.engine import make_sessionmaker, write_transaction
from integration.store.lease import Lease, insert_new
from integration.store.models import BigId


class OutboxStatus(StrEnum):
    """Where a message is in its life."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxRow(Base):
    """One message to send."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class OutboxItem:
    """A message to store: `key` makes it unique (the same key is never stored or sent twice)."""

    key: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class OutboxMessage:
    """A stored message as the sender and `outbox list` see it."""

    id: int
    key: str
    kind: str
    payload: dict[str, Any]
    status: OutboxStatus
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


_LEASE = Lease(OutboxRow)


def _message(row: OutboxRow | Row[Any]) -> OutboxMessage:
    return OutboxMessage(
        id=row.id, key=row.key, kind=row.kind, payload=json.loads(row.payload), status=OutboxStatus(row.status),
        attempts=row.attempts, next_attempt_at=row.next_attempt_at, last_error=row.last_error,
        created_at=row.created_at, sent_at=row.sent_at,
    )


def add_items(connection: Connection, items: Sequence[OutboxItem], *, now: dt.datetime) -> None:
    """Store messages inside the caller's transaction; a key already stored is left as it is."""
    if not items:
        return
    insert = insert_new(connection.dialect.name, OutboxRow, unique=["key"])
    for item in items:
        values = {
            "key": item.key, "kind": item.kind, "payload": json.dumps(item.payload, sort_keys=True),
            "status": OutboxStatus.PENDING.value, "attempts": 0, "next_attempt_at": now, "created_at": now,
        }
        connection.execute(insert.values(values))


class Outbox:
    """Repository of outbox messages."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    def add(self, items: Sequence[OutboxItem], *, now: dt.datetime | None = None) -> None:
        """Store messages in a transaction of their own."""
        with write_transaction(self.engine) as connection:
            add_items(connection, items, now=now or utcnow())

    def claim(self, now: dt.datetime, worker: str, lease: dt.timedelta, *, limit: int = 20) -> list[OutboxMessage]:
        """Lease pending messages that are due to `worker`; of several senders, exactly one gets each."""
        claimable = and_(
            OutboxRow.status == OutboxStatus.PENDING.value, OutboxRow.next_attempt_at <= now, _LEASE.lapsed(now)
        )
        with self.engine.connect() as connection:
            ids = list(connection.scalars(
                select(OutboxRow.id).where(claimable).order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(limit)
            ))
        if not ids:
            return []
        with write_transaction(self.engine) as connection:
            won = connection.execute(
                _LEASE.take(OutboxRow.id.in_(ids), claimable), {"holder": worker, "until": now + lease}
            ).all()
        return [_message(row) for row in sorted(won, key=lambda row: ids.index(row.id))]

    def _finish(self, message_id: int, worker: str, **values: Any) -> bool:
        statement = _LEASE.end(OutboxRow.id == message_id, **values)
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, {"holder": worker}).rowcount == 1

    def sent(self, message_id: int, *, worker: str, now: dt.datetime) -> bool:
        """Record a message as sent."""
        return self._finish(message_id, worker, status=OutboxStatus.SENT.value, sent_at=now, last_error=None,
                            attempts=OutboxRow.attempts + 1)

    def retry_at(self, message_id: int, *, worker: str, error: str, at: dt.datetime) -> bool:
        """Record a failed attempt; the message is tried again from `at`."""
        return self._finish(message_id, worker, last_error=error[:2000], next_attempt_at=at,
                            attempts=OutboxRow.attempts + 1)

    def give_up(self, message_id: int, *, worker: str, error: str) -> bool:
        """Record a message as failed for good (until someone runs `outbox retry`)."""
        return self._finish(message_id, worker, status=OutboxStatus.FAILED.value, last_error=error[:2000],
                            attempts=OutboxRow.attempts + 1)

    def requeue(self, message_id: int, *, now: dt.datetime | None = None) -> bool:
        """Put a failed or waiting message back to be sent at once; False when there is no such unsent message."""
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id == message_id, OutboxRow.status != OutboxStatus.SENT.value)
            .values(status=OutboxStatus.PENDING.value, next_attempt_at=now or utcnow(), attempts=0,
                    claimed_by=None, claimed_until=None)
        )
        with write_transaction(self.engine) as connection:
            return connection.execute(statement).rowcount == 1

    def get(self, message_id: int) -> OutboxMessage | None:
        """Return one message, or None when the outbox holds no such id."""
        with self._sessions() as session:
            row = session.get(OutboxRow, message_id)
            return None if row is None else _message(row)

    def list(self, *, statuses: Iterable[OutboxStatus] | None = None, limit: int = 200) -> list[OutboxMessage]:
        """Return messages, newest first."""
        statement = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
        if statuses is not None:
            statement = statement.where(OutboxRow.status.in_([status.value for status in statuses]))
        with self._sessions() as session:
            return [_message(row) for row in session.scalars(statement)]
