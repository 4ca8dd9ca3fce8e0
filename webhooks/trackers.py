"""Tracker connections chosen from the process settings, built once and shared by the worker and scheduler."""

from __future__ import annotations

import threading
import time
from typing import Protocol

from pydantic import ValidationError

from integration.kinds import tracker_kind
from integration.retry import Clock, Sleep, WriteLedger
from integration.tracker import NotConfigured, Tracker
from integration.tracker_kind import Connection
from integration.yaml_text import read_mapping
from problemframe.policy import MetricSource
from webhooks.metrics import Metrics
from webhooks.settings import Settings


class TrackerFactory(Protocol):
    """Return the tracker connection that serves deliveries from a source (and GitHub App installation)."""

    def __call__(self, source: str, *, installation_id: int | None) -> Tracker:
        """Return a tracker for this source."""
        ...


def metric_sources(settings: Settings) -> dict[str, MetricSource]:
    """Read the operator's named metric sources from PROBLEMFRAME_METRIC_SOURCES_FILE; none means manual only."""
    path = settings.metric_sources_file
    if path is None:
        return {}
    document = read_mapping(path, "metric sources file (name -> source)")
    sources = {}
    for name, source in document.items():
        try:
            sources[str(name)] = MetricSource.model_validate(source)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, (name, *e['loc'])))}: {e['msg']}" for e in exc.errors())
            raise NotConfigured(f"{path}: invalid metric source: {problems}") from None
    return sources


def from_settings(
    settings: Settings,
    *,
    metrics: Metrics | None = None,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    ledger: WriteLedger | None = None,
) -> TrackerFactory:
    """Return a factory of tracker connections, one per kind of tracker, each made on first use and then reused.

    `clock` and `sleep` pace and retry the GitHub connection's requests (tests pass a virtual clock); `ledger`
    keeps the write budget shared with other replicas.
    """
    made: dict[str, Tracker] = {}
    lock = threading.Lock()
    connection = Connection(metrics=metrics, clock=clock, sleep=sleep, ledger=ledger)

    def factory(source: str, *, installation_id: int | None) -> Tracker:
        with lock:
            if source not in made:
                made[source] = tracker_kind(source).connect(settings, connection)
            return made[source]

    return factory
