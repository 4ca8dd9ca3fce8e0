"""The scorecard: did framing happen, was shipped work reviewed, what worked, and did the evidence predict it. Pure."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from problemframe.decide import assess, is_exempt
from problemframe.events import Ticket, TicketRef
from problemframe.evidence import Tier
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.policy import Policy
from problemframe.weights import WeightAdvice, advise, signal_points

VERDICTS = ("met", "partial", "missed", "inconclusive", "skipped")
TIERS = tuple(tier.value for tier in Tier)
PREDICTIVE = frozenset({"met", "partial", "missed"})  # inconclusive and skipped say nothing about the evidence


class TicketFacts(BaseModel):
    """One ticket as the scorecard counts it."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str = ""
    url: str | None = None
    opened_at: dt.datetime | None = None
    framed_at: dt.datetime | None = Field(default=None, description="When the service first judged it complete.")
    complete: bool = False
    score: float = 0.0
    tier: str = "none"
    shipped_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    verdict: str | None = Field(default=None, description="met, partial, missed, inconclusive or skipped.")
    signals: dict[str, float] = Field(default_factory=dict, description="Points per evidence signal group.")


def _verdict(record: OutcomeRecord) -> str | None:
    if record.state is OutcomeState.SKIPPED:
        return "skipped"
    if record.state is OutcomeState.REVIEWED and record.verdict is not None:
        return record.verdict.value
    return None


def ticket_facts(
    tickets: Iterable[Ticket],
    *,
    policy: Policy,
    today: dt.date,
    outcomes: Mapping[TicketRef, OutcomeRecord],
    opened_at: Mapping[str, dt.datetime],
    framed_at: Mapping[TicketRef, dt.datetime],
) -> list[TicketFacts]:
    """Assess every ticket the policy covers and join what the store knows of its framing and outcome."""
    facts = []
    for ticket in tickets:
        if is_exempt(ticket, policy=policy):
            continue
        assessment = assess(ticket, policy=policy, today=today)
        record = outcomes.get(ticket.ref)
        shipped = record is not None and record.shipped_at is not None and record.state is not OutcomeState.CLOSED
        verdict = _verdict(record) if record is not None else None
        reviewed_at = None
        if record is not None and verdict is not None:
            reviewed_at = record.reviewed_at
        facts.append(TicketFacts(
            key=ticket.ref.key, title=ticket.title, url=ticket.url, opened_at=opened_at.get(ticket.ref.key),
            framed_at=framed_at.get(ticket.ref), complete=assessment.frame.complete,
            score=float(assessment.score.score), tier=assessment.score.tier.value,
            shipped_at=record.shipped_at if shipped and record is not None else None,
            reviewed_at=reviewed_at, verdict=verdict,
            signals=signal_points(assessment.frame.evidence, weights=policy.evidence.weights,
                                  tiers=policy.evidence.tiers, today=today) if verdict in PREDICTIVE else {},
        ))
    return facts


class PortfolioPoint(BaseModel):
    """A ticket on the portfolio chart."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    url: str | None
    score: float
    tier: str
    verdict: str | None


class Scorecard(BaseModel):
    """The team-level answer to "did it work?" for one repository or project."""

    model_config = ConfigDict(frozen=True)

    tracker: str
    container: str
    since: dt.date | None
    until: dt.date
    tickets: int = Field(description="Tickets the policy covers, opened since `since`.")
    framed: int = Field(description="Of those, tickets whose frame is complete now.")
    framed_share: float | None
    median_days_to_framed: float | None = Field(description="Opened to first judged complete, in days.")
    shipped: int = Field(description="Tickets shipped since `since` (closed as completed with a framed metric).")
    reviewed: int = Field(description="Of those, tickets with an outcome review (a verdict or a skip).")
    reviewed_share: float | None
    met_share: float | None = Field(description="Share of the reviewed, shipped tickets whose target was met.")
    median_days_ship_to_review: float | None
    verdicts: dict[str, int]
    tier_vs_verdict: dict[str, dict[str, int]]
    met_rate_by_tier: dict[str, float | None] = Field(description="Met / (met + partial + missed) per tier.")
    verdicts_by_month: dict[str, dict[str, int]]
    portfolio: list[PortfolioPoint]
    weights: WeightAdvice


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(pairs: Iterable[tuple[dt.datetime | None, dt.datetime | None]]) -> float | None:
    spans = [max((end - start).total_seconds(), 0.0) / 86400 for start, end in pairs if start and end]
    return round(statistics.median(spans), 2) if spans else None


def _on_or_after(moment: dt.datetime | None, since: dt.date | None) -> bool:
    return since is None or (moment is not None and moment.date() >= since)


def build_scorecard(
    facts: Sequence[TicketFacts], *, tracker: str, container: str, policy: Policy, today: dt.date,
    since: dt.date | None = None, suggest_weights: bool = True,
) -> Scorecard:
    """Compute the scorecard over tickets opened (for framing) and shipped (for outcomes) since `since`."""
    opened = [f for f in facts if f.opened_at is None or _on_or_after(f.opened_at, since)]
    framed = [f for f in opened if f.complete]
    shipped = [f for f in facts if f.shipped_at is not None and _on_or_after(f.shipped_at, since)]
    reviewed = [f for f in shipped if f.verdict is not None]
    verdicts = {v: sum(1 for f in reviewed if f.verdict == v) for v in VERDICTS}
    table = {t: {v: sum(1 for f in reviewed if f.tier == t and f.verdict == v) for v in VERDICTS} for t in TIERS}
    rates: dict[str, float | None] = {
        t: _share(row["met"], row["met"] + row["partial"] + row["missed"]) for t, row in table.items()
    }
    months: dict[str, dict[str, int]] = {}
    for f in sorted(reviewed, key=lambda f: f.reviewed_at or f.shipped_at or dt.datetime.min.replace(tzinfo=dt.UTC)):
        when = f.reviewed_at or f.shipped_at
        assert when is not None and f.verdict is not None
        month = months.setdefault(f"{when:%Y-%m}", dict.fromkeys(VERDICTS, 0))
        month[f.verdict] += 1
    predictive = [f for f in reviewed if f.verdict in PREDICTIVE]
    advice = advise(
        [f.signals for f in predictive], [f.score for f in predictive], [f.verdict == "met" for f in predictive],
        weights=policy.evidence.weights,
    ) if suggest_weights else WeightAdvice(reviewed=len(predictive), reason="not asked for")
    points = [PortfolioPoint(key=f.key, title=f.title, url=f.url, score=f.score, tier=f.tier, verdict=f.verdict)
              for f in sorted(opened, key=lambda f: (-f.score, f.key))]
    return Scorecard(
        tracker=tracker, container=container, since=since, until=today,
        tickets=len(opened), framed=len(framed), framed_share=_share(len(framed), len(opened)),
        median_days_to_framed=_days((f.opened_at, f.framed_at) for f in opened),
        shipped=len(shipped), reviewed=len(reviewed), reviewed_share=_share(len(reviewed), len(shipped)),
        met_share=_share(verdicts["met"], len(reviewed)),
        median_days_ship_to_review=_days((f.shipped_at, f.reviewed_at) for f in reviewed),
        verdicts=verdicts, tier_vs_verdict=table, met_rate_by_tier=rates, verdicts_by_month=months,
        portfolio=points, weights=advice,
    )
