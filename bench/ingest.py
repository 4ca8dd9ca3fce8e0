"""Webhook ingest: signed GitHub deliveries at a fixed rate against the real app, next to a bare FastAPI endpoint.

Each server runs under uvicorn on loopback in its own process (the service on a temporary SQLite file with its
worker draining the inbox through a no-op pipeline); this process sends open-loop at --rate per second with httpx
and reports throughput and acknowledgement latency; then it keeps --concurrency deliveries in flight to find the
most each server acknowledges. Targets: p99 under 20 ms at 200 deliveries/s; the service at least half the bare
endpoint's most.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request, Response
from pydantic import SecretStr

# The waiting helper lives with the tests; a clone runs this script from its root or from bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.waiting import wait_ready

SECRET = "bench-secret"
TARGET_P99_MS = 20.0
TARGET_SHARE_OF_BARE = 0.5
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "github" / "issues.opened.json"


def _payload() -> dict[str, Any]:
    if FIXTURE.exists():
        payload: dict[str, Any] = json.loads(FIXTURE.read_text())
        return payload
    return {"action": "opened", "issue": {"number": 1, "title": "t", "body": "b" * 1500, "labels": []},
            "repository": {"full_name": "octo-org/widgets"}, "sender": {"login": "octocat", "type": "User"}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bare_app() -> FastAPI:
    """Return an app whose webhook endpoint reads the body and answers 202, doing nothing else."""
    app = FastAPI()

    @app.post("/webhooks/github")
    async def bare(request: Request) -> Response:
        await request.body()
        return Response(b'{"result":"accepted"}', status_code=202, media_type="application/json")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _serve(kind: str, port: int, database: str) -> None:
    from webhooks.app import create_app
    from webhooks.settings import Settings

    if kind == "bare":
        app = bare_app()
    else:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, database_url=f"sqlite:///{database}", github_webhook_secret=SecretStr(SECRET),
            worker_poll_seconds=0.05,
        )
        app = create_app(settings, process=lambda delivery: None)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@dataclass
class Result:
    """What one run measured."""

    name: str
    sent: int
    accepted: int
    seconds: float
    latencies_ms: list[float]
    cpu_seconds: float = float("nan")

    def cpu_ms_per_delivery(self) -> float:
        """Return the server's CPU milliseconds per acknowledged delivery."""
        return self.cpu_seconds * 1000 / self.accepted if self.accepted else float("nan")

    def percentile(self, q: float) -> float:
        """Return the q-th percentile latency in milliseconds."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")

    def line(self) -> str:
        """Return a one-line report."""
        return (
            f"{self.name:<8} {self.accepted / self.seconds:8.1f} deliveries/s  accepted {self.accepted}/{self.sent}  "
            f"p50 {self.percentile(50):6.2f} ms  p99 {self.percentile(99):6.2f} ms  "
            f"mean {statistics.fmean(self.latencies_ms or [0]):6.2f} ms"
        )


async def _load(name: str, url: str, *, rate: float, seconds: float) -> Result:
    from webhooks.signatures import sign

    base = _payload()
    total = int(rate * seconds)
    latencies: list[float] = []
    accepted = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:

        async def send(n: int) -> None:
            nonlocal accepted
            base["issue"]["number"] = n % 50 + 1
            body = json.dumps(base).encode()
            headers = {"X-GitHub-Event": "issues", "X-GitHub-Delivery": str(uuid.uuid4()),
                       "X-Hub-Signature-256": sign(SECRET, body), "Content-Type": "application/json"}
            started = time.perf_counter()
            response = await client.post("/webhooks/github", content=body, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            accepted += response.status_code == 202

        for warm in range(20):
            await send(warm)
        latencies.clear()
        accepted = 0
        tasks = []
        start = time.perf_counter()
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(n)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    return Result(name, total, accepted, elapsed, latencies)


async def _saturate(name: str, url: str, *, seconds: float, concurrency: int) -> Result:
    """Keep `concurrency` deliveries in flight for `seconds`: the most the server acknowledges."""
    from webhooks.signatures import sign

    base = _payload()
    latencies: list[float] = []
    counts = {"sent": 0, "accepted": 0}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def sender(lane: int) -> None:
            while time.perf_counter() < deadline:
                base["issue"]["number"] = (counts["sent"] + lane) % 50 + 1
                body = json.dumps(base).encode()
                headers = {"X-GitHub-Event": "issues", "X-GitHub-Delivery": str(uuid.uuid4()),
                           "X-Hub-Signature-256": sign(SECRET, body), "Content-Type": "application/json"}
                counts["sent"] += 1
                started = time.perf_counter()
                response = await client.post("/webhooks/github", content=body, headers=headers)
                latencies.append((time.perf_counter() - started) * 1000)
                counts["accepted"] += response.status_code == 202

        start = time.perf_counter()
        await asyncio.gather(*(sender(lane) for lane in range(concurrency)))
        elapsed = time.perf_counter() - start
    return Result(name, counts["sent"], counts["accepted"], elapsed, latencies)


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system, every thread) a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(kind: str, *, rate: float, seconds: float, database: str, concurrency: int) -> tuple[Result, Result]:
    """Start one server in its own process; load it at `rate`, then at its most; stop it.

    The saturation result's `cpu_seconds` is what the server process spent on it: unlike throughput, it hardly
    moves when other processes load the machine.
    """
    port = _free_port()
    process = multiprocessing.get_context("spawn").Process(target=_serve, args=(kind, port, database), daemon=True)
    process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{url}/healthz")
        paced = asyncio.run(_load(kind, url, rate=rate, seconds=seconds))
        assert process.pid is not None
        before = cpu_seconds(process.pid)
        most = asyncio.run(_saturate(kind, url, seconds=seconds, concurrency=concurrency))
        most.cpu_seconds = cpu_seconds(process.pid) - before
        return paced, most
    finally:
        process.terminate()
        process.join(10)


def _stored(database: str) -> int:
    from integration.store import Store

    store = Store.open(f"sqlite:///{database}", migrate=False)
    try:
        return len(store.inbox.find(limit=10**9))
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; exit 1 when a delivery was refused or not stored."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="deliveries per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to send")
    parser.add_argument("--concurrency", type=int, default=32, help="deliveries in flight in the saturation run")
    parser.add_argument("--smoke", action="store_true", help="a quick run (~2 s per server and phase) for CI")
    args = parser.parse_args(argv)
    seconds = 2.0 if args.smoke else args.seconds
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as directory:
        database = str(Path(directory) / "bench.db")
        service, service_most = run(
            "service", rate=args.rate, seconds=seconds, database=database, concurrency=args.concurrency
        )
        bare, bare_most = run("bare", rate=args.rate, seconds=seconds, database=database, concurrency=args.concurrency)
        stored = _stored(database) - 20 - service_most.accepted  # the warm-up and saturation deliveries
    print(
        f"ingest: {args.rate:.0f} signed deliveries/s for {seconds:.0f} s, SQLite inbox, worker running; "
        f"{os.cpu_count()} CPUs, load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print(service.line())
    print(bare.line())
    print(
        f"ratio    p50 {service.percentile(50) / bare.percentile(50):.2f}x  "
        f"p99 {service.percentile(99) / bare.percentile(99):.2f}x  stored {stored}/{service.sent}  "
        f"target p99 < {TARGET_P99_MS:.0f} ms: {'met' if service.percentile(99) < TARGET_P99_MS else 'MISSED'}"
    )
    ratio = (service_most.accepted / service_most.seconds) / (bare_most.accepted / bare_most.seconds)
    print(f"most, {args.concurrency} in flight:")
    print(service_most.line())
    print(bare_most.line())
    print(f"ratio    throughput {ratio:.2f} of the bare endpoint  target >= {TARGET_SHARE_OF_BARE:.2f}: "
          f"{'met' if ratio >= TARGET_SHARE_OF_BARE else 'MISSED'}")
    service_cpu, bare_cpu = service_most.cpu_ms_per_delivery(), bare_most.cpu_ms_per_delivery()
    print(f"cpu      service {service_cpu:.2f} ms, bare {bare_cpu:.2f} ms per delivery (server process, all threads): "
          f"where the CPU is the limit the service reaches {bare_cpu / service_cpu:.2f} of the bare endpoint")
    return 0 if service.accepted == service.sent and stored == service.sent else 1


if __name__ == "__main__":
    sys.exit(main())
