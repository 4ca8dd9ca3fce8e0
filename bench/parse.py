"""Parse-and-score throughput and peak memory for a typical (~2 KB) body, a large (64 KB) one and the labelled corpus.

Each line also gives the time markdown-it-py takes to tokenize the same bodies, and the ratio of the two: the whole
judgement should stay within 2x a tokenize pass.
"""

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
from pathlib import Path

from markdown_it import MarkdownIt

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


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
TOKENIZER = MarkdownIt("commonmark").enable("table")


def corpus_bodies() -> list[str]:
    """Return every ticket body of the labelled corpus (markdown, Jira wiki and ADF)."""
    return [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*/*")) if path.suffix in (".md", ".wiki",
                                                                                                       ".json")]


def tokenize_all(bodies: list[str]) -> None:
    """Tokenize each body with markdown-it-py, the yardstick of the judgement's cost."""
    for body in bodies:
        TOKENIZER.parse(body)


def judge_all(bodies: list[str]) -> None:
    """Parse and score each body."""
    for body in bodies:
        judge(body)


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
        tokenize = timed(partial(tokenize_all, [body]), count)
        peak = peak_bytes(partial(judge, body))
        print(
            f"{name:>8}: {len(body.encode()):>6} bytes  {1 / seconds:>9,.0f} ops/s  {seconds * 1e6:>9,.1f} µs/op  "
            f"peak {peak / 1024:>7,.1f} KiB  score {result.score} ({result.tier.value})  "
            f"markdown-it {tokenize * 1e6:,.1f} µs, ratio {seconds / tokenize:.2f}x"
        )
    # Every ticket of the corpus, read once per round; a smoke run reads every twentieth.
    bodies = corpus_bodies()[:: 20 if args.smoke else 1]
    if bodies:
        count = 1
        seconds = timed(partial(judge_all, bodies), count)
        tokenize = timed(partial(tokenize_all, bodies), count)
        size = sum(len(body.encode()) for body in bodies)
        print(f"  corpus: {len(bodies)} tickets, {size:,} bytes  {seconds * 1e6 / len(bodies):,.1f} µs/ticket  "
              f"markdown-it {tokenize * 1e6 / len(bodies):,.1f} µs/ticket, ratio {seconds / tokenize:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
