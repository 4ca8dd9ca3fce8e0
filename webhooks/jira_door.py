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

from integration.jira.events import classify
from integration.jira.shape import problem
from integration.store import Envelope
from webhooks.doors import receive, service_of

router = APIRouter()

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"


def _classify(headers: Mapping[str, str], payload: Mapping[str, Any]) -> Envelope | None:
    return classify(payload)


def _check(headers: Mapping[str, str], payload: Mapping[str, Any]) -> str | None:
    return problem(payload)


def derived_identifier(body: bytes) -> str:
    """Return a delivery id for a Jira that sends no identifier: a hash of the body, which carries its timestamp."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


@router.post("/webhooks/jira")
async def jira_webhook(request: Request) -> JSONResponse:
    """Accept one Jira delivery: 401 bad or missing signature (or no secret), 400 malformed, 413 too large, 2xx."""
    return await receive(
        request,
        source="jira",
        secret=service_of(request).settings.jira_webhook_secret,
        signature_header=SIGNATURE_HEADER,
        delivery_header=DELIVERY_HEADER,
        classify=_classify,
        check=_check,
        derive_id=derived_identifier,
    )
