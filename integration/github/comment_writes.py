"""Comments on GitHub issues: the sticky one edited in place, one-off ones posted once, both fitted to the limit."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from github import Github
from github.Issue import Issue
from github.IssueComment import IssueComment

from integration.github.calls import Calls
from integration.github.comments import GITHUB_STICKY
from integration.github.issues import Issues
from integration.github.writes import Writer, Writes
from integration.sticky import fit, has_first_line, same_text, upsert_sticky
from integration.tracker import Written
from problemframe.actions import PostComment, UpsertComment
from problemframe.events import TicketRef


class _IssueThread:
    """One issue's comments for the shared sticky comment code; writes are counted in `writes`."""

    def __init__(self, gh: Github, issue: Issue, ref: TicketRef, calls: Calls, writer: Writer, writes: Writes) -> None:
        self._gh = gh
        self._issue = issue
        self._ref = ref
        self._calls = calls
        self._writer = writer
        self._writes = writes

    def comments(self) -> Sequence[IssueComment]:
        return self._calls.call(self._gh, lambda: list(self._issue.get_comments()))

    def author(self, comment: IssueComment) -> str | None:
        return comment.user.login

    def text(self, comment: IssueComment) -> str:
        return comment.body

    def create(self, body: str) -> None:
        self._writer.rest(
            self._gh, self._writes, f"create the sticky comment on {self._ref}",
            lambda: self._issue.create_comment(body), comment=True, status=201,
            written=Written(self._ref.key, "comment", "created"),
        )

    def edit(self, comment: IssueComment, body: str) -> None:
        self._writer.rest(
            self._gh, self._writes, f"edit the sticky comment on {self._ref}", lambda: comment.edit(body),
            written=Written(self._ref.key, "comment", "updated"),
        )


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
            thread = self._thread(ref, Writes())
            return has_first_line(thread.comments(), first_line, login=login, author=thread.author, text=thread.text)

        return self._calls.retrying(look, what=f"comments of {ref}")

    def upsert(self, action: UpsertComment, writes: Writes) -> None:
        """Create the sticky comment, or edit it when its text changed."""
        login = self._login()
        upsert_sticky(self._thread(action.ref, writes), action.body, login=login, style=GITHUB_STICKY)

    def post(self, action: PostComment, writes: Writes) -> None:
        """Post a one-off comment; a retry after a lost answer does not post it twice."""
        body = fit(action.body, GITHUB_STICKY)
        gh, issue = self._issues.lazy(action.ref)
        if id(action) in writes.posted:
            # An earlier attempt's POST failed in flight (5xx, timeout) but may have landed: if the newest
            # comment is ours with this body, it did, and posting again would duplicate it.
            login = self._login()
            comments = self._calls.call(gh, lambda: list(issue.get_comments()))
            if comments and comments[-1].user.login == login and same_text(comments[-1].body, body):
                return
        writes.posted.add(id(action))
        self._writer.rest(
            gh, writes, f"comment on {action.ref}", lambda: issue.create_comment(body), comment=True, status=201,
            written=Written(action.ref.key, "comment", "posted"),
        )

    def _thread(self, ref: TicketRef, writes: Writes) -> _IssueThread:
        gh, issue = self._issues.lazy(ref)
        return _IssueThread(gh, issue, ref, self._calls, self._writer, writes)
