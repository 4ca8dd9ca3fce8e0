"""JSON over HTTP: GET the configured URL and read one number at a path like `data.items[0].value`."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any

import httpx

from integration.metrics import http
from integration.metrics.base import MeasurementError, as_number, source_headers, source_url
from problemframe.policy import MetricSource

_STEP = re.compile(r"""\.?([A-Za-z_][\w-]*)|\[(-?\d+)\]|\[(?:"([^"]*)"|'([^']*)')\]""")


def parse_path(path: str) -> list[str | int]:
    """Split '$.data.items[0].value' or 'data["a b"][-1]' into keys and indexes."""
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
    steps: list[str | int] = []
    position = 0
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None or (match.start(1) == position and steps and text[position] != "."):
            raise MeasurementError(f"cannot read the JSON path at {text[position:position + 20]!r}")
        name, index, double, single = match.groups()
        if index is not None:
            steps.append(int(index))
        else:
            steps.append(name if name is not None else (double if double is not None else single))
        position = match.end()
    if not steps:
        raise MeasurementError("the JSON path is empty")
    return steps


def extract(document: Any, path: str) -> Any:
    """Return the value at `path` in a decoded JSON document."""
    current = document
    walked = "$"
    for step in parse_path(path):
        if isinstance(step, int):
            if not isinstance(current, list) or not -len(current) <= step < len(current):
                raise MeasurementError(f"{walked} has no item [{step}]")
            current = current[step]
            walked += f"[{step}]"
        else:
            if not isinstance(current, dict) or step not in current:
                raise MeasurementError(f"{walked} has no key {step!r}")
            current = current[step]
            walked += f".{step}"
    return current


def expand(url: str, at: dt.datetime) -> str:
    """Fill `{date}` and `{timestamp}` in a configured URL with the measurement time."""
    return url.replace("{date}", at.astimezone(dt.UTC).date().isoformat()).replace(
        "{timestamp}", str(int(at.timestamp()))
    )


class HttpJsonClient:
    """Read a number from a JSON API the team already runs; the URL comes only from the operator's sources file."""

    def __init__(self, *, http_client: httpx.Client | None = None, env: Mapping[str, str] | None = None) -> None:
        self._http = http_client
        self._env = os.environ if env is None else env

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the number at the JSON path (the ticket's query, else the policy's `json_path`)."""
        path = query or source.json_path
        if not path:
            raise MeasurementError(
                "no JSON path: give one after the source name or as json_path in the metric sources file"
            )
        response = http.get(
            self._http,
            expand(source_url(source, self._env), at),
            headers={"Accept": "application/json", **source_headers(source, self._env)},
            timeout=source.timeout_seconds,
        )
        return as_number(extract(http.json_body(response), path), what=f"the value at {path}")
