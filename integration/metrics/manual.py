"""Manual: the latest value a person reported with `/measure`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from integration.metrics.base import MeasurementError
from problemframe.outcome import MANUAL_SOURCE, Measurement
from problemframe.policy import MetricSource


class ManualClient:
    """Answer with the newest `/measure` value recorded on or before the measurement time."""

    def __init__(self, measurements: Sequence[Measurement]) -> None:
        self._measurements = measurements

    def measure(self, source: MetricSource, query: str, *, at: dt.datetime) -> float:
        """Return the latest manual value, or explain how to give one."""
        reported = [
            m for m in self._measurements
            if m.source == MANUAL_SOURCE and m.value is not None and m.measured_at <= at
        ]
        if not reported:
            raise MeasurementError("nobody has reported a value yet; reply /measure with the observed value")
        latest = max(reported, key=lambda m: m.measured_at)
        assert latest.value is not None
        return latest.value
