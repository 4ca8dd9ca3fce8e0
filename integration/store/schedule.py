"""Runs of the service's periodic jobs: which period each last finished, and who is running it now."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, String, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from integration.store.base import Base, UTCDateTime
from integration.store.engine import write_transaction
from integration.store.lease import Lease, insert_new


class ScheduleRunRow(Base):
    """One periodic job: the last period it finished and its current claim."""

    __tablename__ = "schedule_runs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    period: Mapped[str | None] = mapped_column(String(100))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


# The time column is when the claim was taken: a claim older than the caller's lease has lapsed.
_LEASE = Lease(ScheduleRunRow, time="claimed_at")


class ScheduleRuns:
    """Repository of periodic job runs; a conditional update lets exactly one process run a job's period."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def done(self, name: str) -> str | None:
        """Return the last period the job finished, or None."""
        with self.engine.connect() as connection:
            return connection.scalar(select(ScheduleRunRow.period).where(ScheduleRunRow.name == name))

    def claim(self, name: str, period: str, *, worker: str, now: dt.datetime, lease: dt.timedelta) -> bool:
        """Claim the job's `period` for `worker`; False when it is finished or another worker holds a live claim.

        Periods compare as text, so they must sort in time order (2026-W05, not 2026-W5).
        """
        create = insert_new(self.engine.dialect.name, ScheduleRunRow, unique=["name"]).values(name=name)
        # The WHERE re-checks inside the write: of two processes racing for a period, exactly one matches.
        take = _LEASE.take(
            ScheduleRunRow.name == name,
            or_(ScheduleRunRow.period.is_(None), ScheduleRunRow.period < period),
            or_(ScheduleRunRow.claimed_by.is_(None), ScheduleRunRow.claimed_at < now - lease),
        )
        with write_transaction(self.engine) as connection:
            connection.execute(create)
            return connection.execute(take, {"holder": worker, "until": now}).first() is not None

    def finish(self, name: str, period: str, *, worker: str) -> bool:
        """Record the period as finished and end the claim; False when the claim was lost to another worker."""
        statement = _LEASE.end(ScheduleRunRow.name == name, period=period)
        with write_transaction(self.engine) as connection:
            return connection.execute(statement, {"holder": worker}).rowcount == 1

    def release(self, name: str, *, worker: str) -> bool:
        """Give up a claim without finishing, so the next attempt may run the period again."""
        with write_transaction(self.engine) as connection:
            return connection.execute(_LEASE.end(ScheduleRunRow.name == name), {"holder": worker}).rowcount == 1
