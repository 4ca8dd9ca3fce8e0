"""Checks of single setting values, each failing with a message that tells the operator what to write instead."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

DATABASE_EXAMPLES = "sqlite:///path/to/problemframe.db or postgresql+psycopg://user:password@host:5432/dbname"
# The PostgreSQL driver this package installs; `postgres://` (Heroku and others) and `postgresql://` mean it.
POSTGRES_DRIVER = "postgresql+psycopg"
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def database_url(value: str) -> str:
    """Return a SQLAlchemy URL for SQLite or PostgreSQL; raise ValueError naming what is wrong, never the password."""
    # Imported here: `check` and `--help` never build settings and must not pay for SQLAlchemy.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    scheme = value.partition("://")[0].lower() if "://" in value else ""
    if scheme in ("postgres", "postgresql"):
        value = POSTGRES_DRIVER + value[len(scheme):]
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(f"not a database URL; write {DATABASE_EXAMPLES}") from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"{backend!r} is not supported; write {DATABASE_EXAMPLES}")
    try:
        url.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise ValueError(
            f"no driver {url.drivername!r} is installed; write {DATABASE_EXAMPLES}"
        ) from None
    if backend == "postgresql" and not url.host and "host" not in url.query:
        raise ValueError(f"the URL names no host; write {DATABASE_EXAMPLES}")
    if backend == "sqlite" and _in_memory(url.database, url.query):
        # Each connection to such a database is a new, empty one: the schema `migrate` writes is gone before
        # `serve`, its workers and its scheduler look for it.
        raise ValueError(f"{value} is an in-memory SQLite database, which the migration, the service and its "
                         "workers cannot share; name a file, such as sqlite:///problemframe.db")
    return value


def _in_memory(database: str | None, query: Mapping[str, object]) -> bool:
    if database in (None, "", ":memory:"):
        return True
    if str(query.get("uri", "")).lower() not in ("true", "1"):
        return False
    return str(database).startswith("file::memory:") or str(query.get("mode", "")) == "memory"


def http_url(value: str) -> str:
    """Return an http(s) URL without its trailing slash; raise ValueError for anything else."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an http(s) URL such as https://example.com, not {value!r}")
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(f"has a port that is not a number from 0 to 65535: {value!r}") from None
    return value.strip().rstrip("/")


def log_level(value: str) -> str:
    """Return a logging level name in lower case; raise ValueError for an unknown one."""
    level = value.strip().lower()
    if level not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def level_number(value: str) -> int:
    """Return the logging module's number for a level name."""
    return int(logging.getLevelName(log_level(value).upper()))
