"""Backfill throughput and write cost: seed the fake GitHub, run `backfill --apply` twice, edit some, run again.

Run `python bench/backfill.py [--tickets 500] [--smoke]`. The fake GitHub serves over real HTTP on loopback and is
driven by the real PyGithub client; its secondary limits are lifted and the adapter paces on a virtual clock, so
the figures measure the work per ticket, not GitHub's write budget. Targets: the second run makes no writes; a
changed ticket costs at most two writes (labels, comment) beyond the one-off creation of the repository's labels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from github import Auth, Github

from integration.backfill import Backfill, Summary
from integration.github.clients import CLIENT_OPTIONS
from integration.github.portfolio import GitHubIssueReader, same_sticky_body
from integration.github.tracker import GitHubTracker
from problemframe.policy import Policy

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub

# The fake GitHub and the seeding helpers live in tests/, which is not installed: `python bench/backfill.py`
# finds them from the project root.
ROOT = Path(__file__).resolve().parent.parent

REPO = "bench/app"
BOT = "problemframe-bot"
MAX_WRITES_PER_CHANGED = 2


@dataclass
class RunFigures:
    """One backfill run as measured from outside."""

    summary: Summary
    seconds: float
    writes: int
    label_creations: int


def _run(fake: FakeGitHub) -> RunFigures:
    from tests.fakes.clock import FakeClock

    clock = FakeClock()
    tracker = GitHubTracker.from_token(
        "bench-token", api_url=fake.base_url, write_interval=0.0, clock=clock.time, sleep=clock.sleep
    )
    client = Github(base_url=fake.base_url, auth=Auth.Token("bench-token"), **CLIENT_OPTIONS)
    fake.clear_log()
    started = time.perf_counter()
    tickets = list(GitHubIssueReader(client, REPO).tickets(state="open"))
    runner = Backfill(
        tracker=tracker, policy=Policy(), service_login=BOT, apply=True, same_body=same_sticky_body,
        sleep=clock.sleep,
    )
    summary = runner.run(tickets)
    seconds = time.perf_counter() - started
    writes = fake.writes()
    created = sum(1 for w in writes if w.path == f"/repos/{REPO}/labels")
    return RunFigures(summary, seconds, len(writes), created)


def _edit_some(fake: FakeGitHub, count: int) -> str:
    """Re-word every 7th framed ticket and give every 7th unframed one a full frame; return what was edited."""
    from tests.integration.portfolio_seed import form_body, kind_of

    today = dt.datetime.now(dt.UTC).date()
    reworded = framed = 0
    for index in range(0, count, 7):
        kind = kind_of(index)
        if kind == "exempt":
            continue
        fresh = "strong" if kind == "unframed" else kind
        fake.issue(REPO, index + 1).body = form_body(index + count, fresh, today=today)
        reworded += kind != "unframed"
        framed += kind == "unframed"
    return f"{reworded} re-worded + {framed} newly framed"


def _most(run: RunFigures) -> int:
    return max((result.writes for result in run.summary.results), default=0)


def _line(name: str, run: RunFigures) -> str:
    s = run.summary
    changed = max(s.changed, 1)
    per_changed = (run.writes - run.label_creations) / changed if s.changed else 0.0
    return (
        f"{name}: {s.evaluated} tickets in {run.seconds:.2f}s = {s.evaluated / run.seconds:.0f} tickets/s "
        f"(reading included); {run.writes} writes = {run.writes / max(s.evaluated, 1):.2f} per ticket; "
        f"{s.changed} changed at {per_changed:.2f} writes each, at most {_most(run)} "
        f"(+{run.label_creations} label creations); "
        f"{s.exempt} exempt; {s.failed} failed"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument(
        "--smoke", action="store_true",
        help="Seed about 30 tickets: a quick check that it runs; exits 1 only when a ticket fails.",
    )
    options = parser.parse_args(argv)
    count = 30 if options.smoke else options.tickets
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.integration.portfolio_seed import seeded_github


    today = dt.datetime.now(dt.UTC).date()
    with seeded_github(REPO, count, login=BOT, token="bench-token", today=today) as fake:
        first = _run(fake)
        second = _run(fake)
        edited = _edit_some(fake, count)
        third = _run(fake)

    print(f"backfill --apply over {count} seeded tickets (fake GitHub, real PyGithub)")
    print(_line("first run ", first))
    print(_line("second run", second))
    print(_line(f"after editing {edited}", third))
    missed = []
    if second.writes:
        missed.append(f"second run made {second.writes} writes; target 0")
    budget = MAX_WRITES_PER_CHANGED * first.summary.changed
    if first.writes - first.label_creations > budget:
        missed.append(f"first run: {first.writes - first.label_creations} writes for {first.summary.changed} "
                      f"tickets; target at most {MAX_WRITES_PER_CHANGED} each")
    if _most(third) > MAX_WRITES_PER_CHANGED:
        missed.append(f"after edits: a ticket cost {_most(third)} writes; target at most {MAX_WRITES_PER_CHANGED} "
                      "(the adapter adds labels in one request but removes them one request each)")
    failed = first.summary.failed + second.summary.failed + third.summary.failed
    for problem in missed:
        print(f"MISSED: {problem}")
    if failed:
        print(f"FAILED: {failed} tickets")
    return 1 if failed or (missed and not options.smoke) else 0


if __name__ == "__main__":
    sys.exit(main())
