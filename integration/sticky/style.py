"""What a tracker tells the sticky comment about itself: its marker, its size limit, how its lists look."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StickyStyle:
    """One tracker's sticky comment conventions."""

    marker: str
    """The first line of the sticky comment, invisible when rendered."""
    limit: int
    """The most characters the tracker keeps (or accepts) in one comment."""
    list_item: re.Pattern[str]
    """A line that is a list item in the tracker's markup; group 1 is its bullet, reused for "… and N more"."""
    also_markers: tuple[str, ...] = ()
    """Markers of older or other renderings still recognised as the service's sticky comment."""
