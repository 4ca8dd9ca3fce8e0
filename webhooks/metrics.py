"""Prometheus metrics of one app instance, in its own registry so tests and several apps never collide."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    """The service's counters and gauges; doors, the worker and tracker adapters report here."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.deliveries = Counter(
            "problemframe_deliveries",
            "Webhook deliveries by source, event and what the door did with them.",
            ["source", "event", "result"],
            registry=self.registry,
        )
        self.processed = Counter(
            "problemframe_deliveries_processed",
            "Delivery processing attempts by source and result (done, ignored, retry, failed).",
            ["source", "result"],
            registry=self.registry,
        )
        self.inbox_depth = Gauge(
            "problemframe_inbox_depth", "Deliveries waiting or in processing.", registry=self.registry
        )
        self.inbox_failed = Gauge(
            "problemframe_inbox_failed", "Deliveries that failed after their retries.", registry=self.registry
        )
        self.processing_seconds = Histogram(
            "problemframe_processing_seconds",
            "Time to process one delivery, tracker calls included.",
            ["source"],
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.tracker_calls = Counter(
            "problemframe_tracker_calls",
            "Tracker API calls by tracker and status (ok, transient, permanent).",
            ["tracker", "status"],
            registry=self.registry,
        )
        self.rate_limit_remaining = Gauge(
            "problemframe_rate_limit_remaining",
            "Requests left in the tracker's current rate-limit window, as it last reported.",
            ["tracker"],
            registry=self.registry,
        )

    def delivery(self, *, source: str, event: str, result: str) -> None:
        """Count a delivery answered by a door."""
        self.deliveries.labels(source=source, event=event, result=result).inc()

    def processed_delivery(self, *, source: str, result: str, seconds: float) -> None:
        """Count one processing attempt and observe how long it took."""
        self.processed.labels(source=source, result=result).inc()
        self.processing_seconds.labels(source=source).observe(seconds)

    def tracker_call(self, *, tracker: str, status: str, count: int = 1) -> None:
        """Count tracker API calls."""
        self.tracker_calls.labels(tracker=tracker, status=status).inc(count)

    def rate_limit(self, *, tracker: str, remaining: float) -> None:
        """Record the rate-limit budget a tracker reported."""
        self.rate_limit_remaining.labels(tracker=tracker).set(remaining)

    def inbox(self, *, depth: int, failed: int) -> None:
        """Record the inbox's depth and failed count."""
        self.inbox_depth.set(depth)
        self.inbox_failed.set(failed)

    def render(self) -> bytes:
        """Return every metric in the Prometheus text format."""
        return generate_latest(self.registry)
