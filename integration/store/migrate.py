"""Apply the packaged Alembic migrations; no alembic.ini is needed at run time."""

from __future__ import annotations

import contextlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Connection, Engine, text

from integration.store.engine import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant works; it only has to be the same in every process migrating one database.
_PG_MIGRATION_LOCK = 0x70F_0001
# Long enough for any migration this package ships; a process waiting longer than this has met a stuck one.
_LOCK_TIMEOUT_SECONDS = 300


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision id shipped with the package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision a database is at, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _sqlite_lock(engine: Engine) -> contextlib.AbstractContextManager[object]:
    """Return a lock on a file beside a SQLite database, held by one migrating process at a time.

    SQLite has no advisory lock, and Alembic runs its DDL outside one transaction there, so two replicas starting
    together on a fresh file would both create the tables. The second waits here, then finds the schema current.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:") or database.startswith("file:"):
        return contextlib.nullcontext()
    return FileLock(f"{database}.migrate-lock", timeout=_LOCK_TIMEOUT_SECONDS)


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade a database to a revision; return the revision it was at when this process got to migrate it.

    Safe to run again and from several processes at once: on PostgreSQL a transaction-scoped advisory lock, on
    SQLite a lock file, lets one process migrate at a time; the others then find the schema current.
    """
    with _sqlite_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(alembic_config(connection), revision)
    return before


def upgrade_to_head(url: str) -> None:
    """Create or upgrade the database at `url` to the newest schema."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def known_revision(revision: str) -> bool:
    """Tell whether a revision id is one this package ships (a newer release's database names one it does not)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several unrelated types for an unknown id
        return False
