"""Open a database that a migration already prepared, without creating or changing anything."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from integration.store.engine import make_engine, shown_url
from integration.store.migrate import current_revision, head_revision, known_revision


class NotReady(Exception):
    """The database does not exist yet, or its schema is not the one this version needs."""


def check_existing(url: str) -> None:
    """Raise NotReady unless the database exists and is at the newest schema; a missing SQLite file stays missing."""
    parsed = make_url(url)
    shown = shown_url(url)
    database = parsed.database
    is_file = parsed.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if is_file and not str(database).startswith("file:") and not Path(str(database)).exists():
        raise NotReady(f"there is no database at {database}")
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if revision is None:
        raise NotReady(f"the database {shown} has no problemframe tables yet")
    if revision != head and not known_revision(revision):
        raise NotReady(f"the database {shown} is at schema {revision}, which only a newer problemframe knows")
    if revision != head:
        raise NotReady(f"the database {shown} is at schema {revision}, not {head}")
