"""Applied ticket state (the newest wins, with when it was read); installations follow GitHub's installation events."""

from __future__ import annotations

import datetime as dt

from integration.store import Store
from integration.store.tickets import Applied
from problemframe.events import TicketRef

REF = TicketRef(tracker="github", container="o/r", key="12")
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_the_newest_applied_state_wins(store: Store) -> None:
    store.tickets.record_applied(REF, updated_at=T0)
    store.tickets.record_applied(REF, updated_at=T0 - dt.timedelta(hours=1))
    applied = store.tickets.applied(REF)
    assert applied is not None and applied.updated_at == T0


def test_installations_track_their_repositories(store: Store) -> None:
    installations = store.installations
    installations.upsert(5, account="octo", repositories=["octo/a"])
    installations.change_repositories(5, account="octo", added=["octo/b"], removed=["octo/a"])
    record = installations.get(5)
    assert record is not None and record.repositories == frozenset({"octo/b"})
    assert installations.for_repository("octo/b") == 5
    installations.upsert(5, account="octo", suspended=True)
    assert installations.for_repository("octo/b") is None
    installations.remove(5)
    assert installations.get(5) is None and installations.all() == []


def test_a_state_read_from_the_tracker_is_remembered_with_its_time(store: Store) -> None:
    read = T0 + dt.timedelta(seconds=30)
    store.tickets.record_applied(REF, updated_at=T0)
    assert store.tickets.applied(REF) == Applied(T0, None)
    store.tickets.record_applied(REF, updated_at=T0, read_at=read)
    assert store.tickets.applied(REF) == Applied(T0, read)
    store.tickets.record_applied(REF, updated_at=T0)  # a payload of the same second does not forget the read
    assert store.tickets.applied(REF) == Applied(T0, read)
    store.tickets.record_applied(REF, updated_at=T0 + dt.timedelta(seconds=1))  # a newer payload does
    assert store.tickets.applied(REF) == Applied(T0 + dt.timedelta(seconds=1), None)
