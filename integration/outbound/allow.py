"""The operator's allow-list of places where a cited ticket may get a loop-closing comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from problemframe.loop import LoopTarget

_REPO = re.compile(r"[A-Za-z0-9_.-]+/(?:[A-Za-z0-9_.-]+|\*)")
_PROJECT = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True)
class AllowList:
    """`owner/repo` and `owner/*` on GitHub, project keys on Jira; nothing else is ever written to."""

    github: frozenset[str] = frozenset()
    jira: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> AllowList:
        """Read PROBLEMFRAME_CLOSE_LOOP_ALLOW; raise ValueError naming the first entry that is neither form."""
        github: set[str] = set()
        jira: set[str] = set()
        for entry in (part.strip() for part in (text or "").split(",")):
            if not entry:
                continue
            if _REPO.fullmatch(entry):
                github.add(entry.casefold())
            elif _PROJECT.fullmatch(entry):
                jira.add(entry)
            else:
                raise ValueError(
                    f"PROBLEMFRAME_CLOSE_LOOP_ALLOW takes owner/repo, owner/* or Jira project keys, not {entry!r}"
                )
        return cls(frozenset(github), frozenset(jira))

    def allows(self, target: LoopTarget) -> bool:
        """Return whether the operator allows a loop-closing comment on the target's repository or project."""
        if target.tracker == "github":
            owner = target.container.split("/", 1)[0]
            return target.container.casefold() in self.github or f"{owner}/*".casefold() in self.github
        return target.tracker == "jira" and target.container in self.jira
