"""Tables of the service's own state: the delivery inbox, applied ticket state and GitHub installations."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from integration.store.base import Base, UTCDateTime

# SQLite only auto-increments a column declared exactly INTEGER.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class DeliveryStatus(StrEnum):
    """Where a delivery is in its life."""

    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    IGNORED = "ignored"


class Delivery(Base):
    """One webhook delivery as received, and its processing state."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("source", "delivery_id", name="uq_deliveries_source_delivery_id"),
        Index("ix_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_deliveries_ticket_key_id", "ticket_key", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16))
    delivery_id: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(100))
    action: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    ticket_key: Mapped[str | None] = mapped_column(String(400))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class TicketRow(Base):
    """What the service last applied to a ticket, so an older event never overwrites newer state."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("tracker", "container", "key", name="uq_tickets_tracker_container_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracker: Mapped[str] = mapped_column(String(16))
    container: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(100))
    last_event_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Set when the state applied as of last_updated_at was read from the tracker (not taken from a payload).
    state_read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    comment_id: Mapped[str | None] = mapped_column(String(100))
    first_framed_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime(), doc="When the service first judged the ticket complete."
    )


class Installation(Base):
    """A GitHub App installation and the repositories it covers."""

    __tablename__ = "installations"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    account: Mapped[str] = mapped_column(String(200))
    repositories: Mapped[str] = mapped_column(Text, default="", doc="Repository full names, one a line.")
    suspended: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class TrackerWrite(Base):
    """One write to a tracker account, made or booked, so every replica paces against the same budget."""

    __tablename__ = "tracker_writes"
    __table_args__ = (Index("ix_tracker_writes_budget_at", "budget", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    budget: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float, doc="Epoch seconds the write goes out at.")
    comment: Mapped[bool] = mapped_column(Boolean, default=False)
