"""Wording shared by the trackers' credential probes (each kind's `probe`): one line of what went wrong."""

from __future__ import annotations


def first_line(text: str) -> str:
    """Return the first non-empty line of a message."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def cause(error: BaseException) -> str:
    """Return the innermost reason of a connection error, on one line."""
    # requests wraps urllib3's error, which wraps the socket's: the innermost says what happened.
    inner: BaseException = error
    while inner.__context__ is not None and inner.__context__ is not inner:
        inner = inner.__context__
    text = first_line(str(inner)) or type(inner).__name__
    return text[:200]
