"""Outcomes: when the service asked for a manual value, and a version for compare-and-set writes.

Revision ID: 0004_outcome_loop
Revises: 0003_schedule_runs
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0004_outcome_loop"
down_revision: str | None = "0003_schedule_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add outcomes.asked_at and outcomes.version."""
    with op.batch_alter_table("outcomes") as batch:
        batch.add_column(sa.Column("asked_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop outcomes.asked_at and outcomes.version."""
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_column("version")
        batch.drop_column("asked_at")
