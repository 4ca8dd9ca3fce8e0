"""Measure an outcome's metric from its named source, retrying transient failures with backoff."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping

import httpx

from integration.metrics.base import (
    SOURCES_FILE,
    MeasurementError,
    MetricSourceClient,
    SourceReferenceError,
    parse_source_reference,
)
from integration.metrics.csv import CsvClient
from integration.metrics.http_json import HttpJsonClient
from integration.metrics.manual import ManualClient
from integration.metrics.prometheus import PrometheusClient
from integration.metrics.sql import SqlClient
from integration.retry import GaveUp, backoff, retry_call
from problemframe.outcome import MANUAL_SOURCE, Observation, OutcomeRecord
from problemframe.policy import MetricSource, Policy

MANUAL = MetricSource(kind="manual")


def default_clients(
    *, http_client: httpx.Client | None = None, env: Mapping[str, str] | None = None
) -> dict[str, MetricSourceClient]:
    """Return one client per source kind, except `manual`, which reads the record itself."""
    return {
        "prometheus": PrometheusClient(http_client=http_client, env=env),
        "http_json": HttpJsonClient(http_client=http_client, env=env),
        "sql": SqlClient(env=env),
        "csv": CsvClient(http_client=http_client, env=env),
    }


def resolve(reference: str | None, policy: Policy) -> tuple[str, MetricSource, str]:
    """Return (name, source, query) for a ticket's source reference; no reference means manual."""
    if reference is None or not reference.strip():
        return MANUAL_SOURCE, MANUAL, ""
    configured = ", ".join(sorted(policy.outcome.sources))
    known = f"sources configured: {configured}, or 'manual'" if configured else "no sources configured, only 'manual'"
    try:
        name, query = parse_source_reference(reference)
    except SourceReferenceError as exc:
        raise MeasurementError(f"{exc}; {known}") from None
    source = policy.outcome.sources.get(name)
    if source is None:
        if name == MANUAL_SOURCE:
            return name, MANUAL, query
        raise MeasurementError(f"no metric source named '{name}' in {SOURCES_FILE}; {known}")
    return name, source, query


def is_manual(record: OutcomeRecord, policy: Policy) -> bool:
    """Return whether people report the record's metric by hand with `/measure`."""
    try:
        return resolve(record.metric.source, policy)[1].kind == "manual"
    except MeasurementError:
        return False


def measure_outcome(
    record: OutcomeRecord,
    *,
    policy: Policy,
    clients: Mapping[str, MetricSourceClient],
    at: dt.datetime,
    attempts: int = 3,
    backoff_seconds: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Observation | None, str | None]:
    """Measure the record's metric at `at`: (observation, None) on success, (None, reason) after giving up."""
    try:
        name, source, query = resolve(record.metric.source, policy)
    except MeasurementError as exc:
        return None, str(exc)
    label = f"{source.kind} '{name}'"
    client = ManualClient(record.measurements) if source.kind == "manual" else clients.get(source.kind)
    if client is None:
        return None, f"{label}: no client for this kind of source is configured"

    tried = 0

    def measure() -> float:
        nonlocal tried
        tried += 1
        return client.measure(source, query, at=at)

    def delay(error: BaseException, attempt: int) -> float:
        return backoff(attempt, base=backoff_seconds, cap=math.inf)

    try:
        value = retry_call(
            measure, attempts=max(1, attempts), delay=delay, sleep=sleep,
            retry_if=lambda error: isinstance(error, MeasurementError) and error.transient,
        )
    except (GaveUp, MeasurementError) as exc:
        after = f" (after {tried} attempts)" if tried > 1 else ""
        return None, f"{label}: {exc}{after}"
    except Exception as exc:  # a faulty source must not stop the other outcomes from being measured
        return None, f"{label}: unexpected {type(exc).__name__}"
    return Observation(value=value, source=name, query=query, measured_at=at), None
