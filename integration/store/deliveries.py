"""What the inbox holds: a delivery as the doors hand it over and as the workers and the CLI read it back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

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


def ticket_key(tracker: str, container: str, key: str) -> str:
    """Return the inbox's ordering key of a ticket: deliveries with one key are processed in received order."""
    return f"{tracker}:{container}:{key}"
