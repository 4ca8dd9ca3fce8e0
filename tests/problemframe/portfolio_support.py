"""Portfolio rows built the way the report builds them: a ticket, its assessment, its evidence."""

from __future__ import annotations

import datetime as dt

from problemframe.decide import Assessment
from problemframe.events import Ticket, TicketRef, TicketState
from problemframe.evidence import score_evidence
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Money, ProblemFrame, SuccessMetric
from problemframe.policy import Policy
from problemframe.portfolio import PortfolioRow, build_row

TODAY = dt.date(2026, 11, 1)
POLICY = Policy()
METRIC = SuccessMetric(name="checkout conversion", baseline=2.1, target=3.0, direction=Direction.INCREASE,
                       unit="%", window_days=30)


def assessment(evidence: list[Evidence], *, complete: bool = True) -> Assessment:
    findings = [] if complete else [Finding(field="metric", code="metric.missing", message="Add a metric.")]
    frame = ProblemFrame(problem="Checkout fails for EU cards", evidence=evidence, metric=METRIC, findings=findings)
    weights, tiers = POLICY.evidence.weights, POLICY.evidence.tiers
    return Assessment(frame=frame, score=score_evidence(evidence, weights=weights, tiers=tiers, today=TODAY))


def ticket(number: int, title: str = "A problem", state: TicketState = TicketState.OPEN) -> Ticket:
    return Ticket(ref=TicketRef(tracker="github", container="acme/app", key=str(number)), title=title, state=state,
                  url=f"https://github.com/acme/app/issues/{number}")


def item(customer: str, amount: float | None = None, currency: str = "USD", url: str | None = None) -> Evidence:
    arr = Money(amount=amount, currency=currency) if amount is not None else None
    return Evidence(customer=customer, arr=arr, kind=EvidenceKind.SUPPORT_TICKET, date=dt.date(2026, 10, 1), url=url)


def row(number: int, score: float, **changes: object) -> PortfolioRow:
    base = build_row(ticket(number), assessment([item("Acme", 1000)]))
    return base.model_copy(update={"score": score, **changes})
