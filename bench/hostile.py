"""Hostile deliveries: correctly signed, damaged variants of real payloads against the real service, and its memory.

The service runs under uvicorn in its own process (SQLite inbox, worker on a no-op pipeline). This process sends
--cases hostile deliveries drawn by hypothesis (tests/hostile.py) to both doors and counts the answers by status;
then ten large signed bodies; then clients that send a byte a second. It prints the service's resident memory
after each phase and counts the tracebacks in its log. Targets: 0 answers of 500 or more, RSS after the hostile
run under 150 MB, slow clients let go at the body read timeout, no traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import uvicorn
from pydantic import SecretStr

# The strategies live with the tests; a clone runs this script from its root or from bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.waiting import wait_ready

GITHUB_SECRET = "bench-github-secret"
JIRA_SECRET = "bench-jira-secret"
TARGET_RSS_MB = 150.0
LARGE_BODY_BYTES = 10 * 1024 * 1024
BODY_READ_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(port: int, database: str, log_path: str) -> None:
    from webhooks.app import create_app
    from webhooks.settings import Settings

    log_file = open(log_path, "w")  # noqa: SIM115 - open for the life of the process
    os.dup2(log_file.fileno(), 2)

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{database}", github_webhook_secret=SecretStr(GITHUB_SECRET),
        jira_webhook_secret=SecretStr(JIRA_SECRET), worker_poll_seconds=0.05, body_read_timeout=BODY_READ_TIMEOUT,
    )
    app = create_app(settings, process=lambda delivery: None)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info", access_log=False)


def rss_mb(pid: int) -> float:
    """Return a process's resident set size in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def send_hostile(client: httpx.Client, count: int) -> collections.Counter[int]:
    """Send `count` hostile cases; return how many got each status."""
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.hostile import Case, cases, request_of

    statuses: collections.Counter[int] = collections.Counter()
    examples: dict[int, str] = {}

    @settings(max_examples=count, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases())
    def one(case: Case) -> None:
        path, headers = request_of(case, github_secret=GITHUB_SECRET, jira_secret=JIRA_SECRET)
        try:
            status = client.post(path, content=case.body, headers=headers).status_code
        except httpx.TransportError:
            status = 599  # the connection dropped: as bad as a 5xx
        statuses[status] += 1
        if status >= 500:
            examples.setdefault(status, case.describe())

    one()
    for status, example in examples.items():
        print(f"  first {status}: {example}")
    return statuses


def send_large(client: httpx.Client, count: int, size: int) -> collections.Counter[int]:
    """Send `count` signed GitHub deliveries whose issue body is `size` bytes long."""
    from tests.hostile import GITHUB
    from webhooks.signatures import sign

    payload = json.loads(json.dumps(dict(GITHUB)["issues.opened"]))
    statuses: collections.Counter[int] = collections.Counter()
    for n in range(count):
        payload["issue"]["body"] = chr(ord("a") + n % 26) * size
        body = json.dumps(payload).encode()
        headers = {"X-GitHub-Event": "issues", "X-GitHub-Delivery": str(uuid.uuid4()),
                   "X-Hub-Signature-256": sign(GITHUB_SECRET, body), "Content-Type": "application/json"}
        statuses[client.post("/webhooks/github", content=body, headers=headers).status_code] += 1
    return statuses


async def _slow_client(port: int, *, declared: int) -> float:
    """Send headers, then one byte a second, until the service answers or hangs up; return the seconds held."""
    from webhooks.signatures import sign

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    head = (f"POST /webhooks/github HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            f"X-GitHub-Event: issues\r\nX-GitHub-Delivery: {uuid.uuid4()}\r\n"
            f"X-Hub-Signature-256: {sign(GITHUB_SECRET, b'x' * declared)}\r\nContent-Length: {declared}\r\n\r\n")
    try:
        writer.write(head.encode())
        while time.monotonic() - started < 120:
            try:
                if await asyncio.wait_for(reader.read(1), timeout=1.0) is not None:
                    break
            except TimeoutError:
                writer.write(b"x")
                await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
    return time.monotonic() - started


def send_slow(port: int, count: int) -> list[float]:
    """Hold `count` connections open, each sending a byte a second; return how long each was held."""

    async def run() -> list[float]:
        return list(await asyncio.gather(*(_slow_client(port, declared=1000) for _ in range(count))))

    return asyncio.run(run())


def _settled_rss(pid: int) -> float:
    time.sleep(1.0)
    return rss_mb(pid)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; exit 1 when any answer was 5xx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="hostile deliveries to send")
    parser.add_argument("--smoke", action="store_true", help="a quick run (300 cases, two large bodies) for CI")
    args = parser.parse_args(argv)
    count, large = (300, 2) if args.smoke else (args.cases, 10)
    slow_count = 10 if args.smoke else 50
    port = _free_port()
    with tempfile.TemporaryDirectory() as directory:
        log_path = Path(directory) / "service.log"
        process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(port, str(Path(directory) / "bench.db"), str(log_path)), daemon=True
        )
        process.start()
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(f"{url}/healthz")
            assert process.pid is not None
            idle = _settled_rss(process.pid)
            started = time.perf_counter()
            with httpx.Client(base_url=url, timeout=30) as client:
                hostile = send_hostile(client, count)
                elapsed = time.perf_counter() - started
                after_hostile = _settled_rss(process.pid)
                big = send_large(client, large, LARGE_BODY_BYTES)
                after_large = _settled_rss(process.pid)
            held = send_slow(port, slow_count)
            after_slow = _settled_rss(process.pid)
        finally:
            process.terminate()
            process.join(10)
        log_text = log_path.read_text(errors="replace")
    failures = sum(n for status, n in hostile.items() if status >= 500)
    print(f"hostile: {sum(hostile.values())} signed cases in {elapsed:.1f} s; {os.cpu_count()} CPUs")
    print("  answers " + "  ".join(f"{status}: {n}" for status, n in sorted(hostile.items())))
    print(f"  5xx answers: {failures} (target 0)")
    print(f"large: {large} bodies of {LARGE_BODY_BYTES // (1024 * 1024)} MB; answers "
          + "  ".join(f"{status}: {n}" for status, n in sorted(big.items())))
    print(f"slow clients: {slow_count} sending a byte a second, held {min(held):.1f}-{max(held):.1f} s "
          f"(the body read timeout is {BODY_READ_TIMEOUT:.0f} s)")
    print(f"RSS MB: idle {idle:.0f}  after hostile {after_hostile:.0f}  after large {after_large:.0f}  "
          f"after slow {after_slow:.0f}  "
          f"(target after hostile < {TARGET_RSS_MB:.0f}: {'met' if after_hostile < TARGET_RSS_MB else 'MISSED'})")
    tracebacks = log_text.count("Traceback")
    print(f"service log: {len(log_text.splitlines())} lines, {tracebacks} tracebacks (target 0)")
    return 0 if failures == 0 and tracebacks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
