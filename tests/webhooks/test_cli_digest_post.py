"""`problemframe digest --post` books its comment in the write budget the service's replicas share."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.github.kind import GITHUB
from integration.store import Store
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import seeded_github
from tests.webhooks.helpers import settings_for
from tests.webhooks.report_support import BOT, REPO, TODAY, run, shell


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with a few issues of mixed quality."""
    with seeded_github(REPO, 4, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


@pytest.fixture
def env(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Return the environment of a PM's shell pointed at the fake, working in an empty directory."""
    return shell(fake, tmp_path, monkeypatch)


def test_a_posted_digest_is_booked_in_the_service_s_write_budget(fake: FakeGitHub, env: dict[str, str | None]) -> None:
    database = env["PROBLEMFRAME_DATABASE_URL"]
    assert database is not None
    store = Store.open(database)
    budget = GITHUB.budget(settings_for(database, github_token="bot-token", github_api_url=fake.base_url))
    started = time.time()
    try:
        assert run(env, "digest", "--github", REPO).exit_code == 0
        assert store.write_budgets.spent(budget, since=started - 1) == 0

        posted = run(env, "digest", "--github", REPO, "--post", "3")
        assert posted.exit_code == 0, posted.output
        assert [c.user.login for c in fake.comments(REPO, 3)] == [BOT]
        assert store.write_budgets.spent(budget, since=started - 1) == 1
    finally:
        store.close()


def test_without_the_service_s_database_the_digest_is_posted_and_says_it_was_not_booked(
    fake: FakeGitHub, env: dict[str, str | None], tmp_path: Path
) -> None:
    posted = run(env, "digest", "--github", REPO, "--post", "3")
    assert posted.exit_code == 0, posted.output
    assert "Posted the digest on acme/app#3" in posted.stdout
    assert "not booked in the write budget the service's replicas share" in posted.stderr
    assert [c.user.login for c in fake.comments(REPO, 3)] == [BOT]
    assert not (tmp_path / "problemframe.db").exists()
