"""GitHub Projects write cost: set a project up twice, sync seeded tickets' item fields, sync again, edit some.

Run `python bench/projects.py [--tickets 500] [--smoke]`. The fake GitHub (REST and GraphQL, both checked against
GitHub's published descriptions) serves over loopback, driven by the real PyGithub and gql clients through
`backfill --apply`; pacing runs on a virtual clock, so the figures are work per ticket, not GitHub's write budget.
Targets: a second setup writes nothing; a new item costs at most 3 writes (add it, score, tier); a second sync
writes nothing; a ticket whose score changes costs 1 project write (2 when its tier changes too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from github import Auth, Github

from integration.backfill import Backfill
from integration.github.clients import CLIENT_OPTIONS
from integration.github.portfolio import GitHubIssueReader, same_sticky_body
from integration.github.tracker import GitHubTracker
from problemframe.policy import Policy, ProjectRef

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub

# The fakes and seeding helpers live in tests/, which is not installed: found from the project root.
ROOT = Path(__file__).resolve().parent.parent
REPO = "bench/app"
BOT = "problemframe-bot"
PROJECT = ProjectRef(owner="bench", number=1)


def _tracker(fake: FakeGitHub) -> tuple[GitHubTracker, Callable[[float], None]]:
    """Return a tracker pacing on a virtual clock, and that clock's sleep (GitHub's hourly write budget is waited
    out in virtual time)."""
    from tests.fakes.clock import FakeClock

    clock = FakeClock()
    tracker = GitHubTracker.from_token(
        "bench-token", api_url=fake.base_url, write_interval=0.0, clock=clock.time, sleep=clock.sleep
    )
    return tracker, clock.sleep


def _sync(fake: FakeGitHub) -> tuple[int, float, int]:
    """Run backfill --apply over the open tickets; return project writes, seconds, and tickets judged."""
    tracker, sleep = _tracker(fake)
    client = Github(base_url=fake.base_url, auth=Auth.Token("bench-token"), **CLIENT_OPTIONS)
    before = len(fake.projects.writes())
    started = time.perf_counter()
    tickets = list(GitHubIssueReader(client, REPO).tickets(state="open"))
    summary = Backfill(tracker=tracker, policy=Policy(), service_login=BOT, apply=True,
                       same_body=same_sticky_body, sleep=sleep).run(tickets)
    if summary.failed:
        raise RuntimeError(f"{summary.failed} tickets failed")
    return len(fake.projects.writes()) - before, time.perf_counter() - started, summary.evaluated


def _setup(fake: FakeGitHub) -> int:
    writes: list[int] = []
    _tracker(fake)[0].setup_project(PROJECT, on_writes=writes.append)
    return sum(writes)


def _raise_scores(fake: FakeGitHub, count: int) -> int:
    """Double the ARR cited on every 7th moderate ticket (its score moves a point, its tier stays)."""
    from tests.integration.portfolio_seed import kind_of

    changed = 0
    for index in range(count):
        if kind_of(index) == "moderate" and index % 7 == 1:
            issue = fake.issue(REPO, index + 1)
            issue.body = (issue.body or "").replace("$20k ARR", "$40k ARR", 1)
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument("--smoke", action="store_true", help="Seed 30 tickets: a quick check that it runs.")
    options = parser.parse_args(argv)
    count = 30 if options.smoke else options.tickets
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.integration.portfolio_seed import seeded_github

    today = dt.datetime.now(dt.UTC).date()
    with seeded_github(REPO, count, login=BOT, token="bench-token", today=today) as fake:
        fake.put_file(REPO, ".github/problemframe.yml", f"projects: [{{owner: {PROJECT.owner}, number: 1}}]")
        fake.projects.add_project(PROJECT.owner, PROJECT.number)
        setups = (_setup(fake), _setup(fake))
        first = _sync(fake)
        second = _sync(fake)
        changed = _raise_scores(fake, count)
        third = _sync(fake)
        violations = list(fake.projects.violations)

    print(f"GitHub Projects sync over {count} seeded tickets (fake GitHub REST + GraphQL, real PyGithub and gql)")
    print(f"setup github-project: {setups[0]} writes, then {setups[1]} on the rerun")
    for name, (writes, seconds, judged) in (("first sync ", first), ("second sync", second)):
        print(f"{name}: {judged} tickets in {seconds:.2f}s = {judged / seconds:.0f} tickets/s; {writes} project "
              f"writes = {writes / max(judged, 1):.2f} per ticket")
    print(f"after raising {changed} scores: {third[0]} project writes = {third[0] / max(changed, 1):.2f} per changed "
          f"ticket, in {third[1]:.2f}s")
    missed = []
    if setups[1]:
        missed.append(f"the second setup made {setups[1]} writes; target 0")
    if first[0] > 3 * first[2]:
        missed.append(f"first sync: {first[0]} writes for {first[2]} tickets; target at most 3 each")
    if second[0]:
        missed.append(f"second sync made {second[0]} writes; target 0")
    if changed and third[0] > changed:
        missed.append(f"{third[0]} writes for {changed} changed scores; target 1 each")
    if violations:
        missed.append(f"{len(violations)} GraphQL documents outside GitHub's schema: {violations[0]}")
    for problem in missed:
        print(f"MISSED: {problem}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
