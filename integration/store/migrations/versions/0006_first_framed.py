"""Tickets: when the service first judged each ticket complete (the scorecard's time to framed).

Revision ID: 0006_first_framed
Revises: 0005_outbox
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0006_first_framed"
down_revision: str | None = "0005_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add tickets.first_framed_at."""
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("first_framed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop tickets.first_framed_at."""
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("first_framed_at")
