"""Leases on store rows: one process at a time holds a row (a delivery, an outcome, a message, a job's period).

A lease is two columns, who holds the row and a time (when the lease runs out; for schedule runs, when it was
taken). Every lease is taken, extended and ended by a conditional UPDATE: of two processes racing for a row,
exactly one matches it. The statements carry bind parameters `holder` and `until` the caller fills in.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Update, bindparam, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert, ReturningUpdate

from integration.store.base import UTCDateTime

_DIALECTS = {"sqlite": sqlite, "postgresql": postgresql}


def default_worker_id() -> str:
    """Return an id unique to this process: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def insert_new(dialect: str, table: Any, *, unique: list[str]) -> Insert:
    """Return INSERT .. ON CONFLICT DO NOTHING on the `unique` columns: a row already stored is left as it is."""
    module = _DIALECTS.get(dialect)
    if module is None:
        raise NotImplementedError(f"the store supports SQLite and PostgreSQL, not {dialect}")
    statement: Insert = module.insert(table).on_conflict_do_nothing(index_elements=unique)
    return statement


@dataclass(frozen=True)
class Lease:
    """The lease columns of one mapped table."""

    table: Any
    time: str = "claimed_until"
    holder: str = "claimed_by"

    def held_by(self, holder: Any) -> ColumnElement[bool]:
        """Return the condition that `holder` (a value or a bind parameter) holds the row."""
        column: ColumnElement[bool] = getattr(self.table, self.holder) == holder
        return column

    def lapsed(self, now: dt.datetime) -> ColumnElement[bool]:
        """Return the condition that the row's lease ran out, or there never was one."""
        until = getattr(self.table, self.time)
        return or_(until.is_(None), until <= now)

    def take(self, *where: ColumnElement[bool], **values: Any) -> ReturningUpdate[Any]:
        """Return the UPDATE that leases the rows matching `where` to `holder` until `until`, returning them."""
        return (
            update(self.table)
            .where(*where)
            .values({self.holder: bindparam("holder"), self.time: bindparam("until", type_=UTCDateTime()), **values})
            .returning(*self.table.__table__.columns)
        )

    def extend(self, *where: ColumnElement[bool]) -> Update:
        """Return the UPDATE that moves the end of `holder`'s lease on the rows matching `where` to `until`."""
        return (
            update(self.table)
            .where(self.held_by(bindparam("holder")), *where)
            .values({self.time: bindparam("until", type_=UTCDateTime())})
        )

    def end(self, *where: ColumnElement[bool], by_holder: bool = True, **values: Any) -> Update:
        """Return the UPDATE that ends the lease (`holder`'s, with `by_holder`) and writes `values` with it."""
        statement = update(self.table).where(*where)
        if by_holder:
            statement = statement.where(self.held_by(bindparam("holder")))
        return statement.values({self.holder: None, self.time: None, **values})
