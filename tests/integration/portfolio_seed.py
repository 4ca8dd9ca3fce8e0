"""Seed the fake trackers with tickets of mixed quality for the portfolio, backfill and benchmark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira, add_problemframe_fields

CUSTOMERS = ("Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises")
KINDS = ("strong", "moderate", "weak", "unframed", "exempt")


def _evidence(index: int, count: int, *, today: dt.date) -> str:
    if count == 0:
        # Weak: one customer named, with no source, revenue, date or quote.
        return f"- {CUSTOMERS[index % len(CUSTOMERS)]}"
    lines = []
    for n in range(count):
        customer = CUSTOMERS[(index + n) % len(CUSTOMERS)]
        day = today - dt.timedelta(days=10 + n)
        lines.append(
            f"- {customer}, https://support.example.com/tickets/{index * 10 + n}, ${(n + 1) * 20}k ARR, "
            f'{day.isoformat()}, "Exports take an hour for us"'
        )
    return "\n".join(lines)


def _metric() -> dict[str, str]:
    return {
        "Success metric": "weekly active exporters",
        "Baseline": "1200",
        "Target": "1500",
        "Direction": "increase",
        "Measurement window": "30 days",
        "Data source": "manual",
    }


def form_body(index: int, kind: str, *, today: dt.date) -> str:
    """Return an issue-form body: strong (5 customers), moderate (1 with sources), weak (1 named only, no metric),
    unframed (free text)."""
    if kind == "unframed":
        return f"Please add a dark mode ({index})."
    count = {"strong": 5, "moderate": 1}.get(kind, 0)
    sections = {
        "Problem statement": f"Finance admins wait an hour for exports (case {index}); they miss the close.",
        "Customer evidence": _evidence(index, count, today=today),
    }
    if kind != "weak":
        sections.update(_metric())
    return "\n\n".join(f"### {label}\n\n{text}" for label, text in sections.items())


def kind_of(index: int) -> str:
    """Return the quality of the index-th seeded ticket (cycling through KINDS)."""
    return KINDS[index % len(KINDS)]


@contextmanager
def seeded_github(
    repo: str, count: int, *, login: str, token: str, today: dt.date, closed_every: int = 0
) -> Iterator[FakeGitHub]:
    """Serve a fake GitHub holding `count` seeded issues and an account `login` with `token`.

    Its secondary write limits are lifted so that a run of hundreds of tickets is not refused; on the way out
    it checks that every request followed GitHub's REST description.
    """
    fake = FakeGitHub(writes_per_minute=10**9, writes_per_hour=10**9)
    fake.start()
    try:
        fake.add_user(login, token=token)
        fake.add_repo(repo)
        seed_github(fake, repo, count, today=today, closed_every=closed_every)
        yield fake
    finally:
        fake.stop()
    assert fake.violations == []


def seed_github(fake: FakeGitHub, repo: str, count: int, *, today: dt.date, closed_every: int = 0) -> None:
    """Create `count` issues; every `closed_every`-th one closed (0: none); exempt ones carry `bug`."""
    for index in range(count):
        kind = kind_of(index)
        closed = closed_every > 0 and index % closed_every == closed_every - 1
        fake.add_issue(
            repo,
            title=f"Problem {index}: exports are slow",
            body=form_body(index, kind, today=today),
            labels=("chore",) if kind == "exempt" else (),
            user="alice",
            state="closed" if closed else "open",
            state_reason="completed" if closed else None,
        )


def seed_jira(fake: FakeJira, project: str, count: int, *, today: dt.date) -> None:
    """Create the project, its fields and `count` issues with the frame in custom fields (unframed: description)."""
    fake.add_project(project)
    add_problemframe_fields(fake)
    for index in range(count):
        kind = kind_of(index)
        fields: dict[str, Any] = {}
        description = ""
        if kind == "unframed":
            description = form_body(index, kind, today=today)
        else:
            fields["Problem statement"] = f"Finance admins wait an hour for exports (case {index})."
            fields["Customer evidence"] = _evidence(index, {"strong": 5, "moderate": 1}.get(kind, 0), today=today)
            if kind != "weak":
                fields["Success metric"] = "weekly active exporters from 1200 to 1500 within 30 days (source: manual)"
        fake.add_issue(
            project,
            f"Problem {index}: exports are slow",
            description=description,
            labels=("chore",) if kind == "exempt" else (),
            fields=fields,
        )
