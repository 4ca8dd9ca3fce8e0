"""Every GitHub write goes through here: paced, counted, logged, and skipped in a dry run."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from github import Github
from gql import GraphQLRequest

from integration.github.calls import Calls
from integration.github.graphql import GraphQL
from integration.github.projects import Write
from integration.retry import WritePacer
from integration.tracker import WriteListener, Written

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class Writes:
    """What one `apply` wrote so far."""

    count: int = 0
    posted: set[int] = field(default_factory=set)  # id() of PostComment actions whose POST went out


class Writer:
    """Make REST and GraphQL writes at the pace GitHub allows, or only log them in a dry run."""

    def __init__(
        self, calls: Calls, pacer: WritePacer, *, dry_run: bool, on_write: WriteListener | None = None
    ) -> None:
        self.dry_run = dry_run
        self._calls = calls
        self._pacer = pacer
        self._on_write = on_write

    def rest(
        self, gh: Github, writes: Writes, what: str, fn: Callable[[], T], *, comment: bool = False, status: int = 200,
        written: Written | None = None,
    ) -> T | None:
        """Make one REST write; `comment` paces it as GitHub paces content creation; `written` is told once done.

        In a dry run `written` is told at once, as what the write would have done.
        """
        if self.dry_run:
            log.info("dry run: would %s", what)
            self._tell(written)
            return None
        self._pacer.wait(comment=comment)
        writes.count += 1
        log.info("%s", what)
        result = self._calls.call(gh, fn, ok_status=status)
        self._tell(written)
        return result

    def graphql(self, graphql: GraphQL, writes: Writes, *, key: str | None = None) -> Write:
        """Return a function making GraphQL mutations through `graphql`, counted in `writes`.

        With `key`, each mutation is told as a change to that ticket's project item.
        """

        def write(what: str, document: GraphQLRequest, variables: Mapping[str, Any]) -> dict[str, Any] | None:
            if self.dry_run:
                log.info("dry run: would %s", what)
                self._tell(None if key is None else Written(key, "project", what))
                return None
            self._pacer.wait()
            writes.count += 1
            log.info("%s", what)
            result = graphql.execute(document, variables)
            self._tell(None if key is None else Written(key, "project", what))
            return result

        return write

    def _tell(self, written: Written | None) -> None:
        if written is not None and self._on_write is not None:
            self._on_write(written)
