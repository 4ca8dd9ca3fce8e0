"""Checks of single setting values, each failing with a message that tells the operator what to write instead."""

from __future__ import annotations

import logging
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
    return value


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
