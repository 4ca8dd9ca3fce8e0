"""Errors a command can meet at run time, each put in one line an operator can act on."""

from __future__ import annotations

import sys

from integration.probing import first_line

MIGRATE_HINT = "run `problemframe migrate` (or start `problemframe serve`) first"


def describe(error: BaseException) -> tuple[str, int]:
    """Return one line for an error and the exit code: 2 for configuration, 1 for what failed at run time."""
    database = _database_problem(error)
    if database is not None:
        return database, 1
    # A module not imported yet raised nothing: checking through sys.modules keeps `check` from importing them.
    if _is(error, "integration.tracker", "TrackerError"):
        return str(error), 1
    if _is(error, "problemframe.policy", "PolicyError"):
        return str(error), 2
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}", 1
    return f"unexpected error: {type(error).__name__}: {first_line(str(error))} " \
        "(set PROBLEMFRAME_LOG_LEVEL=debug to see where)", 1


def _is(error: BaseException, module: str, name: str) -> bool:
    loaded = sys.modules.get(module)
    kind = getattr(loaded, name, None)
    return isinstance(kind, type) and isinstance(error, kind)


def _database_problem(error: BaseException) -> str | None:
    # Only a command that imported SQLAlchemy can raise its errors; `check` never pays for importing it here.
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None or not isinstance(error, exc.SQLAlchemyError):
        return None
    cause = first_line(str(getattr(error, "orig", None) or error))
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        if "no such table" in cause:
            return f"the database has no problemframe tables yet: {MIGRATE_HINT}"
        return f"cannot reach the database (PROBLEMFRAME_DATABASE_URL): {cause}"
    if isinstance(error, exc.ProgrammingError) and "does not exist" in cause:
        return f"the database has no problemframe tables yet: {MIGRATE_HINT}"
    return f"database error: {cause}"
