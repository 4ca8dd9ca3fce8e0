"""Frames and steps the Jira end-to-end flows share: a fake site, setup as the admin runs it, the sticky comment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer.testing import CliRunner

from integration.jira.comments import MARKER
from tests.e2e.jira_support import HOOK_URL, PROJECT, Service, admin_env, issue_delivery, recent
from tests.fakes.jira.server import FakeJira
from webhooks.cli import app as cli

UNFRAMED = "Exports are slow. Please add a CSV button to the report page."


def strong_frame() -> str:
    """Return a complete frame in wiki markup, with three named customers and recent dates."""
    return "\n".join([
        "h2. Problem",
        "Warehouse managers at 3PL customers cannot bulk-edit SKUs; each catalogue change takes a full day.",
        "",
        "h2. Customer evidence",
        f"* Acme Logistics — [SF opportunity|https://acme.my.salesforce.com/006Qx000001] — $85k ARR — {recent(12)}",
        f"* Globex Freight — [Gong call|https://app.gong.io/call?id=555] — $40k ARR — {recent(30)}",
        "{quote}We'd move our second warehouse onto you if bulk edit existed.{quote}",
        f"* Initech — [ZD-2231|https://initech.zendesk.com/agent/tickets/2231] — {recent(5)}",
        "",
        "h2. Success metric",
        "*Metric:* catalogue changes completed per week",
        "*Baseline:* 12",
        "*Target:* 40",
        "*Window:* 30 days",
        '*Source:* Looker dashboard "Catalogue ops"',
    ])


def field_frame() -> dict[str, str]:
    """Return a complete frame as a PM types it into the three custom fields."""
    return {
        "Problem statement": "IT admins at regulated customers create every user by hand; onboarding 500 seats takes"
        " 2 days.",
        "Customer evidence": "\n".join([
            f"* Wayne Enterprises — [SFDC opp|https://wayne.lightning.force.com/r/Opportunity/0065/view] — $300k ARR"
            f" — {recent(12)}",
            f"* Umbrella — [Zendesk #9912|https://umbrella.zendesk.com/agent/tickets/9912] — {recent(30)}",
            "{quote}Without SSO our security team won't approve the rollout.{quote}",
        ]),
        "Success metric": "onboarding time for a 500-seat team from 48 hours to 1 hour, measured in Mixpanel"
        " onboarding_duration within 60 days",
    }


@contextmanager
def jira_site() -> Iterator[FakeJira]:
    """Run a fake Jira with the project and its admin; on leaving, check nothing broke Jira's rules."""
    fake = FakeJira()
    fake.add_project(PROJECT)
    fake.add_user("admin", account_id="5b10ac8d82e05b22cc7d4eaa", display_name="Site Admin")
    with fake:
        yield fake
    assert fake.violations == []


def set_up(jira: FakeJira) -> dict[str, str]:
    """Run `problemframe setup jira` as the admin does and return the JQL it prints."""
    result = CliRunner().invoke(
        cli, ["setup", "jira", "--project", PROJECT, "--url", HOOK_URL], env=admin_env(jira)
    )
    assert result.exit_code == 0, result.output
    return dict(re.findall(r"^  (\w+): (project = .+)$", result.output, re.M))


def created(jira: FakeJira, service: Service, key: str) -> None:
    """Deliver `jira:issue_created` for an issue and wait for the worker."""
    response = service.deliver(issue_delivery(jira, "issue_created", key))
    assert response.status_code == 202, response.text
    service.drain()


def sticky(jira: FakeJira, key: str) -> dict[str, Any]:
    """Return the issue's one comment, checking it is the service's sticky comment."""
    [comment] = jira.issue(key).comments
    assert comment["author"] is jira.bot and comment["body"].startswith(MARKER + "\n")
    return comment
