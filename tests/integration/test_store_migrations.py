"""Migrations build the schema on a fresh database, and running them again changes nothing."""

from __future__ import annotations

from sqlalchemy import inspect

from integration.store import make_engine, upgrade_to_head
from integration.store.migrate import current_revision, head_revision


def test_fresh_database_reaches_head_with_every_table(database_url: str) -> None:
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"deliveries", "tickets", "installations", "outcomes", "schedule_runs", "alembic_version"} <= tables
        columns = {column["name"] for column in inspect(engine).get_columns("deliveries")}
        assert {"delivery_id", "status", "attempts", "next_attempt_at", "claimed_by", "claimed_until"} <= columns
    finally:
        engine.dispose()


def test_upgrading_twice_is_a_no_op(database_url: str) -> None:
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    try:
        before = set(inspect(engine).get_table_names())
        upgrade_to_head(database_url)
        assert set(inspect(engine).get_table_names()) == before
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_first_revision_is_the_initial_schema() -> None:
    from alembic.script import ScriptDirectory

    from integration.store.migrate import alembic_config

    revisions = {script.revision: script for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    assert revisions["0001_initial"].down_revision is None
    assert revisions["0003_schedule_runs"].down_revision == "0002_outcomes"
