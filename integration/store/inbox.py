"""The durable inbox: deliveries are stored on arrival, claimed under a lease, and finished exactly once."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Engine,
    Select,
    Update,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.sql.dml import ReturningUpdate

from integration.store.base import UTCDateTime, utcnow
from integration.store.engine import checkpoint, make_sessionmaker, write_transaction
from integration.store.lease import Lease, insert_new
from integration.store.models import Delivery, DeliveryStatus

ACTIVE = (DeliveryStatus.PENDING.value, DeliveryStatus.PROCESSING.value)


@dataclass(frozen=True)
class DeliveryRecord:
    """A delivery as the worker and the CLI see it, detached from any session."""

    id: int
    source: str
    delivery_id: str
    event: str
    action: str | None
    body: bytes
    received_at: dt.datetime
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    ticket_key: str | None
    claimed_by: str | None = None
    claimed_until: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: Delivery) -> DeliveryRecord:
        """Copy a mapped row."""
        return cls.from_mapping({column: getattr(row, column) for column in _COLUMNS})

    @classmethod
    def from_mapping(cls, row: Mapping[Any, Any]) -> DeliveryRecord:
        """Copy a row read with Core."""
        return cls(
            id=row["id"], source=row["source"], delivery_id=row["delivery_id"], event=row["event"],
            action=row["action"], body=row["body"], received_at=row["received_at"],
            status=DeliveryStatus(row["status"]), attempts=row["attempts"], next_attempt_at=row["next_attempt_at"],
            last_error=row["last_error"], ticket_key=row["ticket_key"], claimed_by=row["claimed_by"],
            claimed_until=row["claimed_until"],
        )


_COLUMNS = tuple(field.name for field in fields(DeliveryRecord))


@dataclass(frozen=True)
class Envelope:
    """What a door learns about a delivery before storing it: whether it matters and which ticket it concerns."""

    event: str
    action: str | None
    handled: bool
    ticket_key: str | None = None


@dataclass(frozen=True)
class Arrival:
    """A delivery as a door hands it to the inbox."""

    source: str
    delivery_id: str
    event: str
    action: str | None
    body: bytes
    ticket_key: str | None
    status: DeliveryStatus = DeliveryStatus.PENDING

    def values(self, now: dt.datetime) -> dict[str, Any]:
        """Return the row to insert, received at `now`."""
        return {
            "source": self.source, "delivery_id": self.delivery_id, "event": self.event, "action": self.action,
            "body": self.body, "received_at": now, "status": self.status.value, "attempts": 0,
            "next_attempt_at": now, "ticket_key": self.ticket_key,
            "finished_at": None if self.status is DeliveryStatus.PENDING else now,
        }


def _claimable(now: dt.datetime | BindParameter[dt.datetime]) -> ColumnElement[bool]:
    return or_(
        and_(Delivery.status == DeliveryStatus.PENDING.value, Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.PROCESSING.value, Delivery.claimed_until < now),
    )


# Statements the worker runs for every delivery are built once: building one costs more Python than running it.
_NOW = bindparam("now", type_=UTCDateTime())


@functools.cache
def _accept_statement(dialect: str) -> Any:
    # INSERT .. ON CONFLICT DO NOTHING: a redelivery racing its first copy is refused by the database itself.
    return insert_new(dialect, Delivery, unique=["source", "delivery_id"]).returning(
        Delivery.source, Delivery.delivery_id
    )


@functools.cache
def _active_window(window: int) -> Select[tuple[int, str | None, bool]]:
    due = case((_claimable(_NOW), True), else_=False)
    return (
        select(Delivery.id, Delivery.ticket_key, due.label("due"))
        .where(Delivery.status.in_(ACTIVE))
        .order_by(Delivery.id)
        .limit(window)
    )


_LEASE = Lease(Delivery)
_PROCESSING = Delivery.status == DeliveryStatus.PROCESSING.value


@functools.cache
def _claim_statement() -> ReturningUpdate[Any]:
    return _LEASE.take(
        Delivery.id.in_(bindparam("ids", expanding=True)), _claimable(_NOW),
        status=DeliveryStatus.PROCESSING.value, attempts=Delivery.attempts + 1,
    )


@functools.cache
def _finish_statement(columns: tuple[str, ...], by_worker: bool) -> Update:
    table = Delivery.__table__.c
    changes = {name: bindparam(f"new_{name}", type_=table[name].type) for name in columns}
    return _LEASE.end(Delivery.id == bindparam("row_id"), _PROCESSING, by_holder=by_worker, **changes)


class Inbox:
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

    def claim_batch(
        self, worker_id: str, *, lease: dt.timedelta, limit: int = 20, now: dt.datetime | None = None,
        window: int = 500,
    ) -> list[DeliveryRecord]:
        """Lease up to `limit` due deliveries, at most one per ticket and never ahead of an earlier one."""
        now = now or utcnow()
        # The earliest active delivery of each ticket is the only one that may run; reading the active rows
        # (an index range, however long the history of done rows) and picking in Python keeps this cheap.
        with self.engine.connect() as connection:
            rows = connection.execute(_active_window(window), {"now": now}).all()
        ids: list[int] = []
        seen: set[str] = set()
        for row in rows:
            if row.ticket_key is not None:
                if row.ticket_key in seen:
                    continue
                seen.add(row.ticket_key)
            if row.due:
                ids.append(row.id)
                if len(ids) == limit:
                    break
        if not ids:
            return []
        # The conditional UPDATE is the lease: of two workers racing for a row, exactly one matches it.
        claim = {"ids": ids, "now": now, "holder": worker_id, "until": now + lease}
        with write_transaction(self.engine) as connection:
            won = [DeliveryRecord.from_mapping(row) for row in connection.execute(_claim_statement(), claim).mappings()]
        return sorted(won, key=lambda record: record.id)

    def renew(self, delivery_id: int, *, worker_id: str, until: dt.datetime) -> bool:
        """Extend a lease this worker still holds; False when it lapsed and another worker took the delivery."""
        statement = _LEASE.extend(Delivery.id == delivery_id, _PROCESSING)
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, {"holder": worker_id, "until": until}).rowcount == 1

    def renew_held(self, *, worker_id: str, until: dt.datetime) -> int:
        """Extend every lease this worker holds (its heartbeat); return how many."""
        with write_transaction(self.engine) as connection:
            return connection.execute(_LEASE.extend(_PROCESSING), {"holder": worker_id, "until": until}).rowcount

    def _finish(self, delivery_id: int, worker_id: str | None, **values: object) -> bool:
        statement = _finish_statement(tuple(sorted(values)), worker_id is not None)
        parameters: dict[str, object] = {"row_id": delivery_id, "holder": worker_id}
        parameters.update({f"new_{name}": value for name, value in values.items()})
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, parameters).rowcount == 1

    def mark_done(
        self, delivery_id: int, *, worker_id: str | None = None, ignored: bool = False, note: str | None = None,
        now: dt.datetime | None = None,
    ) -> bool:
        """Finish a claimed delivery as done (or ignored, with the reason in `note`); False if the lease was lost."""
        status = DeliveryStatus.IGNORED if ignored else DeliveryStatus.DONE
        return self._finish(
            delivery_id, worker_id, status=status.value, last_error=note, finished_at=now or utcnow()
        )

    def mark_failed(
        self, delivery_id: int, *, error: str, retry_at: dt.datetime | None, worker_id: str | None = None,
        now: dt.datetime | None = None,
    ) -> bool:
        """Put a claimed delivery back for another attempt at `retry_at`, or fail it for good when None."""
        if retry_at is None:
            return self._finish(
                delivery_id, worker_id, status=DeliveryStatus.FAILED.value, last_error=error,
                finished_at=now or utcnow(),
            )
        return self._finish(
            delivery_id, worker_id, status=DeliveryStatus.PENDING.value, last_error=error, next_attempt_at=retry_at
        )

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

    def requeue_expired(self, *, now: dt.datetime | None = None) -> int:
        """Return deliveries whose lease ran out (their worker died) to pending; return how many."""
        now = now or utcnow()
        statement = _LEASE.end(
            _PROCESSING, Delivery.claimed_until < now, by_holder=False, status=DeliveryStatus.PENDING.value,
            next_attempt_at=now,
        )
        with write_transaction(self.engine) as connection:
            return connection.execute(statement).rowcount

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



def ticket_key(tracker: str, container: str, key: str) -> str:
    """Return the inbox's ordering key of a ticket: deliveries with one key are processed in received order."""
    return f"{tracker}:{container}:{key}"
