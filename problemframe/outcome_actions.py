"""Actions the outcome transitions share: outcome labels, closing, reopening, and moving to review."""

from __future__ import annotations

from problemframe.actions import Action, Close, PostComment, Reopen, SetLabels, Transition
from problemframe.events import CloseReason, TicketRef
from problemframe.outcome_record import OPEN_STATES, Measurement, OutcomeRecord, OutcomeState
from problemframe.policy import Policy
from problemframe.render_outcome import render_results
from problemframe.verdict import Verdict, VerdictResult, verdict


def outcome_labels(ref: TicketRef, policy: Policy, *wanted: str) -> SetLabels:
    """Set the outcome labels to `wanted`, removing the other outcome labels."""
    names = (*(state.value for state in OPEN_STATES), *(v.value for v in Verdict))
    managed = frozenset(policy.labels.outcome(name) for name in names)
    return SetLabels(ref=ref, wanted=frozenset(policy.labels.outcome(w) for w in wanted), managed=managed)


def close_ticket(ref: TicketRef, policy: Policy) -> Action:
    """Close a GitHub issue as completed, or move a Jira issue to the done status."""
    if ref.tracker == "jira":
        return Transition(ref=ref, status=policy.outcome.done_status)
    return Close(ref=ref, reason=CloseReason.COMPLETED)


def reopen_ticket(ref: TicketRef, policy: Policy) -> Action:
    """Reopen a GitHub issue, or move a Jira issue to the review status when one is configured."""
    if ref.tracker == "jira" and policy.outcome.review_status:
        return Transition(ref=ref, status=policy.outcome.review_status)
    return Reopen(ref=ref)


def to_review(
    record: OutcomeRecord, new: Measurement | None, *, policy: Policy, how: str, failure: str | None = None
) -> tuple[OutcomeRecord, list[Action]]:
    """Store a measurement, suggest a verdict, post the results, and wait for the review."""
    measurements = record.measurements + ((new,) if new is not None else ())
    moved = record.model_copy(update={"measurements": measurements, "state": OutcomeState.REVIEW})
    observed = moved.latest_value()
    if observed is None and failure is not None:
        result = VerdictResult(verdict=Verdict.INCONCLUSIVE, explanation=f"Measuring failed: {failure}")
    else:
        result = verdict(moved.metric, observed, partial_share=policy.outcome.partial_share)
    moved = moved.model_copy(update={"suggested": result.verdict})
    # Idempotent writes first: if the tracker fails midway, a retry cannot post the comment twice.
    return moved, [
        outcome_labels(record.ref, policy, OutcomeState.REVIEW.value),
        PostComment(ref=record.ref, body=render_results(moved, result, measured_how=how)),
    ]
