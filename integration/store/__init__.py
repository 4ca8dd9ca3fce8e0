"""The service's database: SQLAlchemy tables, Alembic migrations and small repositories over them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from integration.store.base import Base, utcnow
from integration.store.budget import WriteBudgets
from integration.store.deliveries import Arrival, DeliveryRecord, Envelope, ticket_key
from integration.store.engine import DEFAULT_URL, make_engine, make_sessionmaker, shown_url
from integration.store.existing import NotReady, check_existing
from integration.store.inbox import Inbox
from integration.store.migrate import upgrade, upgrade_to_head
from integration.store.models import Delivery, DeliveryStatus, Installation, TicketRow
from integration.store.outbox import Outbox, OutboxItem, OutboxMessage, OutboxStatus
from integration.store.outcomes import OutcomeStore
from integration.store.schedule import ScheduleRuns
from integration.store.tickets import InstallationRecord, InstallationStore, TicketStore

__all__ = [
    "DEFAULT_URL",
    "Arrival",
    "Base",
    "Delivery",
    "DeliveryRecord",
    "DeliveryStatus",
    "Envelope",
    "Inbox",
    "Installation",
    "InstallationRecord",
    "InstallationStore",
    "NotReady",
    "Outbox",
    "OutboxItem",
    "OutboxMessage",
    "OutboxStatus",
    "OutcomeStore",
    "ScheduleRuns",
    "Store",
    "TicketRow",
    "TicketStore",
    "WriteBudgets",
    "make_engine",
    "make_sessionmaker",
    "shown_url",
    "ticket_key",
    "upgrade",
    "upgrade_to_head",
    "utcnow",
]


@dataclass
class Store:
    """One database and the repositories over it."""

    engine: Engine
    inbox: Inbox = field(init=False)
    tickets: TicketStore = field(init=False)
    installations: InstallationStore = field(init=False)
    outcomes: OutcomeStore = field(init=False)
    outbox: Outbox = field(init=False)
    schedule_runs: ScheduleRuns = field(init=False)
    write_budgets: WriteBudgets = field(init=False)

    def __post_init__(self) -> None:
        self.inbox = Inbox(self.engine)
        self.tickets = TicketStore(self.engine)
        self.installations = InstallationStore(self.engine)
        self.outcomes = OutcomeStore(self.engine)
        self.outbox = Outbox(self.engine)
        self.schedule_runs = ScheduleRuns(self.engine)
        self.write_budgets = WriteBudgets(self.engine)

    @classmethod
    def open_existing(cls, url: str = DEFAULT_URL) -> Store:
        """Connect to a database already at the newest schema; raise NotReady, creating nothing, when it is not."""
        check_existing(url)
        return cls(make_engine(url))

    @classmethod
    def open(cls, url: str = DEFAULT_URL, *, migrate: bool = True) -> Store:
        """Connect to a database, first bringing its schema to the newest revision."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def reachable(self) -> bool:
        """Tell whether the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()
