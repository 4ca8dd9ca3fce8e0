"""Label arithmetic for SetLabels (GitHub label names compare case-insensitively) and the repository label cache."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from cachetools import TTLCache

from integration.retry import Clock


@dataclass(frozen=True)
class LabelChange:
    """What to add to and remove from an issue so its managed labels become the wanted ones."""

    add: tuple[str, ...]
    remove: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


def label_change(current: Iterable[str], *, wanted: Iterable[str], managed: Iterable[str]) -> LabelChange:
    """Return the smallest change; labels outside `managed` (and not wanted) are never touched."""
    present = {name.lower(): name for name in current}
    wanted_by_key = {name.lower(): name for name in wanted}
    managed_keys = {name.lower() for name in managed}
    add = tuple(sorted(name for key, name in wanted_by_key.items() if key not in present))
    remove = tuple(sorted(name for key, name in present.items() if key in managed_keys and key not in wanted_by_key))
    return LabelChange(add, remove)


class RepoLabelCache:
    """Remember, per repository, which label names exist, so labels are listed rarely and created once."""

    def __init__(self, *, ttl: float, clock: Clock, size: int = 4096) -> None:
        self._known: TTLCache[str, set[str]] = TTLCache(maxsize=size, ttl=ttl, timer=clock)
        self._lock = threading.Lock()

    def missing(self, container: str, names: Iterable[str]) -> set[str] | None:
        """Return the names not known to exist, or None when the cache for the repository is stale."""
        with self._lock:
            known = self._known.get(container.lower())
            if known is None:
                return None
            return {name for name in names if name.lower() not in known}

    def replace(self, container: str, names: Iterable[str]) -> None:
        """Store the full list of a repository's labels."""
        with self._lock:
            self._known[container.lower()] = {name.lower() for name in names}

    def add(self, container: str, name: str) -> None:
        """Note one label that now exists (the repository's list keeps its expiry)."""
        with self._lock:
            known = self._known.get(container.lower())
            if known is not None:
                known.add(name.lower())
