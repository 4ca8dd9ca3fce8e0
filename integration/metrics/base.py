"""What every metric source offers, the ticket's source reference, and safe error text."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol

from problemframe.commands import parse_number
from problemframe.policy import MetricSource

_REFERENCE = re.compile(
    r"^\s*(?:(?P<kind>[A-Za-z][\w-]*)\s+)?(?P<name>[A-Za-z][\w.-]*)\s*(?::(?P<query>.*))?$", re.DOTALL
)


# Where the operator names the metric sources a ticket may measure from; a repository's policy cannot.
SOURCES_FILE = "the operator's metric sources file (PROBLEMFRAME_METRIC_SOURCES_FILE)"
# Only variables the operator named for metrics may be read, so a policy cannot send the service's own
# credentials (tracker tokens, webhook secrets, the database URL) to a URL of its choosing.
ENV_PREFIX = "PROBLEMFRAME_METRIC_"


class MeasurementError(Exception):
    """Measuring failed; the message is safe to post on a ticket. `transient` failures are worth retrying."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class SourceReferenceError(ValueError):
    """A ticket's data source reference that cannot be read."""


class MetricSourceClient(Protocol):
    """One kind of metric source."""

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the metric's value as of `at`, or raise MeasurementError."""
        ...


def parse_source_reference(text: str) -> tuple[str, str]:
    """Split 'prometheus prod: sum(rate(x[7d]))' (or 'prod: ...', or 'manual') into (source name, query)."""
    if re.match(r"^\s*[A-Za-z][\w+.-]*://", text):
        raise SourceReferenceError(
            f"name a metric source from {SOURCES_FILE} instead of a URL, e.g. 'prometheus prod: <query>'"
        )
    match = _REFERENCE.match(text)
    if match is None:
        raise SourceReferenceError(
            "a data source reads '[kind] <source name>: <query>', e.g. 'prometheus prod: sum(rate(jobs_total[7d]))'"
        )
    query = (match["query"] or "").strip()
    if len(query) >= 2 and query[0] == query[-1] == "`":
        query = query.strip("`").strip()
    return match["name"], query


def read_env(env: Mapping[str, str], variable: str) -> str | None:
    """Return a metric variable's value; refuse variables outside the PROBLEMFRAME_METRIC_ prefix."""
    if not variable.startswith(ENV_PREFIX):
        raise MeasurementError(f"environment variable {variable} is not allowed: its name must start with {ENV_PREFIX}")
    return env.get(variable)


def source_url(source: MetricSource, env: Mapping[str, str]) -> str:
    """Return the source's URL, read from the environment when `url_env` names a variable."""
    if source.url_env:
        value = read_env(env, source.url_env)
        if not value:
            raise MeasurementError(f"environment variable {source.url_env} is not set")
        return value
    if not source.url:
        raise MeasurementError(f"{SOURCES_FILE} gives no url for this source")
    return source.url


def source_headers(source: MetricSource, env: Mapping[str, str]) -> dict[str, str]:
    """Return HTTP headers whose values come from the environment variables the policy names."""
    headers = {}
    for header, variable in source.headers_env.items():
        value = read_env(env, variable)
        if value is None:
            raise MeasurementError(f"environment variable {variable} is not set")
        headers[header] = value
    return headers


def secrets_of(source: MetricSource, env: Mapping[str, str]) -> list[str]:
    """Return every secret value a source uses, so error text can be scrubbed of them."""
    names = [*source.headers_env.values(), *([source.url_env] if source.url_env else [])]
    values = [env.get(name, "") for name in names if name.startswith(ENV_PREFIX)]
    return [value for value in values if len(value) >= 4]


def redact(message: str, secrets: Iterable[str], *, limit: int = 300) -> str:
    """Remove secret values and URL credentials from a message and keep it short."""
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "***")
    message = re.sub(r"(?<=://)[^/\s:@]*:[^/\s@]*@", "***@", message)
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def as_number(value: object, *, what: str) -> float:
    """Return a JSON, SQL or CSV value as a finite float ('1,234' and '12.5%' allowed)."""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        parsed = parse_number(value)
        if parsed is not None:
            number = parsed[0]
        elif value.strip().lower() in {"nan", "+inf", "-inf", "inf"}:
            number = float(value.strip())
    if number is None:
        shown = repr(value) if len(repr(value)) <= 40 else type(value).__name__
        raise MeasurementError(f"{what} is not a number: {shown}")
    if not math.isfinite(number):
        raise MeasurementError(f"{what} is {number}, not a finite number")
    return number
