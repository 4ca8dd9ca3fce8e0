"""The write budget in the database: every replica books its tracker writes here, so all share one budget."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select, text

from integration.retry import WriteLimits
from integration.store.engine import write_transaction
from integration.store.models import TrackerWrite

WINDOW_SECONDS = 3600.0  # the longest limit GitHub sets on content creation is per hour


class WriteBudgets:
    """Book writes per budget (a token or installation) under a lock that spans processes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def reserve(self, budget: str, *, limits: WriteLimits, now: float, comment: bool, max_wait: float) -> float:
        """Return the seconds until `budget`'s next write may go out; book that moment unless it exceeds max_wait."""
        with write_transaction(self.engine) as connection:
            self._lock(connection, budget)
            connection.execute(delete(TrackerWrite).where(
                TrackerWrite.budget == budget, TrackerWrite.at <= now - WINDOW_SECONDS
            ))
            booked = connection.execute(
                select(TrackerWrite.at, TrackerWrite.comment)
                .where(TrackerWrite.budget == budget)
                .order_by(TrackerWrite.at)
            ).all()
            ready = limits.ready_at(now, [(at, bool(was_comment)) for at, was_comment in booked], comment=comment)
            delay = ready - now
            if delay <= max_wait:
                connection.execute(insert(TrackerWrite).values(budget=budget, at=max(ready, now), comment=comment))
            return delay

    def spent(self, budget: str, *, since: float) -> int:
        """Return how many writes `budget` made or booked from `since` on."""
        statement = select(TrackerWrite.id).where(TrackerWrite.budget == budget, TrackerWrite.at >= since)
        with self.engine.connect() as connection:
            return len(connection.execute(statement).all())

    def _lock(self, connection: Connection, budget: str) -> None:
        if self.engine.dialect.name == "postgresql":
            # Held to the end of the transaction: two replicas booking on one budget take turns.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:budget))"), {"budget": budget})
        # SQLite: the DELETE that follows takes the database's write lock before anything is read.
