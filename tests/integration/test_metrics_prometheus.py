"""Prometheus instant queries against a fake Prometheus HTTP API."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from integration.metrics.base import MeasurementError
from integration.metrics.prometheus import PrometheusClient
from problemframe.policy import MetricSource

AT = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
SOURCE = MetricSource(kind="prometheus", url="http://prom.test/",
                      headers_env={"Authorization": "PROBLEMFRAME_METRIC_PROM_AUTH"})
ENV = {"PROBLEMFRAME_METRIC_PROM_AUTH": "Bearer s3cret-token"}


def vector(*values: str) -> dict:
    result = [{"metric": {"job": f"j{i}"}, "value": [AT.timestamp(), v]} for i, v in enumerate(values)]
    return {"status": "success", "data": {"resultType": "vector", "result": result}}


@respx.mock
def test_vector_result_with_time_and_auth_header() -> None:
    route = respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(200, json=vector("1234.5")))
    value = PrometheusClient(env=ENV).measure(SOURCE, "sum(rate(export_jobs_total[7d]))", at=AT)
    assert value == 1234.5
    request = route.calls.last.request
    assert request.url.params["query"] == "sum(rate(export_jobs_total[7d]))"
    assert float(request.url.params["time"]) == AT.timestamp()
    assert request.headers["Authorization"] == "Bearer s3cret-token"


@respx.mock
def test_scalar_result() -> None:
    body = {"status": "success", "data": {"resultType": "scalar", "result": [AT.timestamp(), "0.25"]}}
    respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(200, json=body))
    assert PrometheusClient(env=ENV).measure(SOURCE, "scalar(x)", at=AT) == 0.25


@pytest.mark.parametrize(
    ("body", "message"),
    [(vector(), "no data"), (vector("1", "2"), "2 series"), (vector("NaN"), "not a finite number"),
     ({"status": "success", "data": {"resultType": "matrix", "result": []}}, "matrix"),
     ({"status": "success"}, "no data")],
)
@respx.mock
def test_unusable_results_are_errors(body: dict, message: str) -> None:
    respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(MeasurementError, match=message) as caught:
        PrometheusClient(env=ENV).measure(SOURCE, "x", at=AT)
    assert not caught.value.transient


@respx.mock
def test_bad_query_shows_prometheus_error_without_secrets() -> None:
    body = {"status": "error", "errorType": "bad_data", "error": "parse error: Bearer s3cret-token at char 3"}
    respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(400, json=body))
    with pytest.raises(MeasurementError, match="parse error") as caught:
        PrometheusClient(env=ENV).measure(SOURCE, "sum(", at=AT)
    assert "s3cret" not in str(caught.value) and not caught.value.transient


@pytest.mark.parametrize(("status", "transient"), [(503, True), (429, True), (401, False), (404, False)])
@respx.mock
def test_http_errors_say_whether_to_retry(status: int, transient: bool) -> None:
    respx.get("http://prom.test/api/v1/query").mock(return_value=httpx.Response(status, text="nope"))
    with pytest.raises(MeasurementError, match=f"HTTP {status}") as caught:
        PrometheusClient(env=ENV).measure(SOURCE, "x", at=AT)
    assert caught.value.transient is transient


@respx.mock
def test_connection_failure_is_transient_and_hides_the_url() -> None:
    source = MetricSource(kind="prometheus", url_env="PROBLEMFRAME_METRIC_PROM_URL")
    respx.get("http://user:pw@prom.test/api/v1/query").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(MeasurementError, match="could not connect") as caught:
        client = PrometheusClient(env={"PROBLEMFRAME_METRIC_PROM_URL": "http://user:pw@prom.test"})
        client.measure(source, "x", at=AT)
    assert caught.value.transient and "pw" not in str(caught.value)


def test_missing_env_and_query_are_reported() -> None:
    with pytest.raises(MeasurementError, match="PROBLEMFRAME_METRIC_PROM_AUTH is not set"):
        PrometheusClient(env={}).measure(SOURCE, "x", at=AT)
    with pytest.raises(MeasurementError, match="no PromQL query"):
        PrometheusClient(env=ENV).measure(SOURCE, "", at=AT)


@pytest.mark.parametrize("variable", ["PROBLEMFRAME_GITHUB_TOKEN", "HOME", "DATABASE_URL"])
def test_only_metric_variables_can_be_read(variable: str) -> None:
    # A repository's policy must not be able to send the service's own credentials to a host it names.
    leaky = MetricSource(kind="prometheus", url="http://evil.test", headers_env={"Authorization": variable})
    with pytest.raises(MeasurementError, match="must start with PROBLEMFRAME_METRIC_"):
        PrometheusClient(env={variable: "ghp_secret"}).measure(leaky, "x", at=AT)
    by_url = MetricSource(kind="prometheus", url_env=variable)
    with pytest.raises(MeasurementError, match="not allowed"):
        PrometheusClient(env={variable: "http://evil.test"}).measure(by_url, "x", at=AT)


@respx.mock
def test_redirects_are_not_followed_with_credential_headers() -> None:
    respx.get("http://prom.test/api/v1/query").mock(
        return_value=httpx.Response(302, headers={"Location": "http://elsewhere.test/api/v1/query"})
    )
    elsewhere = respx.get("http://elsewhere.test/api/v1/query").mock(return_value=httpx.Response(200, json=vector("1")))
    with pytest.raises(MeasurementError, match="redirected"):
        PrometheusClient(env=ENV).measure(SOURCE, "x", at=AT)
    assert not elsewhere.called
    public = MetricSource(kind="prometheus", url="http://prom.test")
    assert PrometheusClient(env={}).measure(public, "x", at=AT) == 1
