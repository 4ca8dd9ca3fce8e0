"""What the service last applied to each ticket, and the GitHub installations it knows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from integration.store.base import utcnow
from integration.store.engine import make_sessionmaker, write_guard
from integration.store.models import Installation, TicketRow
from problemframe.events import TicketRef


@dataclass(frozen=True)
class Applied:
    """The newest state applied to a ticket: the tracker's `updated_at`, and when it was read from the tracker."""

    updated_at: dt.datetime | None
    read_at: dt.datetime | None


class TicketStore:
    """Per-ticket state: the newest tracker update applied, and the sticky comment's id."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = make_sessionmaker(engine)

    def _row(self, session: Session, ref: TicketRef) -> TicketRow | None:
        statement = select(TicketRow).where(
            TicketRow.tracker == ref.tracker, TicketRow.container == ref.container, TicketRow.key == ref.key
        )
        return session.scalars(statement).first()

    def applied(self, ref: TicketRef) -> Applied | None:
        """Return the newest state applied to this ticket, or None when nothing was."""
        with self._sessions() as session:
            row = self._row(session, ref)
            return None if row is None else Applied(row.last_updated_at, row.state_read_at)

    def record_applied(
        self,
        ref: TicketRef,
        *,
        updated_at: dt.datetime | None,
        read_at: dt.datetime | None = None,
        now: dt.datetime | None = None,
        framed: bool = False,
    ) -> None:
        """Remember that the ticket as of `updated_at` was applied; the newest one wins.

        `read_at` says the state was read from the tracker at that moment rather than taken from a payload; `framed`
        says the service judged the ticket complete: the first such moment is kept.
        """
        with write_guard(self._engine), self._sessions.begin() as session:
            row = self._row(session, ref)
            if row is None:
                row = TicketRow(tracker=ref.tracker, container=ref.container, key=ref.key)
                session.add(row)
            row.last_event_at = now or utcnow()
            if framed and row.first_framed_at is None:
                row.first_framed_at = row.last_event_at
            if updated_at is None:
                return
            if row.last_updated_at is None or updated_at > row.last_updated_at:
                row.last_updated_at, row.state_read_at = updated_at, read_at
            elif updated_at == row.last_updated_at and read_at is not None:
                row.state_read_at = max(read_at, row.state_read_at or read_at)

    def first_framed(self, tracker: str, container: str) -> dict[TicketRef, dt.datetime]:
        """Return when the service first judged each ticket of a repository or project complete."""
        statement = select(TicketRow.key, TicketRow.first_framed_at).where(
            TicketRow.tracker == tracker, TicketRow.container == container, TicketRow.first_framed_at.is_not(None)
        )
        with self._sessions() as session:
            return {
                TicketRef(tracker=tracker, container=container, key=key): when
                for key, when in session.execute(statement)
                if when is not None
            }


@dataclass(frozen=True)
class InstallationRecord:
    """A GitHub App installation: its id, account and repositories."""

    id: int
    account: str
    repositories: frozenset[str]
    suspended: bool


class InstallationStore:
    """GitHub App installations, kept current from `installation` and `installation_repositories` events."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = make_sessionmaker(engine)

    def upsert(
        self, installation_id: int, *, account: str, repositories: Iterable[str] | None = None,
        suspended: bool | None = None,
    ) -> None:
        """Create or update an installation; `repositories` None keeps the known list."""
        with write_guard(self._engine), self._sessions.begin() as session:
            row = session.get(Installation, installation_id)
            if row is None:
                row = Installation(id=installation_id, account=account, repositories="", suspended=False)
                session.add(row)
            row.account = account
            if repositories is not None:
                row.repositories = "\n".join(sorted(set(repositories)))
            if suspended is not None:
                row.suspended = suspended
            row.updated_at = utcnow()

    def change_repositories(
        self, installation_id: int, *, account: str, added: Iterable[str] = (), removed: Iterable[str] = ()
    ) -> None:
        """Add and remove repositories of an installation."""
        current = self.get(installation_id)
        names = set(current.repositories) if current else set()
        self.upsert(installation_id, account=account, repositories=(names | set(added)) - set(removed))

    def remove(self, installation_id: int) -> None:
        """Forget an uninstalled installation."""
        with write_guard(self._engine), self._sessions.begin() as session:
            row = session.get(Installation, installation_id)
            if row is not None:
                session.delete(row)

    def get(self, installation_id: int) -> InstallationRecord | None:
        """Return one installation."""
        with self._sessions() as session:
            row = session.get(Installation, installation_id)
            return None if row is None else _record(row)

    def all(self) -> list[InstallationRecord]:
        """Return every known installation."""
        with self._sessions() as session:
            return [_record(row) for row in session.scalars(select(Installation).order_by(Installation.id))]

    def for_repository(self, full_name: str) -> int | None:
        """Return the id of the active installation covering an 'owner/repo', if any."""
        for installation in self.all():
            if full_name in installation.repositories and not installation.suspended:
                return installation.id
        return None


def _record(row: Installation) -> InstallationRecord:
    names = frozenset(name for name in row.repositories.split("\n") if name)
    return InstallationRecord(id=row.id, account=row.account, repositories=names, suspended=row.suspended)
