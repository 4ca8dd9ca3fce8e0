"""Metric sources: measure a success metric from Prometheus, JSON over HTTP, SQL, CSV or manual reports."""

from integration.metrics.base import (
    MeasurementError,
    MetricSourceClient,
    SourceReferenceError,
    parse_source_reference,
)
from integration.metrics.measure import default_clients, is_manual, measure_outcome

__all__ = [
    "MeasurementError",
    "MetricSourceClient",
    "SourceReferenceError",
    "default_clients",
    "is_manual",
    "measure_outcome",
    "parse_source_reference",
]
