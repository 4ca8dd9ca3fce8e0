"""The weekly digest in `serve`: posted once a week on the configured issue, whatever the processes and failures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from typer.testing import CliRunner

from integration.github.kind import GITHUB
from integration.store import Store
from problemframe.events import TicketRef
from problemframe.model import SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState
from tests.e2e.github_support import running_service, service_settings
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import form_body
from tests.waiting import wait_until
from tests.webhooks.helpers import settings_for
from webhooks.cli import app as cli
from webhooks.digest_schedule import JOB, DigestSchedule, week_of, weekly_slot
from webhooks.settings import Settings

REPO = "acme/app"
BOT = "problemframe-bot"
BOT_TOKEN = "bot-token"
DIGEST_ISSUE = 1
COMMENTS = rf"/repos/{REPO}/issues/{DIGEST_ISSUE}/comments"
WEEKDAY, HOUR = 2, 9  # Wednesdays at 09:00 UTC


@pytest.fixture
def clock() -> FakeClock:
    """Return the virtual clock the fake GitHub and the service's GitHub connection share."""
    return FakeClock()


@pytest.fixture
def slot(clock: FakeClock) -> dt.datetime:
    """Return the first weekly slot after the clock's start, so that what happens now falls in its period."""
    start = dt.datetime.fromtimestamp(clock.time(), dt.UTC)
    first = weekly_slot(start, weekday=WEEKDAY, hour=HOUR)
    return first if first > start else first + dt.timedelta(days=7)


@pytest.fixture
def fake(fake_github: FakeGitHub, clock: FakeClock) -> FakeGitHub:
    """Return the fake GitHub on the virtual clock, with the digest's issue and one framed problem."""
    fake_github.clock = clock.time
    fake_github.add_user(BOT, token=BOT_TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Weekly problem digest", body="Digests are posted here.", user="mona")
    today = dt.datetime.fromtimestamp(clock.time(), dt.UTC).date()
    fake_github.add_issue(REPO, title="Exports time out", body=form_body(1, "strong", today=today), user="alice")
    return fake_github


def digest_settings(store: Store, fake: FakeGitHub, **overrides: Any) -> Settings:
    """Return the service's settings with the weekly digest on the digest issue."""
    values: dict[str, Any] = {
        "github_api_url": fake.base_url, "github_token": BOT_TOKEN, "write_interval": 0,
        "digest_post": f"{REPO}#{DIGEST_ISSUE}", "digest_weekday": WEEKDAY, "digest_hour": HOUR, **overrides,
    }
    return settings_for(store.engine.url.render_as_string(hide_password=False), **values)


def schedule(store: Store, fake: FakeGitHub, clock: FakeClock, *, worker: str = "first",
             **overrides: Any) -> DigestSchedule:
    """Return a digest schedule as one process of the service runs it, booking its writes in the shared budget."""
    return DigestSchedule(
        digest_settings(store, fake, **overrides), store.schedule_runs, store.outcomes,
        tracker_clock=clock.time, tracker_sleep=clock.sleep, worker=worker, ledger=store.write_budgets,
    )


def digests(fake: FakeGitHub) -> list[str]:
    """Return the bodies of the comments on the digest issue, oldest first."""
    return [comment.body for comment in fake.comments(REPO, DIGEST_ISSUE)]


def section(body: str, heading: str) -> str:
    """Return the text of one `### heading` section of a digest."""
    return body.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


@pytest.fixture
def shipped(store: Store, clock: FakeClock) -> TicketRef:
    """Store an outcome of the framed problem shipped at the clock's start (within the first period)."""
    ref = TicketRef(tracker="github", container=REPO, key="2")
    at = dt.datetime.fromtimestamp(clock.time(), dt.UTC)
    store.outcomes.save(OutcomeRecord(
        ref=ref, state=OutcomeState.PENDING, shipped_at=at, due_at=at + dt.timedelta(days=30),
        metric=SuccessMetric(name="weekly active exporters"),
    ), expected=None)
    return ref


def test_nothing_before_the_slot_then_one_digest_of_the_week_on_the_issue(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime, shipped: TicketRef
) -> None:
    digest = schedule(store, fake, clock)

    assert digest.run_once(slot - dt.timedelta(minutes=1)) == "early"
    assert digests(fake) == [] and fake.writes() == []

    assert digest.run_once(slot + dt.timedelta(hours=1)) == "posted"

    (body,) = digests(fake)
    week_start = (slot - dt.timedelta(days=7)).date()
    assert body.startswith(f"### Problem digest: {week_start.isoformat()} to {slot.date().isoformat()}\n")
    assert "Exports time out" in section(body, "Framed")
    assert "#2" in section(body, "Shipped, now measuring")
    (comment,) = fake.comments(REPO, DIGEST_ISSUE)
    assert comment.user.login == BOT
    assert store.schedule_runs.done(JOB) == week_of(slot)
    assert store.write_budgets.spent(GITHUB.budget(digest_settings(store, fake)), since=0.0) == 1


def test_the_same_week_is_posted_once_by_this_process_another_or_a_restart(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime
) -> None:
    assert schedule(store, fake, clock).run_once(slot + dt.timedelta(hours=1)) == "posted"
    fake.clear_log()

    assert schedule(store, fake, clock).run_once(slot + dt.timedelta(hours=2)) == "finished"
    other = schedule(store, fake, clock, worker="second")
    assert other.run_once(slot + dt.timedelta(days=3)) == "finished"
    restarted = DigestSchedule(
        digest_settings(store, fake), store.schedule_runs, store.outcomes,
        tracker_clock=clock.time, tracker_sleep=clock.sleep,
    )
    assert restarted.run_once(slot + dt.timedelta(days=4, hours=14)) == "finished"  # Sunday 23:00

    assert len(digests(fake)) == 1
    assert fake.writes() == []


def test_a_week_claimed_by_another_process_is_left_to_it_until_its_claim_runs_out(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime
) -> None:
    now = slot + dt.timedelta(hours=1)
    assert store.schedule_runs.claim(JOB, week_of(slot), worker="elsewhere", now=now, lease=dt.timedelta(hours=1))

    digest = schedule(store, fake, clock)
    assert digest.run_once(now + dt.timedelta(minutes=30)) == "busy"
    assert digests(fake) == []
    # The other process stopped before posting: once its claim has run out the week is posted here.
    assert digest.run_once(now + dt.timedelta(hours=2)) == "posted"
    assert len(digests(fake)) == 1


def test_next_week_posts_that_weeks_digest(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime
) -> None:
    digest = schedule(store, fake, clock)
    assert digest.run_once(slot + dt.timedelta(hours=1)) == "posted"
    clock.now = (slot + dt.timedelta(days=2)).timestamp()
    today = dt.datetime.fromtimestamp(clock.time(), dt.UTC).date()
    fake.add_issue(REPO, title="Invoices arrive late", body=form_body(2, "strong", today=today), user="alice")

    next_slot = slot + dt.timedelta(days=7)
    assert digest.run_once(next_slot - dt.timedelta(minutes=1)) == "early"
    assert digest.run_once(next_slot + dt.timedelta(minutes=1)) == "posted"

    _, second = digests(fake)
    assert second.startswith(f"### Problem digest: {slot.date().isoformat()} to {next_slot.date().isoformat()}\n")
    framed = section(second, "Framed")
    assert "Invoices arrive late" in framed and "Exports time out" not in framed
    assert store.schedule_runs.done(JOB) == week_of(next_slot)


def test_a_502_on_the_post_releases_the_week_and_the_next_tick_posts_it_once(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime
) -> None:
    digest = schedule(store, fake, clock)
    # Every attempt of the adapter's retries fails.
    fake.fail_next("POST", COMMENTS, 502, times=4)

    assert digest.run_once(slot + dt.timedelta(hours=1)) == "retry"
    assert digests(fake) == []
    assert [r.status for r in fake.writes()] == [502, 502, 502, 502]
    assert store.schedule_runs.done(JOB) is None

    assert digest.run_once(slot + dt.timedelta(hours=1, minutes=1)) == "posted"
    assert digest.run_once(slot + dt.timedelta(hours=1, minutes=2)) == "finished"
    assert len(digests(fake)) == 1


def test_a_permanent_failure_is_logged_and_the_week_is_not_tried_again(
    store: Store, fake: FakeGitHub, clock: FakeClock, slot: dt.datetime, caplog: pytest.LogCaptureFixture
) -> None:
    digest = schedule(store, fake, clock, digest_post=f"{REPO}#99")

    assert digest.run_once(slot + dt.timedelta(hours=1)) == "failed"
    assert any("weekly digest" in r.message and "not posted" in r.message for r in caplog.records)
    fake.clear_log()
    assert digest.run_once(slot + dt.timedelta(hours=2)) == "finished"
    assert fake.requests == []
    assert store.schedule_runs.done(JOB) == week_of(slot)


@pytest.mark.parametrize("value", ["acme/app", "acme/app#", "acme/app#12a", "#12", "proj-12", "PROJ", "PROJ-", "12"])
def test_a_malformed_digest_post_is_refused_with_a_clear_message(value: str) -> None:
    with pytest.raises(ValidationError, match="PROBLEMFRAME_DIGEST_POST takes OWNER/REPO#NUMBER"):
        settings_for("sqlite:///unused.db", digest_post=value)


@pytest.mark.parametrize(("name", "value"), [("digest_weekday", 7), ("digest_weekday", -1), ("digest_hour", 24)])
def test_the_slot_must_be_a_weekday_and_an_hour(name: str, value: int) -> None:
    with pytest.raises(ValidationError, match=name):
        settings_for("sqlite:///unused.db", **{name: value})


def test_both_trackers_issues_are_accepted() -> None:
    assert settings_for("sqlite:///unused.db", digest_post="acme/app#12").digest_post == "acme/app#12"
    assert settings_for("sqlite:///unused.db", digest_post="PROJ-12").digest_post == "PROJ-12"
    assert settings_for("sqlite:///unused.db").digest_post is None


def test_serve_refuses_to_start_with_a_malformed_digest_post(tmp_path: Path) -> None:
    env = {"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "PROBLEMFRAME_DIGEST_POST": "acme/app"}
    result = CliRunner().invoke(cli, ["serve"], env=env)
    assert result.exit_code == 2
    assert "invalid setting: PROBLEMFRAME_DIGEST_POST takes" in result.output
    assert "OWNER/REPO#NUMBER (GitHub) or PROJ-12 (Jira), not 'acme/app'" in result.output
    assert not (tmp_path / "serve.db").exists()


@pytest.fixture
def real_time_fake(fake_github: FakeGitHub) -> Iterator[FakeGitHub]:
    """Return the fake GitHub on the wall clock, with the digest's issue."""
    fake_github.add_user(BOT, token=BOT_TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Weekly problem digest", body="", user="mona")
    yield fake_github


def test_serve_posts_the_weekly_digest_beside_its_worker_and_stops_cleanly(
    real_time_fake: FakeGitHub, tmp_path: Path
) -> None:
    # Mondays at 00:00: this week's slot has always passed.
    settings = service_settings(
        tmp_path / "problemframe.db", real_time_fake, write_interval=0, digest_post=f"{REPO}#{DIGEST_ISSUE}",
        digest_weekday=0, digest_hour=0,
    )
    with running_service(settings, real_time_fake) as world:
        wait_until(lambda: world.store.schedule_runs.done(JOB) is not None, "the weekly digest to be recorded")
        this_week = week_of(weekly_slot(dt.datetime.now(dt.UTC), weekday=0, hour=0))
        assert world.store.schedule_runs.done(JOB) == this_week
    (body,) = digests(real_time_fake)
    assert body.startswith("### Problem digest: ")


def test_serve_without_a_digest_post_runs_no_digest(real_time_fake: FakeGitHub, tmp_path: Path) -> None:
    with running_service(service_settings(tmp_path / "problemframe.db", real_time_fake), real_time_fake) as world:
        app = world.client.app
        assert isinstance(app, FastAPI) and app.state.digest is None and app.state.scheduler is not None
    assert digests(real_time_fake) == []
