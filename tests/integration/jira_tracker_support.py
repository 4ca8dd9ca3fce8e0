"""What the JiraTracker tests share: a fake Jira set up for the service, a ticket reference, the managed labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from problemframe.events import TicketRef
from tests.fakes.jira.model import default_workflow
from tests.fakes.jira.server import FakeJira, add_problemframe_fields

MANAGED = frozenset({"needs-framing", "evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong"})


@contextmanager
def jira_server() -> Iterator[FakeJira]:
    """Run a fake Jira with project PROJ, the outcome review status and the service's fields; check its rules after."""
    server = FakeJira(workflow=default_workflow(outcome_review=True))
    server.add_project("PROJ")
    add_problemframe_fields(server)
    with server:
        yield server
    assert server.violations == []


def ref(key: str) -> TicketRef:
    return TicketRef(tracker="jira", container=key.split("-")[0], key=key)
