"""Prometheus: an instant query (`GET /api/v1/query`) evaluated at the end of the window."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import httpx

from integration.metrics import http
from integration.metrics.base import MeasurementError, as_number, redact, secrets_of, source_headers, source_url
from problemframe.policy import MetricSource


class PrometheusClient:
    """Evaluate a PromQL expression at one instant; it must yield one scalar or one series."""

    def __init__(self, *, http_client: httpx.Client | None = None, env: Mapping[str, str] | None = None) -> None:
        self._http = http_client
        self._env = os.environ if env is None else env

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the query's value at `at`."""
        if not query:
            raise MeasurementError("no PromQL query after the source name")
        base = source_url(source, self._env).rstrip("/")
        response = http.get(
            self._http,
            f"{base}/api/v1/query",
            params={"query": query, "time": f"{at.timestamp():.3f}"},
            headers=source_headers(source, self._env),
            timeout=source.timeout_seconds,
            pass_status=frozenset({400, 422}),
        )
        body = http.json_body(response)
        if not isinstance(body, dict) or body.get("status") != "success":
            error = body.get("error", "unknown error") if isinstance(body, dict) else "unexpected response"
            raise MeasurementError(f"query failed: {redact(str(error), secrets_of(source, self._env))}")
        return _value(body.get("data"))


def _value(data: Any) -> float:
    if not isinstance(data, dict):
        raise MeasurementError("the response has no data")
    kind, result = data.get("resultType"), data.get("result")
    if kind == "scalar" and isinstance(result, list) and len(result) == 2:
        return as_number(result[1], what="the scalar")
    if kind == "vector" and isinstance(result, list):
        if not result:
            raise MeasurementError("the query returned no data at that time")
        if len(result) > 1:
            raise MeasurementError(f"the query returned {len(result)} series; aggregate them, e.g. with sum(...)")
        sample = result[0].get("value") if isinstance(result[0], dict) else None
        if not isinstance(sample, list) or len(sample) != 2:
            raise MeasurementError("a vector sample has no value")
        return as_number(sample[1], what="the value")
    raise MeasurementError(f"a {kind} result is not one number; use an instant vector or a scalar")
