"""Read a delivery's body as bounded JSON: UTF-8, nesting depth, integer size and lone surrogates all limited.

Python's json module recurses once per nesting level, refuses integers past 4,300 digits with a ValueError and
accepts `\\ud800` escapes that no database will store as text. Each limit here turns one of those into a reason
the door can answer with 400, before anything reaches the inbox or the worker.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects a delivery may have (real ones stay under 20, ADF included)."""
MAX_INT_DIGITS = 40
"""Longest integer literal (ids and epoch milliseconds have under 20 digits)."""

# A lone surrogate can only come from a \uD800-\uDFFF escape (UTF-8 itself cannot carry one, decoded strictly):
# a high one not followed by a low one, or a low one not preceded by a high one. Only an escaped backslash right
# before such a "u" could fool those two, so that is flagged too: the pattern decides whether the strings are
# checked one by one, and the check decides. Every branch starts with the backslash, which keeps the search fast.
_LONE_SURROGATE_ESCAPE = re.compile(
    rb"\\(?:u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\)u[dD][c-fC-F]"
    rb"|\\u[dD][89a-fA-F])"
)
_LARGEST_INT = 10**MAX_INT_DIGITS - 1
_CONTAINERS = (dict, list)


class PayloadError(ValueError):
    """The body is not JSON the service will read; the message says why, in one line."""


def _no_constant(name: str) -> Any:
    raise PayloadError(f"{name} is not JSON")


def _check_tree(value: Any) -> None:
    """Walk the parsed value level by level, without recursion: refuse deep nesting and long integers."""
    level: list[Any] = [value]
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                kind = type(child)
                if kind in _CONTAINERS:
                    below.append(child)
                elif kind is int and not -_LARGEST_INT <= child <= _LARGEST_INT:
                    raise PayloadError(f"an integer has more than {MAX_INT_DIGITS} digits")
        if not below:
            return
        level = below
    raise PayloadError(f"nested deeper than {MAX_DEPTH} levels")


def _check_strings(value: Any) -> None:
    """Refuse a string (key or value) that holds a lone surrogate."""
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for key in node:
                _check_string(key)
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
        elif type(node) is str:
            _check_string(node)


def _check_string(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError("a string holds a lone UTF-16 surrogate") from None


def read_payload(body: bytes) -> Any:
    """Parse a delivery's body; raise PayloadError with the reason when it is not bounded, valid UTF-8 JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PayloadError(f"body is not UTF-8 (byte {error.start})") from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except PayloadError:
        raise
    except json.JSONDecodeError as error:
        raise PayloadError(f"body is not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise PayloadError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:  # Python's own limit on the digits of an integer (4,300)
        raise PayloadError(f"an integer has more than {MAX_INT_DIGITS} digits") from None
    if type(value) in _CONTAINERS:
        _check_tree(value)
    elif type(value) is int and not -_LARGEST_INT <= value <= _LARGEST_INT:
        raise PayloadError(f"an integer has more than {MAX_INT_DIGITS} digits")
    if b"\\u" in body and _LONE_SURROGATE_ESCAPE.search(body) is not None:
        _check_strings(value)
    return value
