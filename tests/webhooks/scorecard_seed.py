"""Seed 500 tickets across every framing and outcome state, and say what a scorecard over them must show."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from integration.store import Store
from problemframe.events import TicketRef
from problemframe.model import SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.verdict import Verdict
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import kind_of, seed_github

REPO = "acme/app"
COUNT = 500
TIER_OF_KIND = {"strong": "strong", "moderate": "moderate", "weak": "weak", "unframed": "none"}
# The outcome each complete ticket is given, in turn: every state a record can be in.
OUTCOME_CYCLE = ("met", "missed", "pending", "partial", "review", "inconclusive", "skipped", "closed", "framed",
                 "met", "none")


@dataclass
class Seeded:
    """What was seeded, kept by the test to compute the expected figures on its own."""

    now: dt.datetime
    opened: dict[int, dt.datetime] = field(default_factory=dict)
    framed: dict[int, dt.datetime] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    outcomes: dict[int, str] = field(default_factory=dict)
    shipped: dict[int, dt.datetime] = field(default_factory=dict)
    reviewed: dict[int, dt.datetime] = field(default_factory=dict)

    def expected(self, since: dt.date | None = None) -> dict[str, object]:
        """Return the scorecard's figures computed from the seed alone."""
        def after(moment: dt.datetime) -> bool:
            return since is None or moment.date() >= since

        covered = [n for n, kind in self.kinds.items() if kind != "exempt" and after(self.opened[n])]
        framed = [n for n in covered if self.kinds[n] in ("strong", "moderate")]
        spans = [(self.framed[n] - self.opened[n]).total_seconds() / 86400 for n in covered if n in self.framed]
        shipped = [n for n, when in self.shipped.items() if after(when)]
        reviewed = [n for n in shipped if n in self.reviewed]
        verdicts = Counter(self.outcomes[n] for n in reviewed)
        tiers = Counter((TIER_OF_KIND[self.kinds[n]], self.outcomes[n]) for n in reviewed)
        review_spans = [(self.reviewed[n] - self.shipped[n]).total_seconds() / 86400 for n in reviewed]
        return {
            "tickets": len(covered), "framed": len(framed), "framed_share": round(len(framed) / len(covered), 4),
            "median_days_to_framed": round(statistics.median(spans), 2),
            "shipped": len(shipped), "reviewed": len(reviewed),
            "reviewed_share": round(len(reviewed) / len(shipped), 4),
            "met_share": round(verdicts["met"] / len(reviewed), 4),
            "median_days_ship_to_review": round(statistics.median(review_spans), 2),
            "verdicts": {v: verdicts[v] for v in ("met", "partial", "missed", "inconclusive", "skipped")},
            "tier_met": {t: tiers[(t, "met")] for t in TIER_OF_KIND.values()},
        }


def seed_scorecard(fake: FakeGitHub, store: Store, *, now: dt.datetime) -> Seeded:
    """Create 500 issues (a fifth each strong, moderate, weak, unframed, exempt), their outcomes and framing times."""
    fake.add_repo(REPO)
    seed_github(fake, REPO, COUNT, today=now.date(), closed_every=3)
    seeded = Seeded(now=now)
    metric = SuccessMetric(name="weekly active exporters", baseline=1200, target=1500, window_days=30)
    for number in range(1, COUNT + 1):
        index = number - 1
        kind = kind_of(index)
        opened = now - dt.timedelta(days=400 - index * 0.75, hours=index % 7)
        fake.issue(REPO, number).created_at = opened.timestamp()
        seeded.opened[number], seeded.kinds[number] = opened, kind
        ref = TicketRef(tracker="github", container=REPO, key=str(number))
        if kind not in ("strong", "moderate"):
            continue
        framed = opened + dt.timedelta(hours=3 + (index % 11) * 5)
        store.tickets.record_applied(ref, updated_at=None, now=framed, framed=True)
        seeded.framed[number] = framed
        outcome = OUTCOME_CYCLE[(index // 5) % len(OUTCOME_CYCLE)]
        # Strong evidence meets its target more often: every other strong "missed" becomes "met".
        if kind == "strong" and outcome == "missed" and index % 2 == 0:
            outcome = "met"
        if outcome == "none":
            continue
        shipped = framed + dt.timedelta(days=5 + index % 13)
        record = OutcomeRecord(ref=ref, metric=metric, state=OutcomeState.FRAMED)
        if outcome != "framed":
            record = record.model_copy(update={"shipped_at": shipped, "due_at": shipped + dt.timedelta(days=30)})
        state = {"pending": OutcomeState.PENDING, "review": OutcomeState.REVIEW, "closed": OutcomeState.CLOSED,
                 "skipped": OutcomeState.SKIPPED, "framed": OutcomeState.FRAMED}.get(outcome, OutcomeState.REVIEWED)
        record = record.model_copy(update={"state": state})
        if state in (OutcomeState.REVIEWED, OutcomeState.SKIPPED):
            reviewed = shipped + dt.timedelta(days=30 + index % 17)
            record = record.model_copy(update={
                "reviewed_at": reviewed, "verdict": Verdict(outcome) if outcome != "skipped" else None,
                "skip_reason": "no data" if outcome == "skipped" else None})
            seeded.reviewed[number] = reviewed
        if state not in (OutcomeState.FRAMED, OutcomeState.CLOSED):
            seeded.shipped[number] = shipped
        seeded.outcomes[number] = outcome
        store.outcomes.save(record, expected=None, now=framed)
    return seeded
