"""A figure read from a sentence that speaks for customers."""

from __future__ import annotations

from typing import NamedTuple

from problemframe.model import EvidenceKind


class Signal(NamedTuple):
    """A figure in a sentence that speaks for customers: how many, of what kind, and the words it was read from."""

    figure: int
    kind: EvidenceKind
    text: str
    reports: int = 0
    """How many of the figure are other people's reports of the same problem: linked duplicates, confirmations."""
