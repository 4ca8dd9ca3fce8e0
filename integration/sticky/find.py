"""Finding the sticky comment: its marker on the first line AND the service's own account as its author."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from integration.sticky.style import StickyStyle

C = TypeVar("C")


def first_line(body: str) -> str:
    """Return a body's first non-blank line, stripped."""
    return body.lstrip().split("\n", 1)[0].strip()


def has_marker(body: str, style: StickyStyle) -> bool:
    """Return whether a comment body begins with the tracker's sticky marker (or one it still recognises)."""
    return first_line(body) in (style.marker, *style.also_markers)


def is_sticky(body: str, author: str | None, *, login: str, style: StickyStyle) -> bool:
    """Return whether a comment is the service's sticky one: marker first AND written by the service itself.

    Anyone can paste the marker; only the service can comment as its own account.
    """
    return author == login and has_marker(body, style)


def find_sticky(
    comments: Iterable[C],
    *,
    login: str,
    style: StickyStyle,
    author: Callable[[C], str | None],
    text: Callable[[C], str],
) -> C | None:
    """Return the first comment that is the service's sticky one, or None."""
    return next((c for c in comments if is_sticky(text(c), author(c), login=login, style=style)), None)


def has_first_line(
    comments: Iterable[C], first: str, *, login: str, author: Callable[[C], str | None], text: Callable[[C], str]
) -> bool:
    """Return whether the service left a comment whose first line is `first` (a reply it must not repeat)."""
    return any(author(c) == login and text(c).split("\n", 1)[0] == first for c in comments)


def same_text(a: str, b: str) -> bool:
    """Return whether two comment bodies say the same (line endings and trailing space aside)."""
    # Trackers store bodies as sent, but web editors and some clients switch line endings.
    return a.replace("\r\n", "\n").rstrip() == b.replace("\r\n", "\n").rstrip()
