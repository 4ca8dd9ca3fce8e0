"""Schedule runs: per periodic job, the last period it finished and the claim of the process running it.

Revision ID: 0003_schedule_runs
Revises: 0002_outcomes
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0003_schedule_runs"
down_revision: str | None = "0002_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the schedule_runs table."""
    op.create_table(
        "schedule_runs",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("period", sa.String(100), nullable=True),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_schedule_runs"),
    )


def downgrade() -> None:
    """Drop the schedule_runs table."""
    op.drop_table("schedule_runs")
