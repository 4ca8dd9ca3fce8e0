"""Webhook signatures match GitHub's published vector and refuse everything else."""

from __future__ import annotations

from pydantic import SecretStr

from webhooks.signatures import sign, verify_signature

SECRET = "It's a Secret to Everybody"
BODY = b"Hello, World!"
EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_githubs_documented_vector() -> None:
    assert sign(SECRET, BODY) == EXPECTED
    assert verify_signature(SECRET, BODY, EXPECTED)
    assert verify_signature(SecretStr(SECRET), BODY, EXPECTED)
    assert verify_signature(SECRET.encode(), BODY, EXPECTED)


def test_a_changed_body_or_secret_is_refused() -> None:
    assert not verify_signature(SECRET, BODY + b" ", EXPECTED)
    assert not verify_signature("another secret", BODY, EXPECTED)


def test_missing_or_malformed_headers_are_refused() -> None:
    assert not verify_signature(SECRET, BODY, None)
    assert not verify_signature(SECRET, BODY, "")
    assert not verify_signature(SECRET, BODY, EXPECTED.removeprefix("sha256="))
    assert not verify_signature(SECRET, BODY, "sha1=" + EXPECTED.removeprefix("sha256="))
    assert not verify_signature(SECRET, BODY, EXPECTED[:-1] + "é")


def test_no_secret_refuses_even_a_signature_made_without_one() -> None:
    assert not verify_signature(None, BODY, sign(b"", BODY))
    assert not verify_signature("", BODY, sign(b"", BODY))
