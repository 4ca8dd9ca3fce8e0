"""What every webhook door does: size-limit, verify the signature on raw bytes, parse, dedupe, store, answer fast."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from integration.store import DeliveryStatus, Envelope, Store
from webhooks.logs import ticket_label
from webhooks.metrics import Metrics
from webhooks.settings import Settings
from webhooks.signatures import verify_signature

log = logging.getLogger(__name__)

Classifier = Callable[[Mapping[str, str], Mapping[str, Any]], Envelope | None]
"""Read a delivery's headers and parsed body; return None when it is malformed."""


@dataclass
class Service:
    """What request handlers share: settings, the store and the metrics."""

    settings: Settings
    store: Store
    metrics: Metrics


def service_of(request: Request) -> Service:
    """Return the service the request's app was built with."""
    service: Service = request.app.state.service
    return service


# Hashing and parsing a body up to 25 MB takes tens of milliseconds: big ones leave the event loop for a thread.
_INLINE_BYTES = 256 * 1024


class _TooLarge(Exception):
    pass


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _declared_too_large(request: Request, limit: int) -> bool:
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


async def _read_body(request: Request, limit: int) -> bytes:
    # Content-Length may be absent (chunked) or lie, so the limit holds while streaming too.
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(service: Service, source: str, label: str, result: str, status: int, **extra: Any) -> JSONResponse:
    service.metrics.delivery(source=source, event=label, result=result)
    return JSONResponse({"result": result, **extra}, status_code=status)


async def receive(
    request: Request,
    *,
    source: str,
    secret: SecretStr | None,
    signature_header: str,
    delivery_header: str,
    classify: Classifier,
    derive_id: Callable[[bytes], str] | None = None,
) -> JSONResponse:
    """Verify, size-limit, dedupe and store one delivery; answer 202 new, 200 duplicate or ignored, else 4xx.

    `derive_id` names a delivery that carries no `delivery_header`; it sees the body only once it is verified.
    """
    started = time.perf_counter()
    service = service_of(request)
    limit = service.settings.max_body_bytes
    if _declared_too_large(request, limit):
        return _answer(service, source, "unknown", "too_large", 413, detail="body over the size limit")
    if secret is None or not secret.get_secret_value():
        log.warning("%s delivery refused: no webhook secret configured", source)
        return _answer(service, source, "unknown", "unauthorized", 401, detail="no webhook secret configured")
    try:
        body = await _read_body(request, limit)
    except _TooLarge:
        return _answer(service, source, "unknown", "too_large", 413, detail="body over the size limit")
    signature = request.headers.get(signature_header)
    if len(body) > _INLINE_BYTES:
        verified = await run_in_threadpool(verify_signature, secret, body, signature)
    else:
        verified = verify_signature(secret, body, signature)
    if not verified:
        return _answer(service, source, "unknown", "unauthorized", 401, detail="bad or missing signature")
    delivery_id = request.headers.get(delivery_header, "").strip()
    if not delivery_id and derive_id is not None:
        delivery_id = await run_in_threadpool(derive_id, body) if len(body) > _INLINE_BYTES else derive_id(body)
    if not delivery_id:
        return _answer(service, source, "unknown", "malformed", 400, detail=f"missing {delivery_header}")
    payload = await run_in_threadpool(_parse, body) if len(body) > _INLINE_BYTES else _parse(body)
    if not isinstance(payload, dict):
        return _answer(service, source, "unknown", "malformed", 400, detail="body is not a JSON object")
    envelope = classify(request.headers, payload)
    if envelope is None:
        return _answer(service, source, "unknown", "malformed", 400, detail="not a recognisable delivery")
    status = DeliveryStatus.PENDING if envelope.handled else DeliveryStatus.IGNORED
    try:
        new = await run_in_threadpool(
            service.store.inbox.accept,
            source=source,
            delivery_id=delivery_id[:200],
            event=envelope.event[:100],
            action=envelope.action[:100] if envelope.action else None,
            # Ignored deliveries keep their id (for dedupe and audit) but not their body.
            body=body if envelope.handled else b"",
            ticket_key=envelope.ticket_key,
            status=status,
        )
    except SQLAlchemyError:
        log.exception("%s delivery %s could not be stored", source, delivery_id)
        return _answer(service, source, envelope.event, "unavailable", 503, detail="inbox unavailable")
    fields = {"delivery": delivery_id, "source": source, "event": envelope.event, "action": envelope.action,
              "ticket": ticket_label(envelope.ticket_key),
              "duration_ms": round((time.perf_counter() - started) * 1000, 1)}
    if not new:
        log.info("delivery received again: a duplicate, not queued", extra=fields)
        return _answer(service, source, envelope.event, "duplicate", 200, delivery=delivery_id)
    if not envelope.handled:
        log.info("delivery of an event the service does not act on: recorded, not queued", extra=fields)
        return _answer(service, source, envelope.event, "ignored", 200, delivery=delivery_id, event=envelope.event)
    log.info("delivery accepted and queued", extra=fields)
    return _answer(service, source, envelope.event, "accepted", 202, delivery=delivery_id)
