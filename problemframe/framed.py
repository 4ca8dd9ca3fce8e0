"""Which tickets a decision judged complete: the framing labels it sets carry no `needs-framing`. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from problemframe.actions import Action, SetLabels
from problemframe.events import TicketRef
from problemframe.policy import Labels


def judged_complete(actions: Iterable[Action], *, labels: Labels) -> frozenset[TicketRef]:
    """Return the tickets whose framing labels the actions set without `needs-framing` (their frame is complete)."""
    complete: set[TicketRef] = set()
    for action in actions:
        if isinstance(action, SetLabels) and labels.needs_framing in action.managed:
            if labels.needs_framing in action.wanted:
                complete.discard(action.ref)
            else:
                complete.add(action.ref)
    return frozenset(complete)
