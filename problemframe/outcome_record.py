"""What is known about one ticket's outcome: its state, measurements and review."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from problemframe.events import TicketRef
from problemframe.loop import CitedCustomer
from problemframe.model import SuccessMetric
from problemframe.verdict import Verdict

MANUAL_SOURCE = "manual"


class OutcomeState(StrEnum):
    """Where a framed ticket is in its life after shipping."""

    FRAMED = "framed"
    PENDING = "pending"
    REVIEW = "review"
    REVIEWED = "reviewed"
    SKIPPED = "skipped"
    CLOSED = "closed"


OPEN_STATES = frozenset({OutcomeState.PENDING, OutcomeState.REVIEW})
FINAL_STATES = frozenset({OutcomeState.REVIEWED, OutcomeState.SKIPPED, OutcomeState.CLOSED})


class Measurement(BaseModel):
    """One observed value; `value` is None when measuring failed and `note` says why."""

    model_config = ConfigDict(frozen=True)

    value: float | None
    source: str
    note: str = ""
    by: str | None = None
    measured_at: dt.datetime


class Observation(BaseModel):
    """What a metric source returned when the window ended."""

    model_config = ConfigDict(frozen=True)

    value: float
    source: str = Field(description="The source name from policy, or 'manual'.")
    query: str = ""
    measured_at: dt.datetime
    note: str = ""


class OutcomeRecord(BaseModel):
    """Everything known about one ticket's outcome."""

    model_config = ConfigDict(frozen=True)

    ref: TicketRef
    state: OutcomeState = OutcomeState.FRAMED
    shipped_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    metric: SuccessMetric
    customers: tuple[CitedCustomer, ...] = Field(default=(), description="Who the ticket cites as asking for it.")
    measurements: tuple[Measurement, ...] = ()
    suggested: Verdict | None = Field(default=None, description="The verdict the latest measurement suggests.")
    verdict: Verdict | None = None
    review_note: str = ""
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None
    reviewed_early: bool = Field(default=False, description="The review came before the window ended.")
    skip_reason: str | None = None
    asked_at: dt.datetime | None = Field(
        default=None, description="When the window ended without a value and the service asked for a /measure."
    )

    def latest_value(self) -> float | None:
        """Return the most recent successfully measured value."""
        for measurement in reversed(self.measurements):
            if measurement.value is not None:
                return measurement.value
        return None

    def latest_measurement(self) -> Measurement | None:
        """Return the most recent successful measurement."""
        for measurement in reversed(self.measurements):
            if measurement.value is not None:
                return measurement
        return None

    def window_open(self, now: dt.datetime) -> bool:
        """Return whether the measurement window is still running at `now`."""
        if self.state is not OutcomeState.PENDING or self.asked_at is not None:
            return False
        return self.due_at is None or now < self.due_at

    def is_due(self, now: dt.datetime) -> bool:
        """Return whether the window has ended and the service has yet to measure it."""
        return (
            self.state is OutcomeState.PENDING and self.due_at is not None and self.due_at <= now
            and self.asked_at is None
        )


def aware(now: dt.datetime) -> dt.datetime:
    """Return `now`, refusing a naive clock: every transition compares timezone-aware moments."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now
