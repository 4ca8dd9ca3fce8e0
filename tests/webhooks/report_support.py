"""The PM's shell the report, backfill and digest commands are tried from: a fake GitHub with seeded issues."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.fakes.github.server import FakeGitHub
from webhooks.cli import app

REPO = "acme/app"
BOT = "problemframe-bot"
COUNT = 20
TODAY = dt.datetime.now(dt.UTC).date()


def shell(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Return the environment of a PM's shell pointed at the fake, working in an empty directory."""
    monkeypatch.chdir(tmp_path)
    return {
        "PROBLEMFRAME_GITHUB_TOKEN": "bot-token",
        "PROBLEMFRAME_GITHUB_API_URL": fake.base_url,
        "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'problemframe.db'}",
        "PROBLEMFRAME_GITHUB_APP_ID": None,
        "PROBLEMFRAME_DRY_RUN": None,
    }


def run(env: dict[str, str | None], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def csv_rows(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(result.stdout)))
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
