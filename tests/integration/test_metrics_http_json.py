"""JSON over HTTP: the configured URL, a JSON path, numbers in several spellings."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from integration.metrics.base import MeasurementError
from integration.metrics.http_json import HttpJsonClient, extract, parse_path
from problemframe.policy import MetricSource

AT = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
DOC = {"data": {"items": [{"value": 3}, {"value": "1,234"}], "value": 7.5, "odd key": {"n": True}}}


@pytest.mark.parametrize(
    ("path", "expected"),
    [("data.value", 7.5), ("$.data.value", 7.5), ("data.items[0].value", 3), ("data.items[-1].value", "1,234"),
     ('data["odd key"].n', True), ("$['data']['value']", 7.5)],
)
def test_extract(path: str, expected: object) -> None:
    assert extract(DOC, path) == expected


@pytest.mark.parametrize(("path", "message"), [("data.items[5].value", r"no item \[5\]"),
                                               ("data.nope", "no key 'nope'"), ("data.value.x", "no key 'x'"),
                                               ("data..value", "cannot read"), ("", "empty"),
                                               ("data[0]x", "cannot read")])
def test_extract_errors(path: str, message: str) -> None:
    with pytest.raises(MeasurementError, match=message):
        extract(DOC, path)


def test_parse_path_steps() -> None:
    assert parse_path("$.a.b[2]['c d']") == ["a", "b", 2, "c d"]


@respx.mock
def test_measure_fills_the_date_and_sends_headers() -> None:
    source = MetricSource(kind="http_json", url="https://api.test/stats?day={date}&ts={timestamp}",
                          json_path="data.value", headers_env={"X-Api-Key": "PROBLEMFRAME_METRIC_STATS_KEY"})
    route = respx.get("https://api.test/stats").mock(return_value=httpx.Response(200, json=DOC))
    assert HttpJsonClient(env={"PROBLEMFRAME_METRIC_STATS_KEY": "k-123456"}).measure(source, "", at=AT) == 7.5
    request = route.calls.last.request
    assert request.url.params["day"] == "2026-03-15"
    assert request.url.params["ts"] == str(int(AT.timestamp()))
    assert request.headers["X-Api-Key"] == "k-123456"


@respx.mock
def test_ticket_path_overrides_and_numeric_strings_parse() -> None:
    source = MetricSource(kind="http_json", url="https://api.test/stats", json_path="data.value")
    respx.get("https://api.test/stats").mock(return_value=httpx.Response(200, json=DOC))
    assert HttpJsonClient(env={}).measure(source, "data.items[1].value", at=AT) == 1234


@respx.mock
def test_non_numbers_and_non_json_are_errors() -> None:
    source = MetricSource(kind="http_json", url="https://api.test/stats")
    respx.get("https://api.test/stats").mock(return_value=httpx.Response(200, json=DOC))
    with pytest.raises(MeasurementError, match="not a number"):
        HttpJsonClient(env={}).measure(source, 'data["odd key"].n', at=AT)
    respx.get("https://api.test/html").mock(return_value=httpx.Response(200, text="<html>"))
    with pytest.raises(MeasurementError, match="not JSON"):
        HttpJsonClient(env={}).measure(source.model_copy(update={"url": "https://api.test/html"}), "a", at=AT)
    with pytest.raises(MeasurementError, match="no JSON path"):
        HttpJsonClient(env={}).measure(source, "", at=AT)


@respx.mock
def test_timeout_is_transient() -> None:
    source = MetricSource(kind="http_json", url="https://api.test/slow", timeout_seconds=1)
    respx.get("https://api.test/slow").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(MeasurementError, match="timed out after 1s") as caught:
        HttpJsonClient(env={}).measure(source, "a", at=AT)
    assert caught.value.transient
