"""The operator's allow-list of places where a cited ticket may get a loop-closing comment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from integration.kinds import KINDS
from problemframe.loop import LoopTarget


@dataclass(frozen=True)
class AllowList:
    """Per kind of tracker, the containers written to (`owner/repo`, `owner/*`, project keys); nothing else is."""

    entries: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> AllowList:
        """Read PROBLEMFRAME_CLOSE_LOOP_ALLOW; raise ValueError naming the first entry that is neither form."""
        entries: dict[str, set[str]] = {}
        for entry in (part.strip() for part in (text or "").split(",")):
            if not entry:
                continue
            for kind in KINDS.values():
                kept = kind.allow_entry(entry)
                if kept is not None:
                    entries.setdefault(kind.name, set()).add(kept)
                    break
            else:
                raise ValueError(
                    f"PROBLEMFRAME_CLOSE_LOOP_ALLOW takes owner/repo, owner/* or Jira project keys, not {entry!r}"
                )
        return cls({name: frozenset(kept) for name, kept in entries.items()})

    def __bool__(self) -> bool:
        return any(self.entries.values())

    def allows(self, target: LoopTarget) -> bool:
        """Return whether the operator allows a loop-closing comment on the target's repository or project."""
        kind = KINDS.get(target.tracker)
        return kind is not None and kind.allows(self.entries.get(kind.name, frozenset()), target.container)
