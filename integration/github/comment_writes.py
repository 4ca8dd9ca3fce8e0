"""Comments on GitHub issues: the sticky one edited in place, one-off ones posted once."""

from __future__ import annotations

from collections.abc import Callable

from github import Github
from github.Issue import Issue
from github.IssueComment import IssueComment

from integration.github.calls import Calls
from integration.github.comments import check_length, is_sticky, same_text, with_marker
from integration.github.issues import Issues
from integration.github.writes import Writer, Writes
from problemframe.actions import PostComment, UpsertComment
from problemframe.events import TicketRef


class CommentWriter:
    """Read and write an issue's comments as the service's own account (`login`)."""

    def __init__(self, issues: Issues, calls: Calls, writer: Writer, login: Callable[[], str]) -> None:
        self._issues = issues
        self._calls = calls
        self._writer = writer
        self._login = login

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the issue whose first line is `first_line`."""
        login = self._login()

        def look() -> bool:
            comments = self._comments(*self._issues.lazy(ref))
            return any(c.user.login == login and c.body.split("\n", 1)[0] == first_line for c in comments)

        return self._calls.retrying(look, what=f"comments of {ref}")

    def upsert(self, action: UpsertComment, writes: Writes) -> None:
        """Create the sticky comment, or edit it when its text changed."""
        body = with_marker(action.body)
        check_length(action.ref, body)
        login = self._login()
        gh, issue = self._issues.lazy(action.ref)
        mine = next((c for c in self._comments(gh, issue) if is_sticky(c.body, c.user.login, login=login)), None)
        if mine is None:
            self._writer.rest(
                gh, writes, f"create the sticky comment on {action.ref}", lambda: issue.create_comment(body),
                comment=True, status=201,
            )
        elif not same_text(mine.body, body):
            self._writer.rest(gh, writes, f"edit the sticky comment on {action.ref}", lambda: mine.edit(body))

    def post(self, action: PostComment, writes: Writes) -> None:
        """Post a one-off comment; a retry after a lost answer does not post it twice."""
        check_length(action.ref, action.body)
        gh, issue = self._issues.lazy(action.ref)
        if id(action) in writes.posted:
            # An earlier attempt's POST failed in flight (5xx, timeout) but may have landed: if the newest
            # comment is ours with this body, it did, and posting again would duplicate it.
            login = self._login()
            comments = self._comments(gh, issue)
            if comments and comments[-1].user.login == login and same_text(comments[-1].body, action.body):
                return
        writes.posted.add(id(action))
        self._writer.rest(
            gh, writes, f"comment on {action.ref}", lambda: issue.create_comment(action.body), comment=True, status=201
        )

    def _comments(self, gh: Github, issue: Issue) -> list[IssueComment]:
        return self._calls.call(gh, lambda: list(issue.get_comments()))
