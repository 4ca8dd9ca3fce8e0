"""Engines for SQLite and PostgreSQL, configured for a webhook inbox's many short writes."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///problemframe.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_AUTOCHECKPOINT_PAGES = 20_000
# SQLAlchemy's own reading of what precedes the host: `scheme://user:password@`.
_CREDENTIALS = re.compile(r"^(?P<head>[\w+]+://[^:/]*:)[^@]*@")


def shown_url(url: str) -> str:
    """Return a database URL as the operator wrote it (SQLAlchemy's rendering escapes `:memory:` and the like),
    with the password masked."""
    return _CREDENTIALS.sub(lambda match: f"{match['head']}***@", url, count=1)


def make_engine(url: str = DEFAULT_URL, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL (readers never block the writer) and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if parsed.database not in (None, "", ":memory:"):
            enter_wal(cursor)
        # NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint run by a committing writer makes that commit wait for fsync, and every webhook queued behind
        # it; workers checkpoint in the background instead (checkpoint()), this is only the safety net.
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def enter_wal(cursor: sqlite3.Cursor, *, wait_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    """Put the database in WAL mode, waiting up to `wait_ms` for other connections switching it at the same moment.

    SQLite takes the lock that changes the journal mode without calling the busy handler (waiting there could
    deadlock), so processes opening a fresh file together (replicas migrating at start) get 'database is locked'
    at once, however long the busy timeout.
    """
    deadline = time.monotonic() + wait_ms / 1000
    delay = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def _write_lock(engine: Engine) -> threading.Lock | None:
    if engine.dialect.name != "sqlite":
        return None
    with _LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(engine, threading.Lock())


def write_guard(engine: Engine) -> contextlib.AbstractContextManager[object]:
    """Return what to hold around a write transaction; on SQLite, threads of one process queue for it here.

    SQLite admits one writer at a time and makes the others sleep and poll (1, 2, 5, 10 ... ms) while it is busy,
    which turns a short wait into tens of milliseconds of webhook latency; a lock wakes the next writer at once.
    Other processes still meet the busy timeout.
    """
    lock = _write_lock(engine)
    return lock if lock is not None else contextlib.nullcontext()


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """Open a write transaction under the engine's write guard."""
    with write_guard(engine), engine.begin() as connection:
        yield connection


def checkpoint(engine: Engine) -> None:
    """Copy SQLite's write-ahead log into the database without blocking readers or writers; other databases: no-op."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
