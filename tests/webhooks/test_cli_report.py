"""`problemframe report`, `backfill` and `digest` against the fake GitHub, as a PM would run them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.backfill import Summary
from integration.github.comments import MARKER
from integration.store import Store
from integration.store.outcomes import OutcomeStore
from problemframe.events import TicketRef
from problemframe.model import SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.portfolio_export import row_columns
from problemframe.verdict import Verdict
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira
from tests.integration.portfolio_seed import kind_of, seed_jira, seeded_github
from tests.webhooks.report_support import BOT, COUNT, REPO, TODAY, csv_rows, run, shell
from webhooks.cli.backfill import pace


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report"], "exactly one of --github OWNER/REPO and --jira-project KEY"),
        (["report", "--github", REPO, "--jira-project", "PROJ"], "exactly one of"),
        (["report", "--github", "acme"], "--github takes OWNER/REPO"),
        (["report", "--jira-project", "proj-1"], "--jira-project takes a project key"),
        (["report", "--github", REPO, "--rate", "GBP:1.2"], "--rate takes CODE=NUMBER"),
        (["report", "--github", REPO, "--currency", "EUR", "--rate", "GBP=0"], "--rate takes CODE=NUMBER"),
        (["report", "--github", REPO, "--currency", "XYZ"], "--currency takes an ISO 4217 currency code"),
        (["report", "--github", REPO, "--currency", "EURO"], "--currency takes an ISO 4217 currency code"),
        (["report", "--github", REPO, "--currency", "EUR", "--rate", "ABC=1.1"], "--rate takes an ISO 4217"),
        (["report", "--github", REPO, "--currency", "EUR", "--rate", "EUR=1.1"], "EUR is the --currency itself"),
        (["report", "--github", REPO, "--rate", "GBP=1.2"], "give --currency as well"),
        (["report", "--github", REPO, "--format", "xml"], "xml"),
        (["report", "--github", REPO, "--outcome", "shipped"], "--outcome takes one of"),
        (["digest", "--github", REPO, "--format", "csv", "--post", "1"], "leave out --format csv"),
        (["digest", "--github", REPO, "--post", "PROJ-1"], "--post takes an issue number"),
        (["digest", "--jira-project", "PROJ", "--post", "OTHER-1"], "--post takes an issue key of the project"),
        (["digest", "--github", REPO, "--since", "2026-11-02", "--until", "2026-11-01"], "--since must be before"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(env: dict[str, str | None], args: list[str], message: str) -> None:
    result = run(env, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_credentials_name_the_settings(env: dict[str, str | None]) -> None:
    result = run({**env, "PROBLEMFRAME_GITHUB_TOKEN": None}, "report", "--github", REPO)
    assert result.exit_code == 2
    assert "PROBLEMFRAME_GITHUB_TOKEN" in result.output
    jira = run({**env, "PROBLEMFRAME_JIRA_URL": None}, "report", "--jira-project", "PROJ")
    assert jira.exit_code == 2 and "PROBLEMFRAME_JIRA_URL" in jira.output


def test_bad_settings_exit_2_and_tracker_failures_exit_1(env: dict[str, str | None]) -> None:
    bad = run({**env, "PROBLEMFRAME_WRITE_INTERVAL": "soon"}, "report", "--github", REPO)
    assert bad.exit_code == 2 and "invalid setting: PROBLEMFRAME_WRITE_INTERVAL" in bad.output
    missing = run(env, "report", "--github", "acme/gone")
    assert missing.exit_code == 1 and "404" in missing.output
    assert "Traceback" not in missing.output


def test_report_csv_is_sorted_by_score_and_filters(env: dict[str, str | None]) -> None:
    rows = csv_rows(run(env, "report", "--github", REPO, "--format", "csv"))
    framed = [n for n in range(1, COUNT + 1) if kind_of(n - 1) != "exempt"]
    assert sorted(int(r["ticket"].lstrip("#")) for r in rows) == framed
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert list(rows[0]) == list(row_columns(["USD"]))  # ARR is cited in dollars only

    strong = csv_rows(run(env, "report", "--github", REPO, "--format", "csv", "--tier", "strong"))
    assert strong and {r["tier"] for r in strong} == {"strong"}
    assert {int(r["ticket"].lstrip("#")) for r in strong} == {n for n in framed if kind_of(n - 1) == "strong"}
    high = csv_rows(run(env, "report", "--github", REPO, "--format", "csv", "--min-score", "30"))
    assert high and all(float(r["score"]) >= 30 for r in high) and len(high) < len(rows)


def test_report_by_customer_and_json(env: dict[str, str | None]) -> None:
    customers = csv_rows(run(env, "report", "--github", REPO, "--format", "csv", "--by", "customer"))
    acme = next(c for c in customers if c["customer"] == "Acme Corp")
    assert int(acme["ticket_count"]) == len(acme["tickets"].split()) > 1
    assert float(acme["arr_USD"]) > 0

    result = run(env, "report", "--github", REPO, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {item["key"] for item in data} == {str(n) for n in range(1, COUNT + 1) if kind_of(n - 1) != "exempt"}


def test_report_table_and_a_second_run_uses_conditional_requests(
    fake: FakeGitHub, env: dict[str, str | None]
) -> None:
    first = run(env, "report", "--github", REPO)
    assert first.exit_code == 0, first.output
    assert "Evidence portfolio" in first.stdout and "Problem 0: exports are slow" in first.stdout
    fake.clear_log()
    assert run(env, "report", "--github", REPO).exit_code == 0
    assert [r.status for r in fake.requests if r.path == f"/repos/{REPO}/issues"] == [304]


def test_report_shows_outcomes_from_the_store(env: dict[str, str | None]) -> None:
    database = env["PROBLEMFRAME_DATABASE_URL"]
    assert database is not None
    store = Store.open(database)
    shipped = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    record = OutcomeRecord(
        ref=TicketRef(tracker="github", container=REPO, key="2"), state=OutcomeState.PENDING, shipped_at=shipped,
        due_at=shipped + dt.timedelta(days=30), metric=SuccessMetric(name="weekly active exporters"),
    )
    OutcomeStore(store.engine).save(record, expected=None)
    store.close()

    pending = csv_rows(run(env, "report", "--github", REPO, "--format", "csv", "--outcome", "pending"))
    assert [(r["ticket"], r["outcome"]) for r in pending] == [("#2", "pending")]
    digest = run(env, "digest", "--github", REPO)
    assert digest.exit_code == 0, digest.output
    assert "### Shipped, now measuring" in digest.stdout and "#2" in digest.stdout.split("### Shipped")[1]


def test_backfill_dry_run_then_apply_then_nothing_to_do(fake: FakeGitHub, env: dict[str, str | None]) -> None:
    dry = run(env, "backfill", "--github", REPO)
    assert dry.exit_code == 0, dry.output
    assert f"{REPO}#1: add evidence-strong; create comment" in dry.stdout
    assert "Dry run: nothing was written" in dry.stdout
    assert fake.writes() == []

    applied = run(env, "backfill", "--github", REPO, "--apply")
    assert applied.exit_code == 0, applied.output
    assert fake.writes()
    assert [c.body.startswith(MARKER) for c in fake.comments(REPO, 1)] == [True]
    assert f"{REPO}#1: labels +evidence-strong; comment created" in applied.stdout
    assert f"{REPO}#4: labels +evidence-none +needs-framing; comment created" in applied.stdout
    assert f"{REPO}#5:" not in applied.stdout  # exempt: nothing written, no line

    fake.clear_log()
    again = run(env, "backfill", "--github", REPO, "--apply")
    assert again.exit_code == 0, again.output
    assert "0 write requests" in again.stdout and fake.writes() == []


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with COUNT issues of mixed quality."""
    with seeded_github(REPO, COUNT, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


@pytest.fixture
def env(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Return the environment of a PM's shell pointed at the fake, working in an empty directory."""
    return shell(fake, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    ("evaluated", "seconds", "said"),
    [(10, 24.0, "2.4s a ticket"), (10, 4.0, "2.5 tickets/s"), (570, 10.0, "57 tickets/s"), (0, 0.0, "no time")],
)
def test_backfill_says_its_pace_whether_fast_or_slow(evaluated: int, seconds: float, said: str) -> None:
    summary = Summary(applied=True, evaluated=evaluated, seconds=seconds)
    assert pace(summary) == said


def test_digest_prints_markdown_and_posts_it(fake: FakeGitHub, env: dict[str, str | None]) -> None:
    printed = run(env, "digest", "--github", REPO, "--top", "3")
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.startswith("### Problem digest: ")
    assert "### Strongest problems not started" in printed.stdout
    assert "### Framed" in printed.stdout

    posted = run(env, "digest", "--github", REPO, "--post", "3")
    assert posted.exit_code == 0, posted.output
    assert "Posted the digest on acme/app#3" in posted.stdout
    (comment,) = fake.comments(REPO, 3)
    assert comment.user.login == BOT and comment.body.startswith("### Problem digest: ")

    as_csv = run(env, "digest", "--github", REPO, "--format", "csv")
    lines = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert lines[0][:3] == ["date", "event", "ticket"] and {line[1] for line in lines[1:]} == {"framed"}


@pytest.mark.parametrize(
    ("args", "says"),
    [(["backfill", "--github", "acme/nosuch"], "repository acme/nosuch does not exist"),
     (["report", "--github", "acme/nosuch"], "repository acme/nosuch does not exist"),
     (["scorecard", "--github", "acme/nosuch"], "repository acme/nosuch does not exist"),
     (["digest", "--github", REPO, "--post", "99"], "issue acme/app#99 does not exist")],
)
def test_what_github_did_not_find_is_named(env: dict[str, str | None], args: list[str], says: str) -> None:
    result = run(env, *args)
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("problemframe:")]
    assert line == f"problemframe: {says}, or these credentials cannot see it (GitHub answered 404: Not Found)"


@pytest.mark.parametrize("command", ["report", "backfill", "digest", "scorecard"])
def test_a_state_dir_that_is_a_file_is_a_usage_error(
    fake: FakeGitHub, env: dict[str, str | None], tmp_path: Path, command: str
) -> None:
    taken = tmp_path / "passwd"
    taken.write_text("root:x:0:0\n")
    result = run(env, command, "--github", REPO, "--state-dir", str(taken))
    assert result.exit_code == 2
    assert result.stderr == (f"problemframe {command}: Invalid value for '--state-dir': {taken} is not a directory "
                             f"(see problemframe {command} --help)\n")
    assert fake.requests == []


@pytest.fixture
def jira_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeJira, dict[str, str | None]]]:
    """Serve a fake Jira Cloud with COUNT issues and return it with a shell environment pointed at it."""
    monkeypatch.chdir(tmp_path)
    server = FakeJira()
    seed_jira(server, "PROJ", COUNT, today=TODAY)
    with server:
        yield server, {
            "PROBLEMFRAME_JIRA_URL": server.url,
            "PROBLEMFRAME_JIRA_EMAIL": server.email,
            "PROBLEMFRAME_JIRA_API_TOKEN": server.api_token,
            "PROBLEMFRAME_WRITE_INTERVAL": "0",
            "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'problemframe.db'}",
            "PROBLEMFRAME_DRY_RUN": None,
        }
    assert server.violations == []


def test_jira_report_backfill_and_digest_posted_in_wiki_markup(
    jira_env: tuple[FakeJira, dict[str, str | None]],
) -> None:
    fake, env = jira_env
    rows = csv_rows(run(env, "report", "--jira-project", "PROJ", "--format", "csv"))
    assert rows[0]["ticket"].startswith("PROJ-") and rows[0]["tier"] == "strong"
    assert rows[0]["url"] == f"{fake.url}/browse/{rows[0]['ticket']}"

    mark = fake.mark()
    dry = run(env, "backfill", "--jira-project", "PROJ")
    assert dry.exit_code == 0, dry.output
    assert "PROJ-1: add evidence-strong; create comment" in dry.stdout and fake.writes(mark) == []

    posted = run(env, "digest", "--jira-project", "PROJ", "--post", "PROJ-2")
    assert posted.exit_code == 0, posted.output
    (comment,) = fake.issue("PROJ-2").comments
    assert str(comment["body"]).startswith("h3. Problem digest: ")


def test_report_by_customer_shows_the_shipped_tickets_that_cited_them_with_their_verdicts(
    env: dict[str, str | None]
) -> None:
    database = env["PROBLEMFRAME_DATABASE_URL"]
    assert database is not None
    store = Store.open(database)
    shipped = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    metric = SuccessMetric(name="weekly active exporters")
    outcomes = OutcomeStore(store.engine)
    outcomes.save(OutcomeRecord(
        ref=TicketRef(tracker="github", container=REPO, key="2"), state=OutcomeState.REVIEWED, shipped_at=shipped,
        due_at=shipped + dt.timedelta(days=30), metric=metric, verdict=Verdict.MET,
    ), expected=None)
    outcomes.save(OutcomeRecord(
        ref=TicketRef(tracker="github", container=REPO, key="3"), state=OutcomeState.PENDING, shipped_at=shipped,
        due_at=shipped + dt.timedelta(days=60), metric=metric,
    ), expected=None)
    store.close()

    customers = csv_rows(run(env, "report", "--github", REPO, "--format", "csv", "--by", "customer", "--state", "all"))

    for row in customers:
        tickets = set(row["tickets"].split())
        words = row["shipped"].split()
        assert set(zip(words[::2], words[1::2], strict=True)) == {
            (ticket, verdict) for ticket, verdict in (("#2", "met"), ("#3", "pending")) if ticket in tickets
        }, row
    assert any("#2 met" in row["shipped"] for row in customers)
