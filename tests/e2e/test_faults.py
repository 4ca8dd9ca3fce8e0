"""The fault suite: two replicas on PostgreSQL keep every issue right through a kill -9, a GitHub outage and a
database restart (bench/faults.py runs the same with 1,000 deliveries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.fault_run import Plan, run
from tests.e2e.private_postgres import missing_reason, private_postgres


@pytest.mark.timeout(300)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_killed_replica_and_a_github_outage_leave_every_issue_right_and_commented_once(
    database_url: str, tmp_path: Path
) -> None:
    report = run(Plan(deliveries=100, issues=10, rate=10.0, kill=True, outage_seconds=4.0), database_url, tmp_path)

    assert report.problems() == [], "\n".join(report.lines())
    assert report.answers.sent == 100
    assert report.refused_by_github > 0, "GitHub's outage came after the service's last request"
    assert report.held_at_kill == 0 or report.takeover_seconds is not None


@pytest.mark.timeout(300)
@pytest.mark.skipif(missing_reason() is not None, reason=f"no private PostgreSQL cluster: {missing_reason()}")
def test_a_database_restart_mid_run_loses_no_delivery_and_doubles_no_comment(tmp_path: Path) -> None:
    with private_postgres() as cluster:
        plan = Plan(deliveries=100, issues=10, rate=10.0, kill=False,
                    restart_database=lambda: cluster.restart(down_for=2.0), drain_timeout=60.0)
        report = run(plan, cluster.url, tmp_path)

    assert report.problems() == [], "\n".join(report.lines())
    assert report.database_restarts == 1
    assert report.answers.sent == 100
