"""Read a ticket body as the service would on 2026-12-01, and the tier its evidence scores."""

from __future__ import annotations

import datetime as dt

from problemframe.evidence import score_evidence
from problemframe.model import ProblemFrame
from problemframe.parse import parse_ticket
from problemframe.policy import Policy

TODAY = dt.date(2026, 12, 1)
POLICY = Policy()
PROBLEM = "## Problem\n\nDispatchers re-key every load by hand, which takes four minutes and causes missed pickups.\n\n"


def read(text: str, *, labels: frozenset[str] = frozenset()) -> ProblemFrame:
    return parse_ticket(text, today=TODAY, labels=set(labels))


def tier(frame: ProblemFrame) -> str:
    score = score_evidence(frame.evidence, weights=POLICY.evidence.weights, tiers=POLICY.evidence.tiers, today=TODAY)
    return score.tier.value


def reasons(frame: ProblemFrame) -> list[str]:
    """Return the lines the evidence score adds up from ('a user's own report, confirmed by 2 others')."""
    score = score_evidence(frame.evidence, weights=POLICY.evidence.weights, tiers=POLICY.evidence.tiers, today=TODAY)
    return [line.reason for line in score.breakdown]


def read_after_problem(text: str) -> ProblemFrame:
    """Read text placed after a stated problem, so that only what it says of customers is judged."""
    return parse_ticket(PROBLEM + text, today=TODAY)


def customers(frame: ProblemFrame) -> list[str | None]:
    return [item.customer for item in frame.evidence]
