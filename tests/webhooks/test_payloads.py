"""Bounded JSON reading: depth, integer size, lone surrogates, UTF-8; the fast gates agree with the full checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webhooks.payloads import MAX_DEPTH, MAX_INT_DIGITS, PayloadError, read_payload


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested deeper"),
        (b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), "nested deeper"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"a": ' + b"7" * (MAX_INT_DIGITS + 1) + b"}", "digits"),
        (b'{"a": -' + b"7" * 5000 + b"}", "digits"),
        (b'{"a": "\\ud800"}', "surrogate"),
        (b'{"\\udc00": 1}', "surrogate"),
        (b'{"a": "\\\\ud800\\udc00"}', "surrogate"),  # an escaped backslash, then a lone low surrogate
        (b'{"a": NaN}', "NaN"),
        (b'{"a": "\xed\xa0\x80"}', "UTF-8"),  # a surrogate written as UTF-8 bytes
        (b"\xef\xbb\xbf{}", "not JSON"),
    ],
)
def test_what_is_refused_and_why(body: bytes, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        read_payload(body)


@pytest.mark.parametrize(
    ("body", "value"),
    [
        (b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, None),
        (b'{"a": ' + b"7" * MAX_INT_DIGITS + b"}", {"a": int("7" * MAX_INT_DIGITS)}),
        (b'{"a": "' + b"7" * 5000 + b'"}', {"a": "7" * 5000}),
        (b'{"a": "\\ud83d\\ude00"}', {"a": "\U0001f600"}),
        (b'{"a": "\\\\ud800"}', {"a": "\\ud800"}),  # the text backslash-u-d-8-0-0, no surrogate
    ],
)
def test_what_is_read(body: bytes, value: Any) -> None:
    read = read_payload(body)
    if value is not None:
        assert read == value


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(child) for child in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(child) for child in value), default=0)
    return 0


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(s for child in value.values() for s in _strings(child))]
    if isinstance(value, list):
        return [s for child in value for s in _strings(child)]
    return [value] if isinstance(value, str) else []


def _readable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Text rich in what the gates look at: surrogates, backslashes and the letters of an escape.
TEXT = st.text(alphabet=st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\U0001f600", "\\", "u", "d", "8",
                                         "c", "0", "a", '"', "é"]), max_size=12)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**45), max_value=10**45) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(value=VALUES, ascii_only=st.booleans())
def test_reading_agrees_with_the_full_checks(value: Any, ascii_only: bool) -> None:
    try:
        body = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:
        return  # a raw surrogate cannot even be written as UTF-8; the UTF-8 check refuses such bytes
    decoded = json.loads(body)  # JSON joins an escaped high and low surrogate into one character
    too_long = any(len(str(abs(n))) > MAX_INT_DIGITS for n in _ints(decoded))
    fine = all(_readable(s) for s in _strings(decoded)) and _depth(decoded) <= MAX_DEPTH and not too_long
    if fine:
        assert read_payload(body) == decoded
    else:
        with pytest.raises(PayloadError):
            read_payload(body)


def _ints(value: Any) -> list[int]:
    if isinstance(value, dict):
        return [n for child in value.values() for n in _ints(child)]
    if isinstance(value, list):
        return [n for child in value for n in _ints(child)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []
