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

# A lone surrogate can only come from a \uD800-\uDFFF escape: UTF-8 itself cannot carry one (decoded strictly).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class PayloadError(ValueError):
    """The body is not JSON the service will read; the message says why, in one line."""


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise PayloadError(f"an integer has more than {MAX_INT_DIGITS} digits")
    return int(digits)


def _no_constant(name: str) -> Any:
    raise PayloadError(f"{name} is not JSON")


def _check_tree(value: Any, *, strings: bool) -> None:
    """Walk the parsed value without recursion: refuse deep nesting and, when asked, unencodable strings."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_string(node)
            continue
        if depth > MAX_DEPTH:
            raise PayloadError(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, dict):
            if strings:
                for key in node:
                    _check_string(key)
            children: Any = node.values()
        else:
            children = node
        for child in children:
            if isinstance(child, dict | list) or (strings and isinstance(child, str)):
                stack.append((child, depth + 1))


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
        value = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except PayloadError:
        raise
    except json.JSONDecodeError as error:
        raise PayloadError(f"body is not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise PayloadError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # a number the float parser refuses
        raise PayloadError(f"body is not JSON: {error}") from None
    if isinstance(value, dict | list):
        _check_tree(value, strings=_SURROGATE_ESCAPE.search(body) is not None)
    elif isinstance(value, str):
        _check_string(value)
    return value
