"""Tickets: when the applied state was read from the tracker itself, so deliveries received before it need no read.

Revision ID: 0007_ticket_state_read
Revises: 0006_first_framed
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from integration.store.base import UTCDateTime

revision: str = "0007_ticket_state_read"
down_revision: str | None = "0006_first_framed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add tickets.state_read_at."""
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("state_read_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop tickets.state_read_at."""
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("state_read_at")
