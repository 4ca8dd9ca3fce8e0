"""The outcome tests' clock, ticket, metric and policy; steps that close a ticket, run a command, read actions."""

from __future__ import annotations

import datetime as dt

from problemframe.actions import PostComment, SetLabels
from problemframe.commands import parse_commands
from problemframe.events import CloseReason, Permission, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import OutcomeRecord, on_closed, on_command
from problemframe.policy import Policy

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
REF = TicketRef(tracker="github", container="acme/app", key="42")
JIRA = TicketRef(tracker="jira", container="PROJ", key="PROJ-7")
METRIC = SuccessMetric(
    name="weekly exports", baseline=100, target=200, direction=Direction.INCREASE, window_days=14,
    source="prometheus prod: sum(increase(export_jobs_total[7d]))",
)
POLICY = Policy()


def close(record: OutcomeRecord | None, *, reason: CloseReason | None = CloseReason.COMPLETED,
          complete: bool = True, policy: Policy = POLICY, ref: TicketRef = REF):
    return on_closed(record, frame_complete=complete, metric=METRIC, close_reason=reason, policy=policy,
                     now=NOW, ref=ref)


def pending() -> OutcomeRecord:
    record, _ = close(None)
    assert record is not None
    return record


def command(record: OutcomeRecord, body: str, *, permission: Permission = Permission.WRITE,
            at: dt.datetime = NOW, policy: Policy = POLICY):
    [parsed] = parse_commands(body)
    return on_command(record, parsed, permission=permission, actor="alice", now=at, policy=policy)


def comments(actions: list) -> list[str]:
    return [a.body for a in actions if isinstance(a, PostComment)]


def labels(actions: list) -> frozenset[str]:
    [set_labels] = [a for a in actions if isinstance(a, SetLabels)]
    assert "outcome-pending" in set_labels.managed and "outcome-met" in set_labels.managed
    return set_labels.wanted
