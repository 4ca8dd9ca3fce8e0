"""POST /webhooks/github: GitHub's deliveries into the inbox, nothing slower in the request path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from integration.github.events import classify
from integration.github.shape import problem
from integration.store import Envelope
from webhooks.doors import receive, service_of

router = APIRouter()


def _classify(headers: Mapping[str, str], payload: Mapping[str, Any]) -> Envelope | None:
    event = headers.get("x-github-event", "").strip()
    return classify(event, payload) if event else None


def _check(headers: Mapping[str, str], payload: Mapping[str, Any]) -> str | None:
    event = headers.get("x-github-event", "").strip()
    return problem(event, payload) if event else None


@router.post("/webhooks/github")
async def github_webhook(request: Request) -> JSONResponse:
    """Accept one GitHub delivery (headers X-GitHub-Event, X-GitHub-Delivery, X-Hub-Signature-256)."""
    return await receive(
        request,
        source="github",
        secret=service_of(request).settings.github_webhook_secret,
        signature_header="X-Hub-Signature-256",
        delivery_header="X-GitHub-Delivery",
        classify=_classify,
        check=_check,
    )
