"""Shared fixtures: a database per test, SQLite always and PostgreSQL when PROBLEMFRAME_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from integration.store import Store

POSTGRES_URL = os.environ.get("PROBLEMFRAME_TEST_POSTGRES_URL")

# The fake GitHub's fixtures (fake_github, fake_clock) for every test.
pytest_plugins = ("tests.fakes.clock", "tests.fakes.github.server")


@pytest.fixture(autouse=True)
def isolated_from_the_developer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run each test away from a developer's `.env` and PROBLEMFRAME_* variables (they may hold real tokens)."""
    for name in list(os.environ):
        if name.startswith("PROBLEMFRAME_") and name != "PROBLEMFRAME_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database; on PostgreSQL a fresh schema, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'problemframe.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PROBLEMFRAME_TEST_POSTGRES_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    # Every connection of the code under test then lives in its own schema, so parallel runs never clash.
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """Yield a migrated store on the test database."""
    opened = Store.open(database_url)
    try:
        yield opened
    finally:
        opened.close()
