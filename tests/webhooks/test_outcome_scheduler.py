"""The scheduler end to end: due outcomes measured from a fake Prometheus, results posted to a fake GitHub."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from integration.github.calls import RetryPolicy
from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.metrics import default_clients
from integration.store import Store
from integration.store.outcomes import OutcomeStore
from integration.tracker import Tracker
from problemframe.events import CloseReason, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState, on_closed
from problemframe.policy import MetricSource, load_policy
from problemframe.verdict import Verdict
from tests.fakes.clock import FakeClock
from tests.fakes.github.model import Comment
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from webhooks.cli import app
from webhooks.scheduler import DueResult, run_due

REPO = "octo-org/widgets"
BOT = "problemframe-bot"
SHIPPED = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
LATER = SHIPPED + dt.timedelta(days=15)
SOURCES = {"prod": MetricSource(kind="prometheus", url="http://prom.test")}
PROM = "http://prom.test/api/v1/query"


def vector(value: str) -> httpx.Response:
    data = {"resultType": "vector", "result": [{"metric": {}, "value": [0, value]}]}
    return httpx.Response(200, json={"status": "success", "data": data})


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    for title in ("Exports time out", "Slow search"):
        fake_github.add_issue(REPO, title=title, body="framed", user="alice", labels=["outcome-pending"])
    return fake_github


@pytest.fixture
def gh(repo: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    return github_tracker(repo, fake_clock, write_interval=0.0, retry=RetryPolicy(attempts=2))


def ship(outcomes: OutcomeStore, number: int, *, days: int = 14) -> OutcomeRecord:
    metric = SuccessMetric(name="weekly exports", baseline=100, target=200, direction=Direction.INCREASE,
                           window_days=days, source="prometheus prod: sum(increase(export_jobs_total[7d]))")
    record, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                          policy=load_policy({}), now=SHIPPED, ref=TicketRef(tracker="github", container=REPO,
                                                                               key=str(number)))
    assert record is not None
    outcomes.save(record, expected=None, now=SHIPPED)
    return record


def run(
    outcomes: OutcomeStore, tracker: Tracker, now: dt.datetime = LATER, *, worker: str | None = None,
    dry_run: bool = False,
) -> list[DueResult]:
    return run_due(now, store=outcomes, sources=default_clients(env={}), trackers=lambda ref: tracker,
                   configured=SOURCES, worker=worker, dry_run=dry_run, sleep=lambda _: None)


def results_of(repo: FakeGitHub, number: int) -> list[Comment]:
    """Return the comments on an issue other than the service's sticky comment."""
    return [comment for comment in repo.comments(REPO, number) if not comment.body.startswith(MARKER)]


@pytest.fixture
def outcomes(store: Store) -> OutcomeStore:
    return OutcomeStore(store.engine)


@respx.mock
def test_due_outcome_is_measured_posted_and_moved_to_review(
    repo: FakeGitHub, gh: GitHubTracker, outcomes: OutcomeStore
) -> None:
    route = respx.get(PROM).mock(return_value=vector("180"))
    record = ship(outcomes, 1)
    ship(outcomes, 2, days=30)
    [result] = run(outcomes, gh)
    assert (result.ref, result.status, result.value, result.suggested) == (record.ref, "measured", 180,
                                                                         Verdict.PARTIAL)
    # The metric is judged at the end of its window, not at the time of the run.
    assert float(route.calls.last.request.url.params["time"]) == (SHIPPED + dt.timedelta(days=14)).timestamp()
    [comment] = results_of(repo, 1)
    assert comment.user.login == BOT and "Suggested verdict: partial" in comment.body and "180" in comment.body
    assert "outcome-review" in repo.issue(REPO, 1).labels and "outcome-pending" not in repo.issue(REPO, 1).labels
    # The sticky comment shows the new state too.
    [sticky] = [c for c in repo.comments(REPO, 1) if c.body.startswith(MARKER)]
    assert "- **Suggested verdict:** partial" in sticky.body
    stored = outcomes.get(record.ref)
    assert stored is not None and stored.state is OutcomeState.REVIEW and stored.latest_value() == 180
    assert run(outcomes, gh) == []
    assert repo.comments(REPO, 2) == []


@respx.mock
def test_unreachable_source_is_retried_then_posted_as_inconclusive(
    repo: FakeGitHub, gh: GitHubTracker, outcomes: OutcomeStore
) -> None:
    route = respx.get(PROM).mock(return_value=httpx.Response(503))
    record = ship(outcomes, 1)
    [result] = run(outcomes, gh)
    assert result.status == "inconclusive" and result.suggested is Verdict.INCONCLUSIVE
    assert route.call_count == 3
    [comment] = results_of(repo, 1)
    assert "HTTP 503 (after 3 attempts)" in comment.body
    stored = outcomes.get(record.ref)
    assert stored is not None and stored.measurements[-1].note == "prometheus 'prod': HTTP 503 (after 3 attempts)"


@respx.mock
def test_two_schedulers_measure_each_outcome_once(
    repo: FakeGitHub, gh: GitHubTracker, store: Store
) -> None:
    route = respx.get(PROM).mock(return_value=vector("250"))
    first, second = OutcomeStore(store.engine), OutcomeStore(store.engine)
    ship(first, 1)
    ship(first, 2)
    barrier = threading.Barrier(2)
    results: list[list[DueResult]] = []

    def scheduler(outcomes: OutcomeStore, name: str) -> None:
        barrier.wait()
        results.append(run(outcomes, gh, worker=name))

    threads = [threading.Thread(target=scheduler, args=(o, n)) for o, n in ((first, "a"), (second, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.ref.key for batch in results for r in batch) == ["1", "2"]
    assert route.call_count == 2
    assert [len(results_of(repo, n)) for n in (1, 2)] == [1, 1]


@respx.mock
def test_tracker_outage_releases_the_outcome_for_a_later_run(
    repo: FakeGitHub, gh: GitHubTracker, outcomes: OutcomeStore
) -> None:
    respx.get(PROM).mock(return_value=vector("210"))
    record = ship(outcomes, 1)
    repo.fail_next("POST", rf"/repos/{REPO}/issues/1/comments", 502, times=2)
    [result] = run(outcomes, gh)
    assert result.status == "retry" and result.error is not None and "posting the results" in result.error
    stored = outcomes.get(record.ref)
    assert stored is not None and stored.state is OutcomeState.PENDING
    assert run(outcomes, gh, now=LATER + dt.timedelta(minutes=5)) == []
    [again] = run(outcomes, gh, now=LATER + dt.timedelta(minutes=20))
    assert again.status == "measured" and again.suggested is Verdict.MET
    assert len(results_of(repo, 1)) == 1


@respx.mock
def test_dry_run_writes_nothing_and_keeps_the_outcome_due(
    repo: FakeGitHub, gh: GitHubTracker, outcomes: OutcomeStore
) -> None:
    respx.get(PROM).mock(return_value=vector("120"))
    record = ship(outcomes, 1)
    repo.clear_log()
    [result] = run(outcomes, gh, dry_run=True)
    assert result.status == "dry_run" and result.suggested is Verdict.MISSED
    assert repo.writes() == []
    assert outcomes.due(LATER) == [record]


def test_cli_lists_outcomes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("PROBLEMFRAME_DATABASE_URL", url)
    opened = Store.open(url)
    try:
        ship(OutcomeStore(opened.engine), 7)
    finally:
        opened.close()
    listed = CliRunner().invoke(app, ["outcomes", "list"])
    assert listed.exit_code == 0, listed.output
    assert f"{REPO}#7" in listed.output and "weekly exports" in listed.output and "due" in listed.output
    empty = CliRunner().invoke(app, ["outcomes", "due", "--now", "2026-03-02T00:00:00"])
    assert empty.exit_code == 0 and "No outcomes due at 2026-03-02T00:00:00+00:00" in empty.output


def test_cli_measures_with_the_operators_sources_and_refuses_a_broken_sources_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROBLEMFRAME_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    broken = tmp_path / "sources.yml"
    broken.write_text("prod:\n  kind: graphite\n")
    monkeypatch.setenv("PROBLEMFRAME_METRIC_SOURCES_FILE", str(broken))
    refused = CliRunner().invoke(app, ["outcomes", "due"])
    assert refused.exit_code == 2
    assert "prod.kind" in refused.output


def test_a_repository_cannot_define_metric_sources(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.put_file(REPO, ".github/problemframe.yml", "outcome:\n  sources:\n    prod:\n      kind: prometheus\n"
                  "      url: http://169.254.169.254\n      headers_env: {Authorization: PROBLEMFRAME_METRIC_TOKEN}\n")
    policy = gh.load_policy(REPO)
    assert policy.outcome.sources == {}
    assert "outcome.sources was ignored" in (gh.policy_error(REPO) or "")
