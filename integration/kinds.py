"""The registry of tracker kinds: each kind is one package behind the `TrackerKind` contract (tracker_kind.py).

A new tracker (GitLab, say) is a package `integration/gitlab/` whose `kind.py` implements `TrackerKind`, and one
entry here. Nothing outside the package knows its settings, its key format or how it connects.
"""

from __future__ import annotations

from integration.github.kind import GITHUB
from integration.jira.kind import JIRA
from integration.tracker import PermanentTrackerError
from integration.tracker_kind import TrackerKind

KINDS: dict[str, TrackerKind] = {kind.name: kind for kind in (GITHUB, JIRA)}
"""Tracker name -> kind, in the order allow-list entries are matched."""


def tracker_kind(name: str) -> TrackerKind:
    """Return the kind of tracker called `name`; PermanentTrackerError for one the service does not know."""
    kind = KINDS.get(name)
    if kind is None:
        raise PermanentTrackerError(f"unknown tracker {name!r}")
    return kind
