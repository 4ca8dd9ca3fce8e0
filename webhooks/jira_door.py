"""POST /webhooks/jira: Jira's admin-webhook deliveries into the inbox, nothing slower in the request path.

Jira Cloud signs a delivery from an admin webhook saved with a secret as `X-Hub-Signature: sha256=<hex HMAC of the
raw body>` (WebSub's `method=signature`; only sha256 is accepted) and names it with X-Atlassian-Webhook-Identifier,
which stays the same when Jira retries it:
https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks
Jira retries on 408, 409, 425, 429 and 5xx only, so permanent refusals are 4xx and never 5xx:
https://developer.atlassian.com/cloud/jira/platform/webhooks/#retry-policy
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.types import Message, Receive

from integration.jira_events import classify
from integration.store import Envelope
from webhooks.doors import receive, service_of

router = APIRouter()

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"


def _classify(headers: Mapping[str, str], payload: Mapping[str, Any]) -> Envelope | None:
    return classify(payload)


def derived_identifier(body: bytes) -> str:
    """Return a delivery id for a Jira that sends no identifier: a hash of the body, which carries its timestamp."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _replay(consumed: bytes, more: bool, rest: Receive) -> Receive:
    """Return an ASGI receive that hands back what was read, then continues with the original stream."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": consumed, "more_body": more}
        return await rest()

    return replay


async def _with_identifier(request: Request) -> Request:
    """Return the request carrying a derived identifier header when Jira sent none (Jira Server and older sites)."""
    if request.headers.get(DELIVERY_HEADER, "").strip():
        return request
    limit = service_of(request).settings.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return request  # the shared door answers 413 before reading
    chunks: list[bytes] = []
    size = 0
    more = False
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            more = True  # over the limit: the shared door keeps reading and answers 413
            break
    consumed = b"".join(chunks)
    headers = [*request.scope["headers"], (DELIVERY_HEADER.lower().encode(), derived_identifier(consumed).encode())]
    replayed = Request({**request.scope, "headers": headers}, receive=_replay(consumed, more, request.receive))
    return replayed


@router.post("/webhooks/jira")
async def jira_webhook(request: Request) -> JSONResponse:
    """Accept one Jira delivery: 401 bad or missing signature (or no secret), 400 malformed, 413 too large, 2xx."""
    request = await _with_identifier(request)
    return await receive(
        request,
        source="jira",
        secret=service_of(request).settings.jira_webhook_secret,
        signature_header=SIGNATURE_HEADER,
        delivery_header=DELIVERY_HEADER,
        classify=_classify,
    )
