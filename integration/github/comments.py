"""The sticky comment: its marker, how the service recognises its own, and GitHub's size limit."""

from __future__ import annotations

from integration.tracker import PermanentTrackerError
from problemframe.render_markup import GITHUB_COMMENT_LIMIT, MARKER

# https://docs.github.com/rest/issues/comments#create-an-issue-comment (bodies over 65536 characters are refused)
MAX_COMMENT_CHARS = GITHUB_COMMENT_LIMIT


def with_marker(body: str) -> str:
    """Return the body starting with the marker."""
    return body if body.startswith(MARKER) else f"{MARKER}\n{body}"


def is_sticky(body: str, author: str, *, login: str) -> bool:
    """Return whether a comment is the service's sticky one: marker first AND written by the service itself.

    Anyone can paste the marker; only the service can comment as its own account.
    """
    return body.startswith(MARKER) and author == login


def same_text(a: str, b: str) -> bool:
    """Return whether two comment bodies say the same (line endings and trailing space aside)."""
    # GitHub stores comment bodies as sent, but the web editor and some clients switch line endings.
    return a.replace("\r\n", "\n").rstrip() == b.replace("\r\n", "\n").rstrip()


def check_length(where: object, body: str) -> None:
    """Refuse a body GitHub would refuse, before spending a request on it."""
    if len(body) > MAX_COMMENT_CHARS:
        raise PermanentTrackerError(f"{where}: a comment of {len(body)} characters exceeds {MAX_COMMENT_CHARS}")
