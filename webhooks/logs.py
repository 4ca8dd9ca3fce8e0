"""Logging for the service and the command line: readable lines or JSON lines, each naming the delivery in hand."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal, TextIO

from integration.kinds import KINDS

LogFormat = Literal["text", "json"]

# Fields a record carries while a delivery is being handled, in the order a reader looks for them.
DELIVERY_FIELDS = ("delivery", "source", "event", "action", "ticket", "duration_ms")


@dataclass(frozen=True)
class DeliveryContext:
    """The delivery a thread is working on, and since when."""

    delivery: str
    source: str
    event: str
    action: str | None
    ticket: str | None
    started: float

    def fields(self) -> dict[str, Any]:
        """Return the fields each log line about this delivery carries."""
        return {
            "delivery": self.delivery, "source": self.source, "event": self.event, "action": self.action,
            "ticket": self.ticket, "duration_ms": round((time.perf_counter() - self.started) * 1000, 1),
        }


_current: contextvars.ContextVar[DeliveryContext | None] = contextvars.ContextVar("delivery", default=None)


@contextlib.contextmanager
def about_delivery(
    *, delivery: str, source: str, event: str, action: str | None, ticket: str | None
) -> Iterator[DeliveryContext]:
    """Tag every log line written inside the block with this delivery and the time spent on it so far."""
    context = DeliveryContext(delivery, source, event, action, ticket, time.perf_counter())
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def ticket_label(inbox_key: str | None) -> str | None:
    """Return an inbox ordering key (`github:owner/repo:12`) as people name the ticket: `owner/repo#12`, `PROJ-12`."""
    if inbox_key is None:
        return None
    tracker, _, rest = inbox_key.partition(":")
    container, _, key = rest.rpartition(":")
    if not container or not key:
        return inbox_key
    return ticket_name(tracker, container, key)


def ticket_name(tracker: str, container: str, key: str) -> str:
    """Return a ticket as people name it (`owner/repo#12`, `PROJ-12`); the key alone for a tracker not known."""
    kind = KINDS.get(tracker)
    return kind.ticket_label(container, key) if kind else key


def name_ticket(ticket: str) -> None:
    """Record the ticket of the delivery in hand once it is known (a delivery may not name it up front)."""
    context = _current.get()
    if context is not None and context.ticket != ticket:
        _current.set(replace(context, ticket=ticket))


class _DeliveryFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        if context is not None:
            for key, value in context.fields().items():
                if not hasattr(record, key):
                    setattr(record, key, value)
        return True


class TextFormatter(logging.Formatter):
    """`2026-05-01 12:00:00 INFO webhooks.worker: message [delivery=… ticket=… duration_ms=…]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        """Return the line, with the delivery's fields after the message."""
        line = super().format(record)
        tags = " ".join(
            f"{key}={getattr(record, key)}" for key in DELIVERY_FIELDS if getattr(record, key, None) is not None
        )
        if not tags:
            return line
        first, newline, rest = line.partition("\n")
        return f"{first} [{tags}]{newline}{rest}"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the delivery's fields, and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in DELIVERY_FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, so a replaced stderr (tests, a closed pipe) is followed."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._fixed = stream

    @property
    def stream(self) -> TextIO:
        return self._fixed if self._fixed is not None else sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


_MARK = "_problemframe"


def configure_logging(level: int, log_format: LogFormat, *, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record at `level` and above to standard error (or `stream`) in the chosen format.

    Calling it again replaces the handler it installed before and leaves other handlers alone.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
    handler = _StderrHandler(stream)
    setattr(handler, _MARK, True)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(_DeliveryFilter())
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries speak at their own level: their debug lines would bury ours (and may carry request headers).
    for noisy in ("urllib3", "httpx", "httpcore", "github", "asyncio", "multipart"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO))
    return handler
