"""Backfill against the fake GitHub: dry run writes nothing, apply is idempotent, an interrupted run resumes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Auth, Github

from integration.backfill import Backfill, Checkpoint, Summary, TicketResult
from integration.backfill_plan import describe
from integration.github.clients import CLIENT_OPTIONS
from integration.github.comments import MARKER
from integration.github.portfolio import GitHubIssueReader, same_sticky_body
from integration.store import Store, TicketStore
from problemframe.events import Ticket
from problemframe.policy import Policy
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import form_body, kind_of, seeded_github
from tests.trackers import github_tracker

REPO = "acme/app"
BOT = "problemframe-bot"
# Six pages of ten: every run crosses pages as a full repository's would, at a tenth of the tickets.
COUNT = 52
PAGE_SIZE = 10
# Over GitHub's 500 content-creating writes an hour: the one run that must wait the hour out.
HOURLY_COUNT = 520
TODAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
EVIDENCE_LABELS = {"evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong"}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with COUNT open issues."""
    with seeded_github(REPO, COUNT, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


@pytest.fixture
def busy() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with HOURLY_COUNT open issues."""
    with seeded_github(REPO, HOURLY_COUNT, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


def _reader(fake: FakeGitHub) -> GitHubIssueReader:
    client = Github(base_url=fake.base_url, auth=Auth.Token("bot-token"), **CLIENT_OPTIONS)
    return GitHubIssueReader(client, REPO, page_size=PAGE_SIZE)


def _count(fake: FakeGitHub) -> int:
    return len(fake.repo(REPO).issues)


def _tickets(fake: FakeGitHub) -> list[Ticket]:
    return list(_reader(fake).tickets(state="open"))


def _backfill(
    fake: FakeGitHub, *, apply: bool, checkpoint: Checkpoint | None = None, clock: FakeClock | None = None,
    tickets: TicketStore | None = None,
) -> Backfill:
    clock = clock or FakeClock()
    tracker = github_tracker(fake, clock, write_interval=0.0)
    reader = _reader(fake)
    return Backfill(
        tracker=tracker, policy=Policy(), service_login=BOT, apply=apply, checkpoint=checkpoint,
        sticky=lambda ref: reader.sticky_body(ref, login=BOT), same_body=same_sticky_body, now=lambda: NOW,
        sleep=clock.sleep, tickets=tickets,
    )


def _framed_numbers(count: int) -> list[int]:
    return [n for n in range(1, count + 1) if kind_of(n - 1) != "exempt"]


def _assert_tracker_shows_frames(fake: FakeGitHub) -> None:
    for number in range(1, _count(fake) + 1):
        issue = fake.issue(REPO, number)
        mine = [c for c in fake.comments(REPO, number) if c.user.login == BOT]
        if kind_of(number - 1) == "exempt":
            assert issue.labels == ["chore"] and mine == []
            continue
        assert len(set(issue.labels) & EVIDENCE_LABELS) == 1, number
        assert ("needs-framing" in issue.labels) == (kind_of(number - 1) in ("weak", "unframed")), number
        assert len(mine) == 1 and mine[0].body.startswith(MARKER), number


def test_dry_run_writes_nothing_and_says_what_it_would_do(fake: FakeGitHub) -> None:
    summary = _backfill(fake, apply=False).run(_tickets(fake))

    assert fake.writes() == []
    assert summary.evaluated == COUNT and summary.writes == 0
    assert summary.exempt == COUNT // 5
    assert summary.changed == len(_framed_numbers(COUNT))
    plans = {int(r.plan.ref.key): r.plan for r in summary.results}
    assert plans[5].exempt and describe(plans[5]).endswith("left alone (policy exempts it)")
    strong = plans[1]
    assert strong.added == ("evidence-strong",) and strong.comment == "create"
    assert describe(strong) == f"{REPO}#1: add evidence-strong; create comment"
    assert set(plans[4].added) == {"evidence-none", "needs-framing"}


def test_apply_then_apply_again_costs_nothing(busy: FakeGitHub) -> None:
    fake = busy
    clock = FakeClock()
    first = _backfill(fake, apply=True, clock=clock).run(_tickets(fake))

    assert first.failed == 0
    # Over 500 writes: GitHub's hourly limit for content-creating requests makes the run wait out an hour.
    assert first.writes > 500 and sum(clock.sleeps) >= 3000
    assert first.writes == len(fake.writes())
    label_creations = [w for w in fake.writes() if w.path == f"/repos/{REPO}/labels"]
    assert first.writes - len(label_creations) == 2 * len(_framed_numbers(HOURLY_COUNT))  # labels once, comment once
    _assert_tracker_shows_frames(fake)

    fake.clear_log()
    second = _backfill(fake, apply=True).run(_tickets(fake))
    assert second.writes == 0 and fake.writes() == []
    assert second.evaluated == HOURLY_COUNT and second.failed == 0

    check = _backfill(fake, apply=False).run(_tickets(fake))
    assert check.changed == 0
    assert {r.plan.comment for r in check.results if not r.plan.exempt} == {"unchanged"}


def test_a_changed_ticket_costs_at_most_two_writes(fake: FakeGitHub) -> None:
    _backfill(fake, apply=True).run(_tickets(fake))
    fake.issue(REPO, 1).body = form_body(1000, "strong", today=TODAY)  # new wording, same tier
    fake.issue(REPO, 4).body = form_body(3, "strong", today=TODAY)  # an unframed ticket gets its frame
    fake.clear_log()

    summary = _backfill(fake, apply=True).run(_tickets(fake))

    writes = {int(r.plan.ref.key): r.writes for r in summary.results if r.writes}
    assert writes == {1: 1, 4: 2}  # the comment edited; the labels replaced in one request and the comment edited
    assert sum(writes.values()) == len(fake.writes())
    labels = f"/repos/{REPO}/issues/4/labels"
    assert sorted((w.method, w.path) for w in fake.writes() if w.path.startswith(labels)) == [
        ("PUT", labels)]
    assert set(fake.issue(REPO, 4).labels) == {"evidence-strong"}


def test_an_interrupted_run_resumes_and_judges_every_ticket_once(fake: FakeGitHub, tmp_path: Path) -> None:
    path = tmp_path / "progress"
    seen: list[str] = []
    stop_after = 20

    def interrupt(result: TicketResult, summary: Summary) -> None:
        seen.append(result.plan.ref.key)
        if summary.evaluated == stop_after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _backfill(fake, apply=True, checkpoint=Checkpoint(path)).run(_tickets(fake), progress=interrupt)
    assert len(seen) == stop_after and len(Checkpoint(path).done) == stop_after

    later: list[str] = []
    summary = _backfill(fake, apply=True, checkpoint=Checkpoint(path)).run(
        _tickets(fake), progress=lambda result, _: later.append(result.plan.ref.key)
    )

    assert summary.resumed == stop_after and summary.evaluated == COUNT - stop_after
    assert not set(seen) & set(later)
    assert sorted(map(int, seen + later)) == list(range(1, COUNT + 1))
    _assert_tracker_shows_frames(fake)
    assert not path.exists()  # a finished run leaves no progress behind


def test_a_failed_ticket_is_retried_by_the_next_run(fake: FakeGitHub, tmp_path: Path) -> None:
    path = tmp_path / "progress"
    fake.fail_next("POST", f"/repos/{REPO}/issues/2/comments", 422)

    first = _backfill(fake, apply=True, checkpoint=Checkpoint(path)).run(_tickets(fake))

    assert first.failed == 1
    failed = [r for r in first.results if r.error]
    assert [r.plan.ref.key for r in failed] == ["2"] and "422" in str(failed[0].error)
    assert path.exists() and "2" not in Checkpoint(path).done

    second = _backfill(fake, apply=True, checkpoint=Checkpoint(path)).run(_tickets(fake))
    assert (second.evaluated, second.failed, second.resumed) == (1, 0, COUNT - 1)
    assert second.writes == 1  # the labels were already there; only the comment was missing
    _assert_tracker_shows_frames(fake)



def test_a_ticket_the_service_applied_since_the_list_was_read_is_read_again(fake: FakeGitHub, store: Store) -> None:
    listed = _tickets(fake)
    stale = next(t for t in listed if t.ref.key == "4")  # unframed when listed
    assert stale.updated_at is not None
    edited = fake.issue(REPO, 4)
    edited.body, edited.updated_at = form_body(4, "strong", today=TODAY), edited.updated_at + 1
    # Meanwhile the service applied the edit's delivery, a second newer than the list.
    store.tickets.record_applied(stale.ref, updated_at=stale.updated_at + dt.timedelta(seconds=1))

    summary = _backfill(fake, apply=True, tickets=store.tickets).run(listed)

    assert summary.failed == 0
    assert set(fake.issue(REPO, 4).labels) == {"evidence-strong"}
    assert stale.ref in store.tickets.first_framed("github", REPO)
    applied = store.tickets.applied(stale.ref)
    assert applied is not None and applied.read_at == NOW  # the state it judged was read then


def test_apply_records_every_ticket_it_judged_and_when_each_was_first_framed(fake: FakeGitHub, store: Store) -> None:
    _backfill(fake, apply=True, tickets=store.tickets).run(_tickets(fake))

    complete = {n for n in range(1, COUNT + 1) if kind_of(n - 1) in ("strong", "moderate")}
    framed = store.tickets.first_framed("github", REPO)
    assert {int(ref.key) for ref in framed} == complete and set(framed.values()) == {NOW}
    assert all(store.tickets.applied(t.ref) is not None for t in _tickets(fake))
