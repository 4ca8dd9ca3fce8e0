"""What backfill changes on one ticket: foreseen in a dry run, or as the tracker wrote it, in one line each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from integration.tracker import Written
from problemframe.actions import Action, SetLabels, UpsertComment
from problemframe.events import Ticket, TicketRef

CommentState = Literal["create", "update", "unchanged", "unknown"]
StickyReader = Callable[[TicketRef], str | None]
"""Return the body of a ticket's sticky comment as the tracker holds it, None when there is none."""
SameBody = Callable[[str, str], bool]
"""Tell whether a stored sticky body already says what a rendered one says (adapters may add a marker)."""


def identical(held: str, wanted: str) -> bool:
    """Tell whether two comment bodies are the same text."""
    return held == wanted


@dataclass(frozen=True)
class Plan:
    """What backfill would change on one ticket or, once applied, what the tracker wrote (`written`; with
    `dry_run`, what a tracker that only logs its writes would have written)."""

    ref: TicketRef
    title: str
    exempt: bool = False
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    comment: CommentState = "unknown"
    written: tuple[Written, ...] = ()
    dry_run: bool = False

    @property
    def changes(self) -> bool:
        """Return whether anything would be written, or was."""
        return bool(self.added or self.removed or self.comment in ("create", "update") or self.written)


class WriteLog:
    """The changes a tracker connection wrote, heard as it wrote them (pass it as the connection's `on_write`)."""

    def __init__(self) -> None:
        self._heard: list[Written] = []

    def __call__(self, written: Written) -> None:
        """Hear one change."""
        self._heard.append(written)

    def take(self) -> tuple[Written, ...]:
        """Return the changes heard since the last take, and forget them."""
        heard, self._heard = tuple(self._heard), []
        return heard


def plan_for(
    ticket: Ticket,
    actions: Sequence[Action],
    *,
    sticky: StickyReader | None = None,
    same_body: SameBody = identical,
) -> Plan:
    """Describe what the actions would change on the ticket as it stands."""
    added: set[str] = set()
    removed: set[str] = set()
    comment: CommentState = "unknown"
    for action in actions:
        if isinstance(action, SetLabels):
            added |= action.wanted - ticket.labels
            removed |= (action.managed & ticket.labels) - action.wanted
        elif isinstance(action, UpsertComment) and sticky is not None:
            held = sticky(ticket.ref)
            comment = "create" if held is None else "unchanged" if same_body(held, action.body) else "update"
    return Plan(
        ref=ticket.ref, title=ticket.title, added=tuple(sorted(added)), removed=tuple(sorted(removed)),
        comment=comment,
    )


def describe(plan: Plan) -> str:
    """Return one line saying what was written on a ticket or, in a dry run, what would change."""
    if plan.exempt:
        return f"{plan.ref}: left alone (policy exempts it)"
    if plan.written:
        line = f"{plan.ref}: {_written([change for change in plan.written if change.part != 'container'])}"
        return f"dry run: {line}" if plan.dry_run else line
    parts = []
    if plan.added:
        parts.append("add " + ", ".join(plan.added))
    if plan.removed:
        parts.append("remove " + ", ".join(plan.removed))
    if plan.comment in ("create", "update"):
        parts.append(f"{plan.comment} comment")
    return f"{plan.ref}: " + ("; ".join(parts) if parts else "already up to date")


def report(plan: Plan) -> list[str]:
    """Return the lines a run prints for a ticket: one for each change made to its repository or project on its way
    (a label created), then the ticket's own line (`describe`)."""
    mark = "dry run: " if plan.dry_run else ""
    made = [f"{mark}{plan.ref.container}: {change.change}" for change in plan.written if change.part == "container"]
    if made and len(made) == len(plan.written):
        return list(dict.fromkeys(made))
    return [*dict.fromkeys(made), describe(plan)]


def _written(written: Sequence[Written]) -> str:
    """Return the changes by part, in the order written: 'labels +evidence-strong; comment created'."""
    by_part: dict[str, list[str]] = {}
    for change in written:
        changes = by_part.setdefault(change.part, [])
        if change.change not in changes:  # a write retried after a lost answer is one change
            changes.append(change.change)
    return "; ".join(f"{part} {', '.join(changes)}" for part, changes in by_part.items())
