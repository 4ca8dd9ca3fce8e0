"""Order a delivery against the state already applied to its ticket, from the payload's `updated_at` alone.

GitHub's `updated_at` has whole seconds and deliveries arrive in any order, so two edits in one second cannot be
ordered by their payloads: then the ticket's current state is read from the tracker. One read serves every
delivery received before it, since the edits they describe had happened by then.
"""

from __future__ import annotations

import datetime as dt
import enum

from integration.store.tickets import Applied

READ_MARGIN = dt.timedelta(seconds=1)
"""How long before a tracker read a delivery must have arrived to count as covered (clocks of replicas differ)."""


class Order(enum.Enum):
    """Where a delivery stands against the applied state."""

    NEWER = "newer"  # apply the payload
    OLDER = "older"  # stale: newer state was applied already
    COVERED = "covered"  # same time as a state read from the tracker after this delivery arrived
    UNDECIDED = "undecided"  # same time, payloads cannot tell: read the ticket's current state


def order(applied: Applied | None, *, updated_at: dt.datetime | None, received_at: dt.datetime) -> Order:
    """Return where a delivery showing the ticket as of `updated_at`, received at `received_at`, stands."""
    if applied is None or applied.updated_at is None or updated_at is None or updated_at > applied.updated_at:
        return Order.NEWER
    if updated_at < applied.updated_at:
        return Order.OLDER
    if applied.read_at is not None and received_at <= applied.read_at - READ_MARGIN:
        return Order.COVERED
    return Order.UNDECIDED
