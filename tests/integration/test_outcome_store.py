"""The outcome store: records round-trip, due outcomes are found, and a lease lets only one process measure."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from integration.store import Store
from integration.store.base import Base
from integration.store.outcomes import Held, OutcomeBusy, OutcomeConflict, OutcomeRow, OutcomeStore
from problemframe.commands import parse_commands
from problemframe.events import CloseReason, Permission, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState, on_closed, on_command
from problemframe.policy import Policy

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=10)


def shipped(key: str, *, days: int = 14, at: dt.datetime = NOW) -> OutcomeRecord:
    metric = SuccessMetric(name="m", baseline=1, target=2, direction=Direction.INCREASE, window_days=days,
                           source="prod: x")
    record, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                          policy=Policy(), now=at, ref=TicketRef(tracker="github", container="acme/app", key=key))
    assert record is not None
    return record


@pytest.fixture
def outcomes(store: Store) -> OutcomeStore:
    return OutcomeStore(store.engine)


def test_the_migration_matches_the_table(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [change for change in diff if OutcomeRow.__tablename__ in repr(change)] == []


def test_save_and_get_round_trip(outcomes: OutcomeStore) -> None:
    record = shipped("1")
    outcomes.save(record, expected=None, now=NOW)
    assert outcomes.get(record.ref) == record
    measured, _ = on_command(record, parse_commands("/measure 1.5 dashboard")[0], permission=Permission.WRITE,
                             actor="alice", now=NOW, policy=Policy())
    outcomes.save(measured, expected=1, now=NOW)
    assert outcomes.get(record.ref) == measured
    assert outcomes.get(TicketRef(tracker="jira", container="acme/app", key="1")) is None


def test_due_finds_only_ended_pending_windows(outcomes: OutcomeStore) -> None:
    early, late = shipped("1", days=7), shipped("2", days=30)
    reviewed, _ = on_command(shipped("3", days=1), parse_commands("/outcome met")[0], permission=Permission.WRITE,
                             actor="a", now=NOW, policy=Policy())
    for record in (late, early, reviewed):
        outcomes.save(record, expected=None, now=NOW)
    assert outcomes.due(NOW + dt.timedelta(days=6)) == []
    assert outcomes.due(NOW + dt.timedelta(days=7)) == [early]
    assert outcomes.due(NOW + dt.timedelta(days=31)) == [early, late]


def test_claim_leases_and_finish_releases(outcomes: OutcomeStore) -> None:
    record = shipped("1", days=1)
    outcomes.save(record, expected=None, now=NOW)
    later = NOW + dt.timedelta(days=2)
    assert outcomes.claim(later, "w1", LEASE) == [record]
    assert outcomes.claim(later, "w2", LEASE) == []
    assert outcomes.due(later) == []
    moved = record.model_copy(update={"state": OutcomeState.REVIEW})
    assert not outcomes.finish(moved, worker="w2", now=later)
    assert outcomes.finish(moved, worker="w1", now=later)
    assert outcomes.get(record.ref) == moved
    assert outcomes.claim(later + LEASE * 2, "w2", LEASE) == []


def test_an_expired_lease_can_be_taken_over(outcomes: OutcomeStore) -> None:
    record = shipped("1", days=1)
    outcomes.save(record, expected=None, now=NOW)
    later = NOW + dt.timedelta(days=2)
    assert outcomes.claim(later, "w1", LEASE) == [record]
    assert outcomes.claim(later + LEASE + dt.timedelta(seconds=1), "w2", LEASE) == [record]
    assert not outcomes.finish(record, worker="w1", now=later)


def test_release_delays_the_next_attempt(outcomes: OutcomeStore) -> None:
    record = shipped("1", days=1)
    outcomes.save(record, expected=None, now=NOW)
    later = NOW + dt.timedelta(days=2)
    outcomes.claim(later, "w1", LEASE)
    assert outcomes.release(record.ref, worker="w1", retry_at=later + dt.timedelta(minutes=15))
    assert outcomes.claim(later + dt.timedelta(minutes=5), "w2", LEASE) == []
    assert outcomes.claim(later + dt.timedelta(minutes=16), "w2", LEASE) == [record]


def test_two_claimers_racing_get_each_record_once(store: Store) -> None:
    first, second = OutcomeStore(store.engine), OutcomeStore(store.engine)
    records = [shipped(str(n), days=1) for n in range(12)]
    for record in records:
        first.save(record, expected=None, now=NOW)
    later = NOW + dt.timedelta(days=2)
    results: dict[str, list[OutcomeRecord]] = {}
    barrier = threading.Barrier(2)

    def run(name: str, repository: OutcomeStore) -> None:
        barrier.wait()
        results[name] = repository.claim(later, name, LEASE, limit=50)

    threads = [threading.Thread(target=run, args=(name, repo)) for name, repo in (("w1", first), ("w2", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [record.ref.key for batch in results.values() for record in batch]
    assert sorted(claimed, key=int) == [str(n) for n in range(12)]


def test_list_by_state(outcomes: OutcomeStore) -> None:
    a, b = shipped("1", days=3), shipped("2", days=1)
    skipped, _ = on_command(shipped("3"), parse_commands("/outcome skip retired")[0], permission=Permission.WRITE,
                            actor="a", now=NOW, policy=Policy())
    for record in (a, b, skipped):
        outcomes.save(record, expected=None, now=NOW)
    assert outcomes.list() == [b, a, skipped]
    assert outcomes.list(states=[OutcomeState.PENDING]) == [b, a]


def test_save_is_a_compare_and_set_on_the_version(outcomes: OutcomeStore) -> None:
    record = shipped("1")
    assert outcomes.save(record, expected=None, now=NOW) == 1
    with pytest.raises(OutcomeConflict):
        outcomes.save(record, expected=None, now=NOW)
    held = outcomes.read(record.ref)
    assert held is not None and held.version == 1
    measured, _ = on_command(record, parse_commands("/measure 1.5")[0], permission=Permission.WRITE,
                             actor="alice", now=NOW, policy=Policy())
    assert outcomes.save(measured, expected=1, now=NOW) == 2
    # A writer that read version 1 loses to the one that wrote version 2, and changes nothing.
    with pytest.raises(OutcomeConflict):
        outcomes.save(record, expected=1, now=NOW)
    assert outcomes.get(record.ref) == measured


def test_a_held_record_is_busy_for_everyone_else_until_finished_or_expired(outcomes: OutcomeStore) -> None:
    record = shipped("1", days=1)
    outcomes.save(record, expected=None, now=NOW)
    later = NOW + dt.timedelta(days=2)
    held = outcomes.hold(record.ref, worker="pipeline", now=later, lease=LEASE)
    assert held is not None and held.record == record
    assert outcomes.claim(later, "scheduler", LEASE) == []
    with pytest.raises(OutcomeBusy) as busy:
        outcomes.hold(record.ref, worker="other", now=later, lease=LEASE)
    assert busy.value.retry_after == LEASE.total_seconds()
    with pytest.raises(OutcomeConflict):
        outcomes.save(record, expected=held.version, now=later)
    moved = record.model_copy(update={"state": OutcomeState.REVIEW})
    assert outcomes.finish(moved, worker="pipeline", now=later)
    assert outcomes.read(record.ref) == Held(moved, held.version + 1)
    assert outcomes.hold(TicketRef(tracker="github", container="acme/app", key="99"), worker="pipeline", now=later,
                         lease=LEASE) is None
    # A holder that died lets go when its lease runs out.
    outcomes.hold(record.ref, worker="gone", now=later, lease=LEASE)
    again = outcomes.hold(record.ref, worker="pipeline", now=later + LEASE, lease=LEASE)
    assert again is not None and again.record == moved
