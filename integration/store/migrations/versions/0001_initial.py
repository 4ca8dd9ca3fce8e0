"""Initial schema: the delivery inbox, applied ticket state and GitHub installations.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the inbox, tickets and installations tables."""
    op.create_table(
        "deliveries",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("action", sa.String(100), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("ticket_key", sa.String(400), nullable=True),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("source", "delivery_id", name="uq_deliveries_source_delivery_id"),
    )
    op.create_index("ix_deliveries_status_next_attempt_at", "deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_deliveries_ticket_key_id", "deliveries", ["ticket_key", "id"])
    op.create_table(
        "tickets",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("tracker", sa.String(16), nullable=False),
        sa.Column("container", sa.String(300), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("last_event_at", UTCDateTime(), nullable=True),
        sa.Column("last_updated_at", UTCDateTime(), nullable=True),
        sa.Column("comment_id", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sa.UniqueConstraint("tracker", "container", "key", name="uq_tickets_tracker_container_key"),
    )
    op.create_table(
        "installations",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("repositories", sa.Text(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_installations"),
    )


def downgrade() -> None:
    """Drop the tables of the initial schema."""
    op.drop_table("installations")
    op.drop_table("tickets")
    op.drop_index("ix_deliveries_ticket_key_id", table_name="deliveries")
    op.drop_index("ix_deliveries_status_next_attempt_at", table_name="deliveries")
    op.drop_table("deliveries")
