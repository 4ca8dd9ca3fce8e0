"""Tracker writes: the write budget every replica draws from, per token or installation.

Revision ID: 0008_tracker_writes
Revises: 0007_ticket_state_read
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_tracker_writes"
down_revision: str | None = "0007_ticket_state_read"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tracker_writes table."""
    op.create_table(
        "tracker_writes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("budget", sa.String(200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("comment", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tracker_writes"),
    )
    op.create_index("ix_tracker_writes_budget_at", "tracker_writes", ["budget", "at"])


def downgrade() -> None:
    """Drop the tracker_writes table."""
    op.drop_index("ix_tracker_writes_budget_at", table_name="tracker_writes")
    op.drop_table("tracker_writes")
