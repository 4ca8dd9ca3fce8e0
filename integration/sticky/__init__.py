"""The sticky comment every tracker keeps on a ticket: found by marker and author, fitted, edited in place.

A tracker package supplies only its `StickyStyle` (marker, size limit, list syntax) and a `Thread` (its calls).
"""

from integration.sticky.find import find_sticky, has_first_line, has_marker, is_sticky, same_text
from integration.sticky.fit import fit
from integration.sticky.style import StickyStyle
from integration.sticky.upsert import Thread, same_sticky_body, upsert_sticky, with_marker

__all__ = [
    "StickyStyle",
    "Thread",
    "find_sticky",
    "fit",
    "has_first_line",
    "has_marker",
    "is_sticky",
    "same_sticky_body",
    "same_text",
    "upsert_sticky",
    "with_marker",
]
