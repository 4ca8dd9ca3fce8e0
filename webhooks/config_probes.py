"""The configuration check's look at the database (each tracker's answer is its kind's `probe`)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from webhooks.cli.errors import MIGRATE_HINT, first_line
from webhooks.findings import Finding
from webhooks.settings import Settings


def _finding(severity: str, message: str) -> Finding:
    return Finding("error" if severity == "error" else "warning", message)


def _sqlite_file(path: Path, *, serving: bool) -> Iterator[Finding]:
    """Judge a SQLite file that may not exist yet, without creating it."""
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            yield _finding("error", f"the database file {path} cannot be read and written by this user")
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        yield _finding("error", f"the folder of the database file {path} does not exist")
    elif not os.access(folder, os.W_OK):
        yield _finding("error", f"the database file {path} cannot be created: {folder} is not writable")
    elif not serving:
        yield _finding("warning", f"there is no database at {path} yet: {MIGRATE_HINT}")


def probe_database(settings: Settings, *, serving: bool) -> Iterator[Finding]:
    """Check the database answers and holds the schema this version needs; never create a SQLite file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from integration.store import make_engine, shown_url
    from integration.store.migrate import current_revision, head_revision, known_revision

    url = make_url(settings.database_url)
    shown = shown_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        problems = list(_sqlite_file(Path(str(url.database)), serving=serving))
        if problems or not Path(str(url.database)).exists():
            yield from problems
            return
    engine = make_engine(settings.database_url)
    quiet = logging.getLogger("alembic.runtime.migration")
    level = quiet.level
    # Reading the revision makes Alembic announce its context at info: no news for whoever reads the check.
    quiet.setLevel(max(logging.WARNING, quiet.getEffectiveLevel()))
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        yield _finding("error", f"cannot reach the database {shown}: {first_line(str(getattr(error, 'orig', error)))}")
        return
    finally:
        quiet.setLevel(level)
        engine.dispose()
    head = head_revision()
    if revision == head:
        return
    if revision is not None and not known_revision(revision):
        yield _finding("error", f"the database {shown} is at schema {revision}, which this version of problemframe "
                                "does not know: it was migrated by a newer version (upgrade problemframe) or "
                                "belongs to something else")
    elif not serving:
        now = "has no problemframe tables yet" if revision is None else f"is at schema {revision}, not {head}"
        yield _finding("warning", f"the database {shown} {now}: run `problemframe migrate`")
