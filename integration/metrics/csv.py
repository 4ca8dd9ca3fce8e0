"""CSV: read a value from the daily export a team already has (a local file or a URL)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shlex
from collections.abc import Mapping
from pathlib import Path

import httpx

from integration.metrics import http
from integration.metrics.base import MeasurementError, as_number, source_headers, source_url
from problemframe.policy import MetricSource


def parse_csv_query(query: str, source: MetricSource) -> tuple[str, dict[str, str]]:
    """Read the ticket's query 'column key=value ...' over the policy's column and filter."""
    try:
        tokens = shlex.split(query)
    except ValueError:
        raise MeasurementError("cannot read the CSV query; quote values with spaces") from None
    column = source.column
    filters = dict(source.filter)
    for token in tokens:
        key, equals, value = token.partition("=")
        if equals:
            filters[key.strip()] = value.strip()
        else:
            column = token
    if not column:
        raise MeasurementError("no CSV column: give one after the source name or as column in the metric sources file")
    return column, filters


def _when(text: str, *, row: int) -> dt.datetime:
    value = text.strip()
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise MeasurementError(f"row {row}: {value[:30]!r} is not an ISO date") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def select_value(
    text: str, *, column: str, filters: Mapping[str, str], date_column: str | None, at: dt.datetime
) -> float:
    """Return the value in `column` of the matching row dated latest on or before `at` (else the last match)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    for needed in (column, *filters, *([date_column] if date_column else [])):
        if needed not in header:
            raise MeasurementError(f"the CSV has no column {needed!r}")
    best: tuple[dt.datetime, int, str] | None = None
    tied = 0
    for number, row in enumerate(reader, start=2):
        if any((row.get(key) or "").strip() != value for key, value in filters.items()):
            continue
        when = dt.datetime.min.replace(tzinfo=dt.UTC)
        if date_column:
            raw = (row.get(date_column) or "").strip()
            if not raw:
                continue
            when = _when(raw, row=number)
            # A date-only row counts from the start of its day, so "on or before" includes that day.
            if when > at:
                continue
        if best is None or when > best[0] or (not date_column and when == best[0]):
            best, tied = (when, number, row.get(column) or ""), 1
        elif when == best[0]:
            tied += 1
    if best is None:
        raise MeasurementError("no CSV row matches" + (f" on or before {at:%Y-%m-%d}" if date_column else ""))
    if tied > 1:
        raise MeasurementError(f"{tied} CSV rows match {best[0]:%Y-%m-%d}; add a filter such as team=payments")
    return as_number(best[2], what=f"row {best[1]} column {column!r}")


class CsvClient:
    """Measure from a CSV export; the location comes only from the operator's sources file."""

    def __init__(self, *, http_client: httpx.Client | None = None, env: Mapping[str, str] | None = None) -> None:
        self._http = http_client
        self._env = os.environ if env is None else env

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the value on or before `at`."""
        column, filters = parse_csv_query(query, source)
        return select_value(
            self._read(source), column=column, filters=filters, date_column=source.date_column, at=at
        )

    def _read(self, source: MetricSource) -> str:
        location = source_url(source, self._env)
        if location.startswith(("http://", "https://")):
            response = http.get(
                self._http, location, headers=source_headers(source, self._env), timeout=source.timeout_seconds
            )
            return response.text
        if not source.url_env:
            # A repository's policy must not read files on the service's host; the operator names them.
            raise MeasurementError("a local CSV file is named through the environment: set url_env")
        path = Path(location.removeprefix("file://")).expanduser()
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise MeasurementError("the CSV file does not exist (yet)", transient=True) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise MeasurementError(f"cannot read the CSV file ({type(exc).__name__})") from None
