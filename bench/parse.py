"""Parse-and-score throughput and peak memory for a typical (~2 KB) and a large (64 KB) ticket body."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial

from problemframe.evidence import EvidenceScore, score_evidence
from problemframe.parse import parse_ticket
from problemframe.policy import Policy

TODAY = dt.date(2026, 6, 1)
POLICY = Policy()
CUSTOMERS = ["Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Hooli Inc.", "Stark Industries", "Wayne Enterprises"]
KINDS = ["https://acme.zendesk.com/agent/tickets/{n}", "https://app.gong.io/call?id={n}", "https://crm.example.com/{n}"]


def evidence_line(n: int) -> str:
    """Return one customer evidence line as the issue form asks for it."""
    customer = CUSTOMERS[n % len(CUSTOMERS)] if n < len(CUSTOMERS) else f"Customer {n}"
    url = KINDS[n % len(KINDS)].format(n=4800 + n)
    day = TODAY - dt.timedelta(days=3 + 7 * (n % 40))
    quote = '"Exporting invoices by hand costs us hours"'
    return f"{customer}, {url}, ${40 + 10 * (n % 9)}k ARR, {day.isoformat()}, {quote}"


def body_with(evidence_lines: int, problem_paragraphs: int = 1) -> str:
    """Return a GitHub issue form body with the given number of evidence lines."""
    problem = (
        "Finance admins at mid-market customers export invoices by hand every Monday: they open each account, "
        "download a CSV, and paste it into their ledger. It takes about an hour a week per admin, mistakes slip "
        "through, and month-end close slips by a day when someone is away. "
    ) * problem_paragraphs
    evidence = "\n".join(evidence_line(n) for n in range(evidence_lines))
    return (
        f"### Problem statement\n\n{problem.strip()}\n\n"
        "### Who is affected?\n\nFinance admins at mid-market customers\n\n"
        f"### Customer evidence\n\n{evidence}\n\n"
        "### Success metric\n\nweekly active exporters\n\n"
        "### Baseline\n\n1200\n\n"
        "### Target\n\n1500\n\n"
        "### Direction\n\nincrease\n\n"
        "### Measurement window\n\n30 days\n\n"
        "### Data source\n\nprometheus prod: sum(rate(exports_total[7d]))\n"
    )


def sized(target: int) -> str:
    """Return the largest body built by adding evidence lines that stays within `target` bytes."""
    lines = 1
    while len(body_with(lines * 2).encode()) <= target:
        lines *= 2
    step = lines // 2
    while step:
        if len(body_with(lines + step).encode()) <= target:
            lines += step
        step //= 2
    return body_with(lines)


def judge(body: str) -> EvidenceScore:
    """Parse a body and score its evidence, as the service does for every delivery."""
    frame = parse_ticket(body, framing=POLICY.framing, today=TODAY)
    weights, tiers = POLICY.evidence.weights, POLICY.evidence.tiers
    return score_evidence(frame.evidence, weights=weights, tiers=tiers, today=TODAY)


def timed(work: Callable[[], object], iterations: int) -> float:
    """Return the best seconds per call over a few rounds of `iterations` calls."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        for _ in range(iterations):
            work()
        best = min(best, (time.perf_counter() - start) / iterations)
    return best


def peak_bytes(work: Callable[[], object]) -> int:
    """Return the peak memory traced while running `work` once."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def pin_one_core() -> str:
    """Pin this process to one CPU where the platform allows it."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned"


def main(argv: list[str] | None = None) -> int:
    """Print throughput and peak memory for each body size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few iterations, to check the benchmark runs")
    args = parser.parse_args(argv)
    print(f"parse + score, Python {sys.version.split()[0]}, {pin_one_core()}")
    cases = [("typical", body_with(8, problem_paragraphs=2), 2000), ("64 KB", sized(64 * 1024), 50)]
    for name, body, iterations in cases:
        result = judge(body)
        if result.score == 0:
            print(f"{name}: the body scored 0; the parser no longer reads the issue form", file=sys.stderr)
            return 1
        count = 3 if args.smoke else iterations
        seconds = timed(partial(judge, body), count)
        peak = peak_bytes(partial(judge, body))
        print(
            f"{name:>8}: {len(body.encode()):>6} bytes  {1 / seconds:>9,.0f} ops/s  {seconds * 1e6:>9,.1f} µs/op  "
            f"peak {peak / 1024:>7,.1f} KiB  score {result.score} ({result.tier.value})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
