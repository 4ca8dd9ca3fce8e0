"""The evidence portfolio: one row per ticket, filters, sort order and the customers view."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from problemframe.currencies import converted
from problemframe.customer_names import customer_key, display_name
from problemframe.decide import Assessment, assess, is_exempt
from problemframe.events import Ticket, TicketRef, TicketState
from problemframe.model import Evidence, Part, SuccessMetric
from problemframe.numbers import figure
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Policy

StateFilter = Literal["open", "closed", "all"]
NO_OUTCOME = "none"


class PortfolioRow(BaseModel):
    """One ticket as a PM sees it in the portfolio."""

    model_config = ConfigDict(frozen=True)

    tracker: str
    container: str
    key: str = Field(description="GitHub issue number as text or Jira issue key.")
    title: str = ""
    url: str | None = None
    state: TicketState = TicketState.OPEN
    complete: bool = False
    missing: tuple[Part, ...] = ()
    score: float = 0.0
    tier: str = "none"
    customers: tuple[str, ...] = ()
    arr: dict[str, float] = Field(default_factory=dict, description="ARR cited, per ISO 4217 currency.")
    customer_arr: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Largest ARR cited per customer (display name), per currency."
    )
    currency: str | None = Field(default=None, description="The currency `arr_converted` is in; None: not converted.")
    arr_converted: float | None = Field(default=None, description="Every amount of `arr` converted into `currency`.")
    metric: str = ""
    outcome_state: str | None = None
    verdict: str | None = None
    framed_at: dt.datetime | None = None
    shipped_at: dt.datetime | None = None
    due: dt.datetime | None = None
    measured_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None

    @property
    def number(self) -> int | None:
        """Return the GitHub issue number, or the numeric part of a Jira key."""
        match = re.search(r"(\d+)$", self.key)
        return int(match.group(1)) if match else None


class CustomerRow(BaseModel):
    """One customer across the portfolio: what they asked for and what is at stake."""

    model_config = ConfigDict(frozen=True)

    customer: str
    tickets: tuple[str, ...]
    total_score: float
    arr: dict[str, float] = Field(default_factory=dict, description="Largest ARR cited for them, per currency.")
    currency: str | None = Field(default=None, description="The currency `arr_converted` is in; None: not converted.")
    arr_converted: float | None = Field(default=None, description="Every amount of `arr` converted into `currency`.")
    shipped: tuple[str, ...] = Field(
        default=(), description="Shipped tickets that cited them, each with its verdict or outcome state ('#12 met')."
    )


class RowFilter(BaseModel):
    """Which rows a report shows; an empty set means no restriction."""

    model_config = ConfigDict(frozen=True)

    tiers: frozenset[str] = frozenset()
    min_score: float | None = None
    state: StateFilter = "all"
    outcomes: frozenset[str] = Field(
        default=frozenset(), description="Outcome states or verdicts; 'none' matches rows without an outcome."
    )

    def accepts(self, row: PortfolioRow) -> bool:
        """Return whether the row passes every condition."""
        if self.tiers and row.tier not in self.tiers:
            return False
        if self.min_score is not None and row.score < self.min_score:
            return False
        if self.state != "all" and row.state.value != self.state:
            return False
        if self.outcomes:
            seen = {row.outcome_state or NO_OUTCOME}
            if row.verdict:
                seen.add(row.verdict)
            return bool(seen & self.outcomes)
        return True


def _customer_arr(items: Iterable[Evidence], customers: Sequence[str]) -> dict[str, dict[str, float]]:
    # A customer's ARR cited on several items is the same revenue, so take the largest, never the sum.
    names = {customer_key(name): name for name in customers}
    result: dict[str, dict[str, float]] = {name: {} for name in customers}
    for item in items:
        name = names.get(customer_key(display_name(item.customer))) if item.customer else None
        if name is None or item.arr is None or item.arr.amount <= 0:
            continue
        code = item.arr.currency.upper()
        result[name][code] = max(result[name].get(code, 0.0), item.arr.amount)
    return result


def cited_currencies(rows: Iterable[PortfolioRow]) -> frozenset[str]:
    """Return every currency ARR is cited in across the rows."""
    return frozenset(code for row in rows for code in row.arr)


def convert_rows(rows: Iterable[PortfolioRow], *, currency: str, rates: Mapping[str, float]) -> list[PortfolioRow]:
    """Return the rows with their ARR converted into `currency`; MissingRates when a cited currency has no rate."""
    return [
        row.model_copy(
            update={"currency": currency, "arr_converted": converted(row.arr, currency=currency, rates=rates)}
        )
        for row in rows
    ]


def _number(value: float | None) -> str:
    return "?" if value is None else figure(value)


def metric_summary(metric: SuccessMetric | None) -> str:
    """Return a one-line summary of a success metric: name, baseline → target, window."""
    if metric is None or not metric.name:
        return ""
    unit = f" {metric.unit}" if metric.unit else ""
    text = f"{metric.name}: {_number(metric.baseline)} → {_number(metric.target)}{unit}"
    if metric.window_days:
        text += f" in {metric.window_days}d"
    elif metric.window_until:
        text += f" by {metric.window_until.isoformat()}"
    return text


def build_row(
    ticket: Ticket,
    assessment: Assessment,
    outcome: OutcomeRecord | None = None,
    *,
    framed_at: dt.datetime | None = None,
) -> PortfolioRow:
    """Return the portfolio row of an assessed ticket, its ARR per currency (convert_rows converts it)."""
    frame, score = assessment.frame, assessment.score
    arr = dict(score.total_arr)
    return PortfolioRow(
        tracker=ticket.ref.tracker,
        container=ticket.ref.container,
        key=ticket.ref.key,
        title=ticket.title,
        url=ticket.url,
        state=ticket.state,
        complete=frame.complete,
        missing=tuple(frame.missing),
        score=float(score.score),
        tier=score.tier.value,
        customers=tuple(score.customers),
        arr=arr,
        customer_arr=_customer_arr(frame.evidence, score.customers),
        metric=metric_summary(frame.metric),
        outcome_state=outcome.state.value if outcome else None,
        verdict=outcome.verdict.value if outcome and outcome.verdict else None,
        framed_at=framed_at if frame.complete else None,
        shipped_at=outcome.shipped_at if outcome else None,
        due=outcome.due_at if outcome else None,
        measured_at=outcome.measurements[-1].measured_at if outcome and outcome.measurements else None,
        reviewed_at=outcome.reviewed_at if outcome else None,
    )


def build_rows(
    tickets: Iterable[Ticket],
    *,
    policy: Policy,
    today: dt.date,
    outcomes: Mapping[TicketRef, OutcomeRecord] | None = None,
    framed_at: Mapping[str, dt.datetime] | None = None,
) -> list[PortfolioRow]:
    """Assess every ticket the policy covers and return its row; `framed_at` is keyed by ticket key."""
    outcomes, framed_at = outcomes or {}, framed_at or {}
    return [
        build_row(
            ticket, assess(ticket, policy=policy, today=today), outcomes.get(ticket.ref),
            framed_at=framed_at.get(ticket.ref.key),
        )
        for ticket in tickets
        if not is_exempt(ticket, policy=policy)
    ]


def sort_rows(rows: Iterable[PortfolioRow]) -> list[PortfolioRow]:
    """Return rows by evidence score, strongest first, then by ticket number."""
    return sorted(rows, key=lambda r: (-r.score, r.container, r.number if r.number is not None else -1, r.key))


def select(rows: Iterable[PortfolioRow], row_filter: RowFilter) -> list[PortfolioRow]:
    """Return the rows the filter accepts, in portfolio order."""
    return sort_rows(row for row in rows if row_filter.accepts(row))


_SHIPPED = frozenset({"pending", "review", "reviewed", "skipped"})


def by_customer(
    rows: Iterable[PortfolioRow], *, currency: str | None = None, rates: Mapping[str, float] | None = None
) -> list[CustomerRow]:
    """Return one row per customer: their tickets, summed evidence score and largest ARR cited per currency.

    With `currency`, each customer's ARR is also converted into it (MissingRates when a rate is missing).
    """
    names: dict[str, str] = {}
    tickets: dict[str, list[PortfolioRow]] = {}
    arr: dict[str, dict[str, float]] = {}
    for row in sort_rows(rows):
        for name in row.customers:
            key = customer_key(name)
            names.setdefault(key, name)
            tickets.setdefault(key, []).append(row)
            amounts = arr.setdefault(key, {})
            for code, amount in row.customer_arr.get(name, {}).items():
                amounts[code] = max(amounts.get(code, 0.0), amount)
    result = [
        CustomerRow(
            customer=name,
            tickets=tuple(ticket_label(r) for r in tickets[key]),
            total_score=sum(r.score for r in tickets[key]),
            arr=arr[key],
            currency=currency,
            arr_converted=None if currency is None else converted(arr[key], currency=currency, rates=rates or {}),
            shipped=tuple(
                f"{ticket_label(r)} {r.verdict or r.outcome_state}" for r in tickets[key]
                if r.outcome_state in _SHIPPED
            ),
        )
        for key, name in names.items()
    ]
    return sorted(result, key=lambda c: (-c.total_score, -(c.arr_converted or 0.0), c.customer.casefold()))


def ticket_label(row: PortfolioRow) -> str:
    """Return how a ticket is named in a report: '#12' on GitHub, the issue key on Jira."""
    return f"#{row.key}" if row.tracker == "github" else row.key
