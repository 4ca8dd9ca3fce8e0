"""The fault run: two `serve` replicas on one PostgreSQL database take signed deliveries while faults strike.

Mid-run one replica is killed with SIGKILL (and started again once its deliveries are taken over), GitHub answers
the service 503 for a while, and the database may be restarted. Afterwards every issue must show what its final
body calls for, once: the same labels and sticky comment as an issue opened with that body in a quiet moment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from integration.github.comments import MARKER
from integration.store import DeliveryStatus, Store, make_engine
from tests.e2e.fault_traffic import EMPTY, Answers, FlakyGitHub, Traffic, final_bodies, script
from tests.e2e.github_support import AUTHOR, BOT, REPO, seed, wait_until
from tests.e2e.replica_process import Replica, replica_env


@dataclass(frozen=True)
class Plan:
    """How big the run is and which faults strike in it."""

    deliveries: int = 100
    issues: int = 10
    rate: float | None = 10.0  # deliveries a second; None: as fast as the replicas answer
    kill: bool = True
    outage_seconds: float = 0.0
    restart_database: Callable[[], None] | None = None
    lease_seconds: float = 3.0
    drain_timeout: float = 180.0
    lanes: int = 8


@dataclass(frozen=True)
class Outcome:
    """What an issue shows on GitHub: its labels and the bodies of the service's sticky comments."""

    labels: frozenset[str]
    stickies: tuple[str, ...]


@dataclass
class Report:
    """What the run measured."""

    plan: Plan
    answers: Answers = field(default_factory=Answers)
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    wrong: list[int] = field(default_factory=list)
    held_at_kill: int = 0
    takeover_seconds: float | None = None
    refused_by_github: int = 0
    database_restarts: int = 0
    tracebacks: int = 0

    def server_errors(self) -> int:
        """Count answers of 500 or more other than 503 (the door's honest 'the inbox is unavailable')."""
        return sum(n for status, n in self.answers.statuses.items() if status >= 500 and status != 503)

    def problems(self) -> list[str]:
        """Return what went wrong, one line each; empty when the run held."""
        found = [f"{len(self.failed)} deliveries failed for good: {self.failed[:5]}"] if self.failed else []
        found += [f"issues with two sticky comments: {self.duplicates}"] if self.duplicates else []
        found += [f"issues not matching their final body: {self.wrong}"] if self.wrong else []
        found += [f"{self.server_errors()} answers of 500 or more"] if self.server_errors() else []
        found += [f"{self.tracebacks} tracebacks in the replicas' logs"] if self.tracebacks else []
        return found

    def lines(self) -> list[str]:
        """Return the printed report."""
        plan, answers = self.plan, self.answers
        takeover = f"{self.takeover_seconds:.1f} s" if self.takeover_seconds is not None else "n/a"
        return [
            f"faults: {answers.sent} deliveries over {plan.issues} issues to 2 replicas on PostgreSQL "
            f"in {self.seconds:.1f} s",
            f"  kill -9 of a replica holding {self.held_at_kill} deliveries: taken over in {takeover} "
            f"(lease {plan.lease_seconds:.0f} s)" if plan.kill else "  no replica killed",
            f"  GitHub down {plan.outage_seconds:.0f} s: {self.refused_by_github} requests answered 503; "
            f"database restarted {self.database_restarts} times",
            "  answers " + "  ".join(f"{s}: {n}" for s, n in sorted(answers.statuses.items()))
            + f"  refused connections: {answers.refused}",
            f"  failures {len(self.failed)}  duplicates {len(self.duplicates)}  wrong issues {len(self.wrong)}  "
            f"5xx other than 503 {self.server_errors()}  tracebacks {self.tracebacks}  (target 0 each)",
        ]


def run(plan: Plan, database_url: str, workdir: Path) -> Report:
    """Start the fake GitHub and two replicas on `database_url`, run the plan, check GitHub's state."""
    report = Report(plan)
    fake = FlakyGitHub()
    fake.start()
    seed(fake)
    Store.open(database_url).close()  # the deployment's migration step, before the replicas start
    store = Store(make_engine(database_url))
    env = replica_env(database_url, fake.base_url, lease=plan.lease_seconds)
    replicas = [Replica(name, env, workdir) for name in ("replica-a", "replica-b")]
    try:
        for replica in replicas:
            replica.start()
        expected = _references(fake, replicas[0], store)
        _faulty_run(plan, fake, replicas, store, report)
        _check(fake, store, expected, report)
    finally:
        for replica in replicas:
            replica.stop()
        store.close()
        fake.stop()
    report.refused_by_github = fake.refused
    report.tracebacks = sum(replica.log_text().count("Traceback") for replica in replicas)
    return report


def _outcome(fake: FlakyGitHub, number: int) -> Outcome:
    stickies = tuple(c.body for c in fake.comments(REPO, number) if c.user.login == BOT and c.body.startswith(MARKER))
    return Outcome(frozenset(fake.issue(REPO, number).labels), stickies)


def _references(fake: FlakyGitHub, replica: Replica, store: Store) -> dict[str, Outcome]:
    """Open one issue with each final body in a quiet moment; return what each shows, by body."""
    traffic = Traffic(fake, [replica.url], rate=None)
    numbers = {}
    for name, body in final_bodies().items():
        numbers[body] = fake.add_issue(REPO, title=f"Reference: {name}", body=body, user=AUTHOR).number
        traffic.run_issue_step(numbers[body], 0, None)
    _drain(store, timeout=60)
    return {body: _outcome(fake, number) for body, number in numbers.items()}


def _faulty_run(plan: Plan, fake: FlakyGitHub, replicas: list[Replica], store: Store, report: Report) -> None:
    numbers = [fake.add_issue(REPO, title=f"Exports time out ({n})", body=EMPTY, user=AUTHOR).number
               for n in range(plan.issues)]
    steps = {number: plan.deliveries // plan.issues + (n < plan.deliveries % plan.issues)
             for n, number in enumerate(numbers)}
    traffic = Traffic(fake, [replica.url for replica in replicas], rate=plan.rate)
    report.answers = traffic.answers
    faults = Faults(plan, fake, replicas, store, traffic.answers, report)

    def lane(mine: list[int]) -> None:
        bodies = {number: script(number, steps[number]) for number in mine}
        for step in range(max(steps.values())):
            for number in mine:
                if step < steps[number]:
                    traffic.run_issue_step(number, step, bodies[number][step - 1] if step else None)

    started = time.monotonic()
    faults.start()
    try:
        with ThreadPoolExecutor(plan.lanes) as pool:
            for done in [pool.submit(lane, numbers[n::plan.lanes]) for n in range(plan.lanes)]:
                done.result()
    finally:
        faults.finish()
    _drain(store, timeout=plan.drain_timeout)
    report.seconds = time.monotonic() - started


def _drain(store: Store, *, timeout: float) -> None:
    def drained() -> bool:
        try:
            return store.inbox.depth() == 0
        except Exception:  # the database restarting: ask again
            return False

    wait_until(drained, "the replicas to drain the inbox", timeout=timeout)


def _check(fake: FlakyGitHub, store: Store, expected: dict[str, Outcome], report: Report) -> None:
    report.failed = [d.delivery_id for d in store.inbox.find(status=DeliveryStatus.FAILED, limit=10**6)]
    for number, issue in sorted(fake.repo(REPO).issues.items()):
        if issue.title.startswith("Reference"):
            continue
        outcome = _outcome(fake, number)
        if len(outcome.stickies) > 1:
            report.duplicates.append(number)
        if outcome != expected[issue.body or EMPTY]:
            report.wrong.append(number)


class Faults(threading.Thread):
    """Strikes as the deliveries go out: GitHub down at a fifth, a replica killed at 40%, the database at 65%."""

    def __init__(
        self, plan: Plan, fake: FlakyGitHub, replicas: list[Replica], store: Store, answers: Answers, report: Report
    ) -> None:
        super().__init__(name="faults", daemon=True)
        self.plan, self.fake, self.replicas, self.store = plan, fake, replicas, store
        self.answers, self.report = answers, report
        self._finished = threading.Event()
        self._error: BaseException | None = None

    def run(self) -> None:
        """Strike each fault once its share of the deliveries has gone out."""
        try:
            if self._reached(0.2) and self.plan.outage_seconds:
                self.fake.go_down(self.plan.outage_seconds)
            if self._reached(0.4) and self.plan.kill:
                self._kill_and_restart(self.replicas[1])
            if self._reached(0.65) and self.plan.restart_database is not None:
                self.plan.restart_database()
                self.report.database_restarts += 1
        except Exception as error:  # handed to the main thread by finish()
            self._error = error

    def _reached(self, share: float) -> bool:
        while self.answers.sent < share * self.plan.deliveries:
            if self._finished.wait(0.05):
                return False
        return True

    def _held_by(self, pid: int) -> int:
        processing = self.store.inbox.find(status=DeliveryStatus.PROCESSING, limit=10**6)
        return sum(1 for d in processing if d.claimed_by is not None and f":{pid}:" in d.claimed_by)

    def _kill_and_restart(self, victim: Replica) -> None:
        pid = victim.pid
        victim.kill()
        killed_at = time.monotonic()
        self.report.held_at_kill = self._held_by(pid)
        if self.report.held_at_kill:
            wait_until(lambda: self._held_by(pid) == 0, "the other replica to take over",
                       timeout=4 * self.plan.lease_seconds + 30)
            self.report.takeover_seconds = time.monotonic() - killed_at
        victim.start()

    def finish(self) -> None:
        """Wait for the faults still due (all of them once every delivery went out); raise what went wrong."""
        self._finished.set()
        self.join()
        if self._error is not None:
            raise self._error
