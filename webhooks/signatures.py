"""HMAC-SHA256 webhook signatures (`sha256=<hex>`), as GitHub and Jira send them; fail closed.

https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks
"""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

PREFIX = "sha256="


def _key(secret: SecretStr | str | bytes) -> bytes:
    if isinstance(secret, SecretStr):
        secret = secret.get_secret_value()
    return secret.encode() if isinstance(secret, str) else secret


def sign(secret: SecretStr | str | bytes, body: bytes) -> str:
    """Return the signature header value for a body: `sha256=` and the hex HMAC-SHA256."""
    return PREFIX + hmac.new(_key(secret), body, hashlib.sha256).hexdigest()


def verify_signature(secret: SecretStr | str | bytes | None, body: bytes, header: str | None) -> bool:
    """Tell whether `header` signs the raw `body` with `secret`; no secret or no header is always a refusal."""
    if secret is None or not header:
        return False
    key = _key(secret)
    if not key or not header.startswith(PREFIX):
        return False
    # Bytes, not str: compare_digest refuses non-ASCII text, and a forged header may carry some.
    return hmac.compare_digest(sign(key, body).encode(), header.strip().encode("utf-8", "replace"))
