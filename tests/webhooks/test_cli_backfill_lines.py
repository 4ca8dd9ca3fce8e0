"""What `backfill --apply` prints: a line for each repository label it creates, and under PROBLEMFRAME_DRY_RUN
the lines a real run would print, marked as a dry run, with nothing written, booked, recorded or left to resume."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.store import Store
from problemframe.events import TicketRef
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira
from tests.integration.portfolio_seed import seed_jira, seeded_github
from tests.webhooks.report_support import BOT, REPO, TODAY, run, shell

COUNT = 10  # two of each kind: strong, moderate, weak, unframed, exempt
DRY = "dry run: "


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with COUNT issues of mixed quality and none of the service's labels."""
    with seeded_github(REPO, COUNT, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


@pytest.fixture
def env(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Return the environment of a PM's shell pointed at the fake, working in an empty directory."""
    return shell(fake, tmp_path, monkeypatch)


def said(output: str, *prefixes: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefixes)]


def test_each_repository_label_created_has_a_line_of_its_own(fake: FakeGitHub, env: dict[str, str | None]) -> None:
    applied = run(env, "backfill", "--github", REPO, "--apply")

    assert applied.exit_code == 0, applied.output
    created = [r for r in fake.writes() if r.method == "POST" and r.path == f"/repos/{REPO}/labels"]
    made = said(applied.stdout, f"{REPO}: ")
    assert len(made) == len(created) > 0
    assert f"{REPO}: label needs-framing created" in made and f"{REPO}: label evidence-strong created" in made
    lines = said(applied.stdout, REPO)
    first_strong = next(i for i, line in enumerate(lines) if "+evidence-strong" in line)
    assert lines.index(f"{REPO}: label evidence-strong created") == first_strong - 1
    assert f"; {len(fake.writes())} write requests." in applied.stdout


def test_a_dry_run_apply_prints_what_the_real_one_writes_marked_and_writes_nothing(
    fake: FakeGitHub, env: dict[str, str | None], tmp_path: Path
) -> None:
    dry = run({**env, "PROBLEMFRAME_DRY_RUN": "true"}, "backfill", "--github", REPO, "--apply")

    assert dry.exit_code == 0, dry.output
    assert fake.writes() == []
    rehearsed = said(dry.stdout, DRY)
    assert f"{DRY}{REPO}#1: labels +evidence-strong; comment created" in rehearsed
    assert rehearsed.count(f"{DRY}{REPO}: label needs-framing created") == 1
    assert said(dry.stdout, REPO) == []
    assert "8 would change, 0 up to date, 2 exempt, 0 failed; 0 write requests." in dry.stdout
    assert "Dry run (PROBLEMFRAME_DRY_RUN): nothing was written." in dry.stdout
    assert not list((tmp_path / ".problemframe").glob("backfill-*"))
    database = env["PROBLEMFRAME_DATABASE_URL"]
    assert database is not None
    store = Store.open(database)
    try:
        assert store.tickets.applied(TicketRef(tracker="github", container=REPO, key="1")) is None
    finally:
        store.close()

    applied = run(env, "backfill", "--github", REPO, "--apply")

    assert applied.exit_code == 0, applied.output
    assert [line.removeprefix(DRY) for line in rehearsed] == said(applied.stdout, REPO)


@pytest.fixture
def jira_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeJira, dict[str, str | None]]]:
    """Serve a fake Jira Cloud with COUNT issues and return it with a shell environment pointed at it."""
    monkeypatch.chdir(tmp_path)
    server = FakeJira()
    seed_jira(server, "PROJ", COUNT, today=TODAY)
    with server:
        yield server, {
            "PROBLEMFRAME_JIRA_URL": server.url, "PROBLEMFRAME_JIRA_EMAIL": server.email,
            "PROBLEMFRAME_JIRA_API_TOKEN": server.api_token, "PROBLEMFRAME_WRITE_INTERVAL": "0",
            "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'problemframe.db'}", "PROBLEMFRAME_DRY_RUN": None,
        }
    assert server.violations == []


def test_a_jira_dry_run_apply_prints_the_fields_it_would_set(
    jira_env: tuple[FakeJira, dict[str, str | None]],
) -> None:
    fake, env = jira_env
    mark = fake.mark()
    dry = run({**env, "PROBLEMFRAME_DRY_RUN": "true"}, "backfill", "--jira-project", "PROJ", "--apply")

    assert dry.exit_code == 0, dry.output
    assert fake.writes(mark) == []
    rehearsed = said(dry.stdout, DRY)
    assert any(line.startswith(f"{DRY}PROJ-2: labels +evidence-moderate; fields Evidence score = ")
               for line in rehearsed), rehearsed

    applied = run(env, "backfill", "--jira-project", "PROJ", "--apply")

    assert applied.exit_code == 0, applied.output
    assert [line.removeprefix(DRY) for line in rehearsed] == said(applied.stdout, "PROJ-")
