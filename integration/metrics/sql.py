"""SQL: run one read-only SELECT that returns one number, through a SQLAlchemy URL."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from integration.metrics.base import MeasurementError, as_number, redact, secrets_of, source_url
from problemframe.policy import MetricSource

_STARTS = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)
_PARAM = re.compile(r"(?<![:\w]):(at|at_date)\b")
_TRANSIENT_WORDS = ("could not connect", "connection", "timeout", "timed out", "locked", "unable to open",
                    "server closed", "too many clients", "the database system is starting up")


def check_query(query: str) -> str:
    """Return the query without a trailing semicolon; refuse anything but one SELECT (or WITH ... SELECT)."""
    statement = query.strip().rstrip(";").strip()
    if not _STARTS.match(statement):
        raise MeasurementError("the SQL query must be one SELECT (or WITH ... SELECT) statement")
    if ";" in statement:
        raise MeasurementError("the SQL query must be a single statement")
    return statement


def _parameters(statement: str, at: dt.datetime, dialect: str) -> dict[str, Any]:
    utc = at.astimezone(dt.UTC)
    # SQLite has no timestamp type: its own datetime() text format compares correctly as text.
    values: dict[str, Any] = {
        "at": utc.strftime("%Y-%m-%d %H:%M:%S") if dialect == "sqlite" else utc,
        "at_date": utc.date().isoformat() if dialect == "sqlite" else utc.date(),
    }
    return {name: values[name] for name in set(_PARAM.findall(statement))}


class SqlClient:
    """Measure with a SQL query; `:at` and `:at_date` are bound to the end of the window."""

    def __init__(self, *, env: Mapping[str, str] | None = None) -> None:
        self._env = os.environ if env is None else env

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the single value the query selects, in a transaction that is always rolled back."""
        statement = check_query(query)
        if not source.url_env:
            # A repository's policy must not point the service at a database it can reach, such as its own store.
            raise MeasurementError("a SQL source takes its URL from the environment: set url_env")
        url = source_url(source, self._env)
        secrets = [*secrets_of(source, self._env)]
        try:
            parsed = make_url(url)
            if parsed.password:
                secrets.append(str(parsed.password))
            engine = create_engine(parsed, pool_pre_ping=False)
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise MeasurementError("the configured SQL URL is not valid") from None
        try:
            return self._run(engine, statement, at, secrets)
        finally:
            engine.dispose()

    def _run(self, engine: Any, statement: str, at: dt.datetime, secrets: list[str]) -> float:
        dialect = engine.dialect.name
        try:
            with engine.connect() as connection:
                if dialect == "postgresql":
                    connection.execute(text("SET TRANSACTION READ ONLY"))
                    connection.execute(text("SET LOCAL statement_timeout = 30000"))
                elif dialect == "sqlite":
                    connection.exec_driver_sql("PRAGMA query_only = ON")
                rows = connection.execute(text(statement), _parameters(statement, at, dialect)).fetchmany(2)
                connection.rollback()
        except DBAPIError as exc:
            detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
            transient = exc.connection_invalidated or any(word in detail.lower() for word in _TRANSIENT_WORDS)
            raise MeasurementError(f"query failed: {redact(detail, secrets)}", transient=transient) from None
        except SQLAlchemyError as exc:
            raise MeasurementError(f"query failed: {type(exc).__name__}") from None
        if not rows:
            raise MeasurementError("the query returned no rows")
        if len(rows) > 1 or len(rows[0]) != 1:
            raise MeasurementError("the query must return exactly one row with one column")
        if rows[0][0] is None:
            raise MeasurementError("the query returned NULL")
        return as_number(rows[0][0], what="the selected value")
