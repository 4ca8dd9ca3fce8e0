"""Outcome records: one per ticket, with the state and due date the scheduler queries and a lease.

Revision ID: 0002_outcomes
Revises: 0001_initial
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0002_outcomes"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the outcomes table."""
    op.create_table(
        "outcomes",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("tracker", sa.String(16), nullable=False),
        sa.Column("container", sa.String(300), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outcomes"),
        sa.UniqueConstraint("tracker", "container", "key", name="uq_outcomes_tracker_container_key"),
    )
    op.create_index("ix_outcomes_state_due_at", "outcomes", ["state", "due_at"])


def downgrade() -> None:
    """Drop the outcomes table."""
    op.drop_index("ix_outcomes_state_due_at", table_name="outcomes")
    op.drop_table("outcomes")
