"""What the GitHub Projects tests share: a repository naming project acme/7, the project's fields, framing actions."""

from __future__ import annotations

from problemframe.actions import Action, SetField, SetLabels, UpsertComment
from problemframe.events import TicketRef
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub

REPO = "acme/widgets"
POLICY = "projects:\n  - owner: acme\n    number: 7\n"
REF = TicketRef(tracker="github", container=REPO, key="1")
MANAGED = frozenset({"needs-framing", "evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong"})


def framing(score: float, tier: str, *, outcome: str | None = None) -> list[Action]:
    """Return the actions a framing decision produces (labels, fields, sticky comment)."""
    actions: list[Action] = [
        SetLabels(ref=REF, wanted=frozenset({f"evidence-{tier}"}), managed=MANAGED),
        SetField(ref=REF, name="Evidence score", value=score),
        SetField(ref=REF, name="Evidence strength", value=tier),
    ]
    if outcome is not None:
        actions.append(SetField(ref=REF, name="Outcome", value=outcome))
    return [*actions, UpsertComment(ref=REF, body=f"score {score}")]


def seed_fields(fake: FakeGitHub, project: Project) -> None:
    """Give the project the four fields, as `setup github-project` would."""
    fake.projects.add_field(project, "Evidence score", "NUMBER")
    fake.projects.add_field(project, "Evidence", "SINGLE_SELECT", options=("none", "weak", "moderate", "strong"))
    fake.projects.add_field(
        project, "Outcome", "SINGLE_SELECT",
        options=("pending", "review", "met", "partial", "missed", "inconclusive", "skipped"),
    )
    fake.projects.add_field(project, "Outcome due", "DATE")


def seed_board(fake_github: FakeGitHub) -> Project:
    """Seed the service's token, a repository naming project acme/7 in its policy, one issue, and the project."""
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.put_file(REPO, ".github/problemframe.yml", POLICY)
    fake_github.add_issue(REPO, title="Exports time out")
    project = fake_github.projects.add_project("acme", 7)
    seed_fields(fake_github, project)
    return project


def node_id(fake: FakeGitHub) -> str:
    """Return the issue's GraphQL node id."""
    return f"I_{fake.issue(REPO, 1).id}"
