"""The inbox's leases: workers claim due deliveries, keep them alive, and finish them while they still hold them."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Engine, Select, Update, and_, bindparam, case, or_, select
from sqlalchemy.sql.dml import ReturningUpdate

from integration.store.base import UTCDateTime, utcnow
from integration.store.deliveries import ACTIVE, DeliveryRecord
from integration.store.engine import write_transaction
from integration.store.lease import Lease
from integration.store.models import Delivery, DeliveryStatus


def _claimable(now: dt.datetime | BindParameter[dt.datetime]) -> ColumnElement[bool]:
    return or_(
        and_(Delivery.status == DeliveryStatus.PENDING.value, Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.PROCESSING.value, Delivery.claimed_until < now),
    )


# Statements the worker runs for every delivery are built once: building one costs more Python than running it.
_NOW = bindparam("now", type_=UTCDateTime())


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


class InboxLeases:
    """Claiming, renewing and finishing deliveries: the workers' half of the inbox."""

    engine: Engine

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

    def renew_held(self, delivery_ids: Collection[int], *, worker_id: str, until: dt.datetime) -> int:
        """Extend this worker's leases on the deliveries it has in hand (its heartbeat); return how many.

        Only the rows the worker knows it holds: a claim whose answer was lost (the database went away as it
        committed) leaves rows leased to this worker that it never saw, and renewing those would keep them from
        every other worker for good. Left alone, their lease runs out and any worker takes them.
        """
        if not delivery_ids:
            return 0
        statement = _LEASE.extend(_PROCESSING, Delivery.id.in_(sorted(delivery_ids)))
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, {"holder": worker_id, "until": until}).rowcount

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

    def requeue_expired(self, *, now: dt.datetime | None = None) -> int:
        """Return deliveries whose lease ran out (their worker died) to pending; return how many."""
        now = now or utcnow()
        statement = _LEASE.end(
            _PROCESSING, Delivery.claimed_until < now, by_holder=False, status=DeliveryStatus.PENDING.value,
            next_attempt_at=now,
        )
        with write_transaction(self.engine) as connection:
            return connection.execute(statement).rowcount
