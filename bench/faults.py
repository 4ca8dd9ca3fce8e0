"""Faults: two `problemframe serve` replicas on one PostgreSQL database, a kill -9, a GitHub outage, a DB restart.

The fake GitHub runs in this process; the replicas share a private PostgreSQL cluster (initdb + pg_ctl in a temp
dir, never the shared server on 5432). --deliveries signed `issues.opened`/`issues.edited` deliveries go to both
replicas over --issues issues; at a fifth of them GitHub answers the service 503 for --outage seconds, at 40% one
replica is killed with SIGKILL (started again once its deliveries are taken over), at 65% the database is crashed
and started again. Then every issue must show the labels and sticky comment its final body calls for, once.
Targets: 0 deliveries failed for good, 0 issues with two sticky comments, 0 wrong issues, 0 answers of 500, 0
tracebacks; takeover within the lease and a poll.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# The run lives with the tests; a clone runs this script from its root or from bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    """Run the fault run and print the report; exit 1 when it found a problem."""
    from tests.e2e.fault_run import Plan, run
    from tests.e2e.private_postgres import missing_reason, private_postgres

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=1000, help="deliveries to send")
    parser.add_argument("--issues", type=int, default=50, help="issues they are spread over")
    parser.add_argument("--rate", type=float, default=5.0, help="deliveries a second")
    parser.add_argument("--outage", type=float, default=60.0, help="seconds GitHub answers the service 503")
    parser.add_argument("--lease", type=float, default=5.0, help="the replicas' worker lease, seconds")
    parser.add_argument("--smoke", action="store_true", help="a quick run (100 deliveries, 3 s outage) for CI")
    args = parser.parse_args(argv)
    reason = missing_reason()
    if reason is not None:
        print(f"faults: skipped: no private PostgreSQL cluster: {reason}")
        return 0
    if args.smoke:
        args.deliveries, args.issues, args.rate, args.outage, args.lease = 100, 10, 10.0, 3.0, 3.0
    with private_postgres() as cluster, tempfile.TemporaryDirectory() as workdir:
        plan = Plan(deliveries=args.deliveries, issues=args.issues, rate=args.rate, outage_seconds=args.outage,
                    lease_seconds=args.lease, restart_database=lambda: cluster.restart(down_for=2.0),
                    drain_timeout=600.0)
        report = run(plan, cluster.url, Path(workdir))
    print("\n".join(report.lines()) + f"\n  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    for problem in report.problems():
        print(f"  PROBLEM: {problem}")
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
