"""What every webhook door does: size-limit, verify the signature on raw bytes, parse, dedupe, store, answer fast."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from integration.store import Arrival, DeliveryStatus, Envelope, Store
from webhooks.group_commit import GroupCommitter, InboxUnavailable
from webhooks.logs import ticket_label
from webhooks.metrics import Metrics
from webhooks.payloads import PayloadError, read_payload
from webhooks.settings import Settings
from webhooks.signatures import verify_signature

log = logging.getLogger(__name__)

Classifier = Callable[[Mapping[str, str], Mapping[str, Any]], Envelope | None]
"""Read a delivery's headers and parsed body; return None when it is malformed."""

Checker = Callable[[Mapping[str, str], Mapping[str, Any]], str | None]
"""Return why a delivery's body cannot be read by the service, or None when it can."""


@dataclass
class Service:
    """What request handlers share: settings, the store, the metrics and the door's group commit."""

    settings: Settings
    store: Store
    metrics: Metrics
    committer: GroupCommitter = field(init=False)

    def __post_init__(self) -> None:
        self.committer = GroupCommitter(self.store.inbox)


def service_of(request: Request) -> Service:
    """Return the service the request's app was built with."""
    service: Service = request.app.state.service
    return service


# Hashing and parsing a body up to 25 MB takes tens of milliseconds: big ones leave the event loop for a thread.
_INLINE_BYTES = 256 * 1024


_MAX_TICKET_KEY = 400  # the inbox column's width


class _TooLarge(Exception):
    pass


def _parse(body: bytes) -> Any | PayloadError:
    try:
        return read_payload(body)
    except PayloadError as error:
        return error


def _read(
    payload: Mapping[str, Any], headers: Mapping[str, str], check: Checker, classify: Classifier
) -> Envelope | str:
    """Return the envelope of a readable delivery, or the one-line reason it cannot be read."""
    try:
        reason = check(headers, payload)
        if reason is not None:
            return reason
        envelope = classify(headers, payload)
    except Exception as error:
        # Checking and classifying are pure: whatever they raise comes from the payload, a shape the checks did
        # not foresee. It is the sender's to fix and never worth a retry, so it is a 400 (Jira retries 5xx).
        log.warning("unreadable delivery: %s: %s", type(error).__name__, str(error)[:200])
        return f"unreadable payload ({type(error).__name__})"
    if envelope is None:
        return "not a recognisable delivery"
    for name, value in (("event", envelope.event), ("action", envelope.action), ("ticket", envelope.ticket_key)):
        if value is not None and not _storable(value):
            return f"{name} holds a NUL character or a lone surrogate"
    if envelope.ticket_key is not None and len(envelope.ticket_key) > _MAX_TICKET_KEY:
        return "ticket reference too long"
    return envelope


def _storable(text: str) -> bool:
    """Tell whether a database text column takes this string (PostgreSQL refuses NUL, both refuse surrogates)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _declared_too_large(request: Request, limit: int) -> bool:
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


async def _read_body(request: Request, limit: int) -> bytes:
    # Content-Length may be absent (chunked) or lie, so the limit holds while streaming too; nothing is allocated
    # up front from the declared length, so a client that promises a large body and sends nothing costs nothing.
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
    check: Checker,
    derive_id: Callable[[bytes], str] | None = None,
) -> JSONResponse:
    """Verify, size-limit, dedupe and store one delivery; answer 202 new, 200 duplicate or ignored, else 4xx.

    `derive_id` names a delivery that carries no `delivery_header`; it sees the body only once it is verified.
    """
    started = time.perf_counter()
    service = service_of(request)
    body = await _verified_body(request, service, source, secret, signature_header)
    if isinstance(body, JSONResponse):
        return body
    delivery_id = request.headers.get(delivery_header, "").strip()
    if not delivery_id and derive_id is not None:
        delivery_id = await run_in_threadpool(derive_id, body) if len(body) > _INLINE_BYTES else derive_id(body)
    if not delivery_id or "\x00" in delivery_id:
        return _answer(service, source, "unknown", "malformed", 400, detail=f"missing {delivery_header}")
    payload = await run_in_threadpool(_parse, body) if len(body) > _INLINE_BYTES else _parse(body)
    if isinstance(payload, PayloadError):
        return _answer(service, source, "unknown", "malformed", 400, detail=str(payload))
    if not isinstance(payload, dict):
        return _answer(service, source, "unknown", "malformed", 400, detail="body is not a JSON object")
    envelope = _read(payload, request.headers, check, classify)
    if isinstance(envelope, str):
        return _answer(service, source, "unknown", "malformed", 400, detail=envelope)
    return await _store(service, source, delivery_id, body, envelope, started=started)


async def _verified_body(
    request: Request, service: Service, source: str, secret: SecretStr | None, signature_header: str
) -> bytes | JSONResponse:
    """Return the body, within the size limit, received in time and rightly signed; else the answer refusing it."""
    limit = service.settings.max_body_bytes
    if _declared_too_large(request, limit):
        return _answer(service, source, "unknown", "too_large", 413, detail="body over the size limit")
    if secret is None or not secret.get_secret_value():
        log.warning("%s delivery refused: no webhook secret configured", source)
        return _answer(service, source, "unknown", "unauthorized", 401, detail="no webhook secret configured")
    read_timeout = service.settings.body_read_timeout
    try:
        async with asyncio.timeout(read_timeout):
            body = await _read_body(request, limit)
    except _TooLarge:
        return _answer(service, source, "unknown", "too_large", 413, detail="body over the size limit")
    except TimeoutError:
        log.info("%s delivery dropped: body not received within %.0f s", source, read_timeout)
        return _answer(service, source, "unknown", "timeout", 408, detail="body not received in time")
    except ClientDisconnect:
        # Nobody is left to answer; one line, since a client that gives up is not the service's fault.
        log.info("%s delivery dropped: the client went away before sending the whole body", source)
        return _answer(service, source, "unknown", "disconnected", 400, detail="client disconnected")
    signature = request.headers.get(signature_header)
    if len(body) > _INLINE_BYTES:
        verified = await run_in_threadpool(verify_signature, secret, body, signature)
    else:
        verified = verify_signature(secret, body, signature)
    if not verified:
        return _answer(service, source, "unknown", "unauthorized", 401, detail="bad or missing signature")
    return body


async def _store(
    service: Service, source: str, delivery_id: str, body: bytes, envelope: Envelope, *, started: float
) -> JSONResponse:
    """Put the delivery in the inbox (ignored ones without their body) and answer: accepted, duplicate, ignored."""
    arrival = Arrival(
        source=source,
        delivery_id=delivery_id[:200],
        event=envelope.event[:100],
        action=envelope.action[:100] if envelope.action else None,
        # Ignored deliveries keep their id (for dedupe and audit) but not their body.
        body=body if envelope.handled else b"",
        ticket_key=envelope.ticket_key,
        status=DeliveryStatus.PENDING if envelope.handled else DeliveryStatus.IGNORED,
    )
    try:
        new = await service.committer.accept(arrival)
    except InboxUnavailable:
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
