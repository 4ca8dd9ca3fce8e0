"""Outcome records: stored whole as JSON, with the columns the scheduler queries, claimed under a lease."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Index,
    Integer,
    Row,
    String,
    Text,
    UniqueConstraint,
    and_,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from integration.store.base import Base, UTCDateTime, utcnow
from integration.store.engine import make_sessionmaker, write_transaction
from integration.store.lease import Lease
from integration.store.models import BigId
from integration.store.outbox import OutboxItem, add_items
from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord, OutcomeState


class OutcomeRow(Base):
    """One ticket's outcome record."""

    __tablename__ = "outcomes"
    __table_args__ = (
        UniqueConstraint("tracker", "container", "key", name="uq_outcomes_tracker_container_key"),
        Index("ix_outcomes_state_due_at", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracker: Mapped[str] = mapped_column(String(16))
    container: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    verdict: Mapped[str | None] = mapped_column(String(16))
    record: Mapped[str] = mapped_column(Text, doc="The OutcomeRecord as JSON.")
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    asked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


_LEASE = Lease(OutcomeRow)


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        OutcomeRow.state == OutcomeState.PENDING.value,
        OutcomeRow.due_at <= now,
        OutcomeRow.asked_at.is_(None),
        _LEASE.lapsed(now),
    )


def _of(ref: TicketRef) -> ColumnElement[bool]:
    return and_(OutcomeRow.tracker == ref.tracker, OutcomeRow.container == ref.container, OutcomeRow.key == ref.key)


def _load(row: OutcomeRow | Row[Any]) -> OutcomeRecord:
    return OutcomeRecord.model_validate_json(row.record)


def _columns(record: OutcomeRecord, now: dt.datetime | None) -> dict[str, Any]:
    return {
        "state": record.state.value, "due_at": record.due_at, "asked_at": record.asked_at,
        "verdict": record.verdict.value if record.verdict is not None else None,
        "record": record.model_dump_json(), "updated_at": now or utcnow(),
    }


class OutcomeConflict(Exception):
    """Another process wrote the record since it was read: decide again from what is stored now."""


class OutcomeBusy(OutcomeConflict):
    """Another process holds the record's lease (the scheduler measuring it): try again after `retry_after`."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Held:
    """A record as read, with the version a compare-and-set write must still find."""

    record: OutcomeRecord
    version: int


class OutcomeStore:
    """Repository of outcome records, shared by the worker (commands, closes) and the scheduler (due outcomes).

    Every write is guarded: by the writer's lease on the row (`hold`/`claim`, then `finish`), or by a
    compare-and-set on the row's version (`save`), so a `/measure` and the scheduler never overwrite each other.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    def _row(self, session: Session, ref: TicketRef) -> OutcomeRow | None:
        return session.scalars(select(OutcomeRow).where(_of(ref))).first()

    def read(self, ref: TicketRef) -> Held | None:
        """Return a ticket's record with its version."""
        with self._sessions() as session:
            row = self._row(session, ref)
            return None if row is None else Held(_load(row), row.version)

    def get(self, ref: TicketRef) -> OutcomeRecord | None:
        """Return a ticket's record."""
        held = self.read(ref)
        return None if held is None else held.record

    def save(
        self, record: OutcomeRecord, *, expected: int | None, now: dt.datetime | None = None,
        outbox: Sequence[OutboxItem] = (),
    ) -> int:
        """Write a record if the stored version is still `expected` (None: there is no record yet).

        The `outbox` messages it calls for are stored in the same transaction. Return the new version; raise
        OutcomeConflict when another writer came first or holds the lease.
        """
        values = _columns(record, now)
        ref = record.ref
        if expected is None:
            row = {"tracker": ref.tracker, "container": ref.container, "key": ref.key, "version": 1, **values}
            try:
                with write_transaction(self.engine) as connection:
                    connection.execute(insert(OutcomeRow).values(**row))
                    add_items(connection, outbox, now=values["updated_at"])
            except IntegrityError:
                raise OutcomeConflict(f"{ref}: another process stored an outcome first") from None
            return 1
        statement = (
            update(OutcomeRow)
            .where(
                _of(ref), OutcomeRow.version == expected,
                or_(OutcomeRow.claimed_by.is_(None), OutcomeRow.claimed_until <= values["updated_at"]),
            )
            .values(**values, version=expected + 1)
        )
        with write_transaction(self.engine) as connection:
            if connection.execute(statement).rowcount != 1:
                raise OutcomeConflict(f"{ref}: the outcome changed since it was read")
            add_items(connection, outbox, now=values["updated_at"])
        return expected + 1

    def hold(self, ref: TicketRef, *, worker: str, now: dt.datetime, lease: dt.timedelta) -> Held | None:
        """Lease a ticket's record to `worker` and return it; None when there is no record.

        Raise OutcomeBusy while another process holds it.
        """
        if self.read(ref) is None:
            # Most tickets never ship: no write transaction for them. A record inserted meanwhile makes the
            # caller's insert conflict, and the event is decided again.
            return None
        # Free, already this worker's, or lapsed (a record released until a retry time is free to the webhook).
        free = or_(OutcomeRow.claimed_by.is_(None), _LEASE.held_by(worker), _LEASE.lapsed(now))
        with write_transaction(self.engine) as connection:
            won = connection.execute(_LEASE.take(_of(ref), free), {"holder": worker, "until": now + lease}).first()
        if won is not None:
            return Held(_load(won), won.version)
        with self._sessions() as session:
            row = self._row(session, ref)
            if row is None:
                return None
            until = row.claimed_until or now
            raise OutcomeBusy(
                f"{ref}: the outcome is being measured by {row.claimed_by}",
                retry_after=max(1.0, (until - now).total_seconds()),
            )

    def due(self, now: dt.datetime, *, limit: int = 100) -> list[OutcomeRecord]:
        """Return pending records whose window has ended and that nobody is measuring now."""
        statement = select(OutcomeRow).where(_claimable(now)).order_by(OutcomeRow.due_at, OutcomeRow.id).limit(limit)
        with self._sessions() as session:
            return [_load(row) for row in session.scalars(statement)]

    def claim(self, now: dt.datetime, worker: str, lease: dt.timedelta, *, limit: int = 20) -> list[OutcomeRecord]:
        """Lease due records to `worker`; of several processes racing for one record, exactly one gets it."""
        candidates = select(OutcomeRow.id).where(_claimable(now)).order_by(OutcomeRow.due_at, OutcomeRow.id)
        with self.engine.connect() as connection:
            ids = list(connection.scalars(candidates.limit(limit)))
        if not ids:
            return []
        # The conditional UPDATE is the lease: the WHERE re-checks claimability inside the write.
        with write_transaction(self.engine) as connection:
            won = connection.execute(
                _LEASE.take(OutcomeRow.id.in_(ids), _claimable(now)), {"holder": worker, "until": now + lease}
            ).all()
        return [_load(row) for row in sorted(won, key=lambda row: ids.index(row.id))]

    def finish(
        self, record: OutcomeRecord, *, worker: str, now: dt.datetime | None = None, outbox: Sequence[OutboxItem] = ()
    ) -> bool:
        """Store the record (and its `outbox` messages) under `worker`'s lease and end the lease.

        False when the lease was lost to another process: then nothing is stored.
        """
        values = _columns(record, now)
        statement = _LEASE.end(_of(record.ref), **values, version=OutcomeRow.version + 1)
        with write_transaction(self.engine) as connection:
            if connection.execute(statement, {"holder": worker}).rowcount != 1:
                return False
            add_items(connection, outbox, now=values["updated_at"])
            return True

    def release(self, ref: TicketRef, *, worker: str, retry_at: dt.datetime | None = None) -> bool:
        """Give up a lease without changes; the record is claimable again from `retry_at` (None: at once)."""
        statement = _LEASE.end(_of(ref), claimed_until=retry_at)
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, {"holder": worker}).rowcount == 1

    def list(self, *, states: Iterable[OutcomeState] | None = None, limit: int = 500) -> list[OutcomeRecord]:
        """Return records, soonest due first (records without a due date last)."""
        statement = select(OutcomeRow).order_by(OutcomeRow.due_at.is_(None), OutcomeRow.due_at, OutcomeRow.id)
        if states is not None:
            statement = statement.where(OutcomeRow.state.in_([state.value for state in states]))
        with self._sessions() as session:
            return [_load(row) for row in session.scalars(statement.limit(limit))]
