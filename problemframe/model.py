"""The problem frame: problem statement, customer evidence, success metric and findings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Part = Literal["problem", "evidence", "metric"]
PARTS: tuple[Part, ...] = ("problem", "evidence", "metric")


class EvidenceKind(StrEnum):
    """Where a piece of customer evidence comes from."""

    SUPPORT_TICKET = "support_ticket"
    CALL = "call"
    CRM = "crm"
    CHAT = "chat"
    SURVEY = "survey"
    USAGE_DATA = "usage_data"
    INTERVIEW = "interview"
    EMAIL = "email"
    FIRST_HAND = "first_hand"
    """The customer wrote the ticket themselves: it is its own source."""
    INTERNAL = "internal"
    OTHER = "other"


class Direction(StrEnum):
    """Which way a success metric should move."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Severity(StrEnum):
    """An error makes the frame incomplete; a warning only advises."""

    ERROR = "error"
    WARNING = "warning"


class Money(BaseModel):
    """An amount of recurring revenue, normalised to a yearly figure."""

    model_config = ConfigDict(frozen=True)

    amount: float = Field(ge=0, description="Yearly amount (MRR is multiplied by 12).")
    currency: str = Field(default="USD", description="ISO 4217 code: USD, GBP, EUR ...")


class Evidence(BaseModel):
    """One piece of customer evidence, as written on the ticket."""

    model_config = ConfigDict(frozen=True)

    customer: str | None = None
    url: str | None = None
    kind: EvidenceKind = EvidenceKind.OTHER
    arr: Money | None = None
    date: dt.date | None = None
    quote: str | None = None
    count: int | None = Field(
        default=None, ge=0, description="How many customers, tickets, users or votes the item cites, when it says."
    )
    reports: int = Field(
        default=0, ge=0,
        description="How many other people's reports of the same problem the item links or quotes (duplicates, "
        "confirmations).",
    )
    text: str = Field(default="", description="The line the item was read from.")


class SuccessMetric(BaseModel):
    """How the team will know the change worked."""

    model_config = ConfigDict(frozen=True)

    name: str | None = None
    baseline: float | None = None
    target: float | None = None
    direction: Direction | None = None
    unit: str | None = None
    change: float | None = Field(
        default=None, description="A relative target in percent of the baseline (-25: a quarter lower), as written."
    )
    window_days: int | None = Field(default=None, ge=0)
    window_until: dt.date | None = None
    source: str | None = Field(default=None, description="Data source reference, e.g. 'prometheus prod: <query>'.")
    text: str = Field(default="", description="The text the metric was read from.")


class Finding(BaseModel):
    """Something a person should fix, with a stable code and an actionable message."""

    model_config = ConfigDict(frozen=True)

    field: Part
    code: str
    message: str
    severity: Severity = Severity.ERROR


class ProblemFrame(BaseModel):
    """What a ticket says about its problem, evidence and success metric, and what is wrong with it."""

    kind: str | None = Field(default=None, description="The ticket's kind under the policy ('bug'); None: a feature.")
    problem: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    metric: SuccessMetric | None = None
    findings: list[Finding] = Field(default_factory=list)

    @property
    def missing(self) -> list[Part]:
        """Return the parts that have an error finding, in canonical order."""
        broken = {f.field for f in self.findings if f.severity is Severity.ERROR}
        return [part for part in PARTS if part in broken]

    @property
    def complete(self) -> bool:
        """Return whether every part is present and free of errors."""
        return not self.missing
