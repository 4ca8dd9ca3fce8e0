"""The service's app factory: doors, health, metrics, and the inbox worker running beside them."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from integration.metrics import default_clients
from integration.store import DeliveryStatus, Store, make_engine, shown_url, upgrade
from integration.store.outcomes import OutcomeStore
from webhooks import github_door, jira_door
from webhooks.digest_schedule import DigestSchedule
from webhooks.doors import Service, service_of
from webhooks.memory import map_large_allocations
from webhooks.metrics import CONTENT_TYPE_LATEST, Metrics
from webhooks.outbound import outbound_config, senders
from webhooks.pipeline import Pipeline
from webhooks.scheduler import Scheduler, tracker_for
from webhooks.settings import Settings
from webhooks.trackers import TrackerFactory, from_settings, metric_sources
from webhooks.worker import ProcessFn, Worker

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    tracker_factory: TrackerFactory | None = None,
    process: ProcessFn | None = None,
    start_background: bool = True,
    metrics: Metrics | None = None,
) -> FastAPI:
    """Build the app; its lifespan migrates the database and runs the worker, scheduler and digest until shutdown."""
    store = Store(make_engine(settings.database_url))
    service = Service(settings=settings, store=store, metrics=metrics or Metrics())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        map_large_allocations()
        await _prepare_database(store, settings.database_url)
        app.state.worker = app.state.scheduler = app.state.digest = None
        tasks = _start_background(app, service, tracker_factory, process) if start_background else []
        # A full collection walks every object alive; after start-up that is tens of thousands of module, model
        # and SQL-cache objects, and the pause (50+ ms) lands on whichever webhook is in flight. Frozen, they are
        # skipped, and a full collection walks only what requests allocate.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            for background in (app.state.worker, app.state.scheduler, app.state.digest):
                if background is not None:
                    background.stop()
            await asyncio.gather(*tasks)
            await service.committer.close()
            store.close()

    app = FastAPI(title="problemframe", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service
    app.include_router(github_door.router)
    app.include_router(jira_door.router)
    app.include_router(_probes)
    return app


async def _prepare_database(store: Store, url: str) -> None:
    """Migrate the database to the newest schema and requeue what a stopped worker left in processing."""
    await asyncio.to_thread(upgrade, store.engine)
    log.info("database %s is at the newest schema", shown_url(url))
    requeued = await asyncio.to_thread(store.inbox.requeue_expired)
    if requeued:
        log.info("requeued %d deliveries left in processing by a stopped worker", requeued)


def _start_background(
    app: FastAPI, service: Service, tracker_factory: TrackerFactory | None, process: ProcessFn | None
) -> list[asyncio.Task[None]]:
    """Start the inbox worker, and the outcome scheduler and the digest where the settings want them."""
    settings, store = service.settings, service.store
    trackers = tracker_factory or from_settings(settings, metrics=service.metrics, ledger=store.write_budgets)
    outbound = outbound_config(settings)
    pipeline = Pipeline(store, trackers, dry_run=settings.dry_run, outbound=outbound)
    worker = Worker(store.inbox, process or pipeline,
                    metrics=service.metrics, lease=dt.timedelta(seconds=settings.worker_lease_seconds),
                    heartbeat=dt.timedelta(seconds=settings.worker_heartbeat_seconds))
    scheduler = Scheduler(OutcomeStore(store.engine), sources=default_clients(),
                          configured=metric_sources(settings), trackers=tracker_for(trackers, store),
                          dry_run=settings.dry_run, outbound=outbound, outbox=store.outbox,
                          senders=senders(settings, tracker_for(trackers, store), outbound))
    app.state.worker = worker
    tasks = [asyncio.create_task(worker.run(poll_seconds=settings.worker_poll_seconds))]
    if settings.scheduler:
        app.state.scheduler = scheduler
        tasks.append(asyncio.create_task(scheduler.run(interval=settings.scheduler_interval_seconds)))
    else:
        log.info("the scheduler is off (PROBLEMFRAME_SCHEDULER=off): run `problemframe outcomes due` "
                 "and `problemframe digest --post` on a schedule instead")
    if settings.digest_post is not None and settings.scheduler:
        digest = DigestSchedule(settings, store.schedule_runs, store.outcomes, ledger=store.write_budgets)
        app.state.digest = digest
        tasks.append(asyncio.create_task(digest.run(interval=settings.scheduler_interval_seconds)))
    return tasks


_probes = APIRouter()


@_probes.get("/healthz")
async def healthz() -> dict[str, str]:
    """Answer while the process is alive."""
    return {"status": "ok"}


@_probes.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Answer 200 when the database is reachable, else 503."""
    ready = await run_in_threadpool(service_of(request).store.reachable)
    return JSONResponse({"status": "ready" if ready else "database unreachable"}, status_code=200 if ready else 503)


@_probes.get("/metrics")
async def metrics_page(request: Request) -> Response:
    """Return the Prometheus metrics, with the inbox gauges read fresh from the database."""
    current = service_of(request)
    with contextlib.suppress(Exception):
        counts = await run_in_threadpool(current.store.inbox.counts)
        depth = counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.PROCESSING]
        current.metrics.inbox(depth=depth, failed=counts[DeliveryStatus.FAILED])
    return Response(current.metrics.render(), media_type=CONTENT_TYPE_LATEST)
