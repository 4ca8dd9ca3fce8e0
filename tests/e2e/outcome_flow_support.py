"""Steps the GitHub outcome flows share: frame an issue, close it, comment on it, read its record and results."""

from __future__ import annotations

from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord
from tests.e2e.github_support import AUTHOR, MAINTAINER, REPO, World, framed_body


def record_of(world: World, number: int) -> OutcomeRecord | None:
    """Return the stored outcome record of an issue."""
    return world.store.outcomes.get(TicketRef(tracker="github", container=REPO, key=str(number)))


def framed_issue(world: World) -> int:
    """Open a complete issue and let the service frame it."""
    number = world.fake.add_issue(REPO, title="Exports time out", body=framed_body(), user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    assert world.labels(number) == {"evidence-strong"}
    return number


def close(world: World, number: int, *, reason: str = "completed", by: str = MAINTAINER) -> None:
    """Close the issue on GitHub as a person, then deliver `issues.closed` as GitHub would."""
    world.edit_issue(by, number, state="closed", state_reason=reason)
    world.deliver("issues", world.issue_payload("issues.closed", number, sender=by))
    world.settle()


def say(world: World, number: int, body: str, *, by: str = MAINTAINER, association: str = "MEMBER") -> None:
    """Comment on the issue as a person, then deliver `issue_comment.created`."""
    comment = world.comment(by, number, body)
    world.deliver("issue_comment", world.comment_payload(number, comment, association=association))
    world.settle()


def shipped_issue(world: World) -> int:
    """Frame an issue and close it as completed, starting its measurement window."""
    number = framed_issue(world)
    close(world, number)
    return number


def results_comments(world: World, number: int) -> list[str]:
    """Return the bodies of the results comments the service posted on the issue."""
    return [c.body for c in world.bot_comments(number) if "Outcome results:" in c.body.split("\n", 1)[0]]
