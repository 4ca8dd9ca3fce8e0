"""Writing the sticky comment: marked, fitted, created once and then edited in place only when its text changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from integration.sticky.find import find_sticky, same_text
from integration.sticky.fit import fit
from integration.sticky.style import StickyStyle

C = TypeVar("C")


class Thread(Protocol[C]):
    """One ticket's comments, as a tracker package reaches them."""

    def comments(self) -> Sequence[C]:
        """Return every comment of the ticket, oldest first."""
        ...

    def author(self, comment: C) -> str | None:
        """Return the login of a comment's author."""
        ...

    def text(self, comment: C) -> str:
        """Return a comment's body as text."""
        ...

    def create(self, body: str) -> None:
        """Post a new comment."""
        ...

    def edit(self, comment: C, body: str) -> None:
        """Replace a comment's body."""
        ...


def with_marker(body: str, style: StickyStyle) -> str:
    """Return the body beginning with the tracker's marker (replacing another marker it still recognises)."""
    head, _, rest = body.partition("\n")
    if head.strip() in (style.marker, *style.also_markers):
        return f"{style.marker}\n{rest}"
    return f"{style.marker}\n{body}"


def sticky_text(body: str, style: StickyStyle) -> str:
    """Return the sticky comment exactly as the tracker is sent it: marked, then fitted to the limit."""
    return fit(with_marker(body, style), style)


def upsert_sticky(thread: Thread[C], body: str, *, login: str, style: StickyStyle) -> None:
    """Create the service's sticky comment on the thread, or edit it in place when its text changed."""
    text = sticky_text(body, style)
    mine = find_sticky(thread.comments(), login=login, style=style, author=thread.author, text=thread.text)
    if mine is None:
        thread.create(text)
    elif not same_text(thread.text(mine), text):
        thread.edit(mine, text)


def same_sticky_body(held: str, wanted: str, style: StickyStyle) -> bool:
    """Tell whether a stored sticky comment already says what a rendered one would be written as."""
    return same_text(held, sticky_text(wanted, style))
