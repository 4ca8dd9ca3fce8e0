"""Resolving a ticket's source reference, retrying transient failures, and giving up as inconclusive."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from integration.metrics import default_clients, measure_outcome, parse_source_reference
from integration.metrics.base import MeasurementError, SourceReferenceError, redact
from integration.metrics.manual import ManualClient
from problemframe.events import CloseReason, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import Measurement, OutcomeRecord, OutcomeState, on_closed, on_due
from problemframe.policy import MetricSource, Outcome, Policy
from problemframe.verdict import Verdict

SHIPPED = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
AT = SHIPPED + dt.timedelta(days=14)
REF = TicketRef(tracker="github", container="acme/app", key="9")
POLICY = Policy(outcome=Outcome(sources={
    "prod": MetricSource(kind="prometheus", url="http://prom.test",
                         headers_env={"Authorization": "PROBLEMFRAME_METRIC_PROM_AUTH"}),
}))
ENV = {"PROBLEMFRAME_METRIC_PROM_AUTH": "Bearer topsecret-42"}
OK = {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [0, "180"]}]}}


def record(source: str | None) -> OutcomeRecord:
    metric = SuccessMetric(name="exports", baseline=100, target=200, direction=Direction.INCREASE, window_days=14,
                           source=source)
    started, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                           policy=POLICY, now=SHIPPED, ref=REF)
    assert started is not None
    return started


@pytest.mark.parametrize(("text", "expected"), [
    ("prometheus prod: sum(rate(export_jobs_total[7d]))", ("prod", "sum(rate(export_jobs_total[7d]))")),
    ("prod: `sum(x)`", ("prod", "sum(x)")),
    ("manual", ("manual", "")),
    ("csv exports: conversion team=growth", ("exports", "conversion team=growth")),
    ("sql warehouse: SELECT a:b FROM t", ("warehouse", "SELECT a:b FROM t")),
])
def test_parse_source_reference(text: str, expected: tuple[str, str]) -> None:
    assert parse_source_reference(text) == expected


@pytest.mark.parametrize("text", ["", "https://grafana.example/d/abc", "a b c: q", ": q"])
def test_unreadable_references(text: str) -> None:
    with pytest.raises(SourceReferenceError):
        parse_source_reference(text)


@respx.mock
def test_success_gives_an_observation() -> None:
    respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(200, json=OK))
    observation, error = measure_outcome(record("prometheus prod: sum(x)"), policy=POLICY,
                                         clients=default_clients(env=ENV), at=AT, sleep=lambda _: None)
    assert error is None and observation is not None
    assert (observation.value, observation.source, observation.query, observation.measured_at) == (
        180, "prod", "sum(x)", AT)


@respx.mock
def test_transient_failures_are_retried_with_backoff_then_succeed() -> None:
    route = respx.get("http://prom.test/api/v1/query").mock(
        side_effect=[httpx.Response(503), httpx.ConnectError("down"), httpx.Response(200, json=OK)]
    )
    slept: list[float] = []
    observation, error = measure_outcome(record("prod: sum(x)"), policy=POLICY, clients=default_clients(env=ENV),
                                         at=AT, attempts=3, backoff_seconds=1.5, sleep=slept.append)
    assert observation is not None and observation.value == 180 and error is None
    assert slept == [1.5, 3.0] and route.call_count == 3


@respx.mock
def test_retries_run_out_then_the_outcome_is_inconclusive_with_the_reason() -> None:
    route = respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(503))
    slept: list[float] = []
    pending = record("prod: sum(x)")
    observation, error = measure_outcome(pending, policy=POLICY, clients=default_clients(env=ENV), at=AT,
                                         attempts=4, sleep=slept.append)
    assert observation is None and route.call_count == 4 and len(slept) == 3
    assert error == "prometheus 'prod': HTTP 503 (after 4 attempts)"
    reviewed, actions = on_due(pending, observation, error, policy=POLICY, now=AT)
    assert reviewed.state is OutcomeState.REVIEW and reviewed.suggested is Verdict.INCONCLUSIVE
    assert reviewed.measurements[-1].note == error
    assert any("HTTP 503" in getattr(a, "body", "") for a in actions)


@respx.mock
def test_permanent_failures_are_not_retried() -> None:
    route = respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(401))
    slept: list[float] = []
    _, error = measure_outcome(record("prod: sum(x)"), policy=POLICY, clients=default_clients(env=ENV), at=AT,
                               sleep=slept.append)
    assert error == "prometheus 'prod': HTTP 401" and route.call_count == 1 and slept == []


def test_unknown_source_names_the_configured_ones() -> None:
    _, error = measure_outcome(record("grafana dash: x"), policy=POLICY, clients={}, at=AT)
    assert error == ("no metric source named 'dash' in the operator's metric sources file "
                     "(PROBLEMFRAME_METRIC_SOURCES_FILE); sources configured: prod, or 'manual'")
    _, error = measure_outcome(record("https://prom.example.com/?q=x"), policy=POLICY, clients={}, at=AT)
    assert error is not None and error.startswith("name a metric source from the operator's metric sources file")
    assert error.endswith("sources configured: prod, or 'manual'")


def test_unexpected_exceptions_are_contained_without_their_text() -> None:
    class Broken:
        def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
            raise RuntimeError("Bearer topsecret-42")

    _, error = measure_outcome(record("prod: x"), policy=POLICY, clients={"prometheus": Broken()}, at=AT)
    assert error == "prometheus 'prod': unexpected RuntimeError"


def test_manual_source_uses_the_latest_measure_before_the_window_end() -> None:
    measurements = [
        Measurement(value=150, source="manual", by="a", measured_at=SHIPPED + dt.timedelta(days=3)),
        Measurement(value=170, source="manual", by="b", measured_at=SHIPPED + dt.timedelta(days=10)),
        Measurement(value=None, source="manual", note="failed", measured_at=SHIPPED + dt.timedelta(days=11)),
        Measurement(value=999, source="prod", measured_at=SHIPPED + dt.timedelta(days=12)),
        Measurement(value=900, source="manual", by="c", measured_at=AT + dt.timedelta(days=1)),
    ]
    assert ManualClient(measurements).measure(MetricSource(kind="manual"), "", at=AT) == 170
    with pytest.raises(MeasurementError, match="/measure"):
        ManualClient([]).measure(MetricSource(kind="manual"), "", at=AT)
    pending = record(None).model_copy(update={"measurements": tuple(measurements)})
    observation, error = measure_outcome(pending, policy=POLICY, clients={}, at=AT)
    assert error is None and observation is not None and observation.value == 170
    _, error = measure_outcome(record("manual"), policy=POLICY, clients={}, at=AT)
    assert error is not None and error.startswith("manual 'manual': nobody has reported")


def test_redact() -> None:
    message = redact("failed for postgresql://u:pw@db/x with token abcd1234", ["abcd1234"])
    assert message == "failed for postgresql://***@db/x with token ***"
