"""The GitHub adapter's caches expire by the injected clock, not the wall clock."""

from __future__ import annotations

from integration.github.labels import RepoLabelCache
from integration.github.policies import LoadedPolicy, PolicyCache
from integration.github.projects import Board, BoardCache
from problemframe.policy import Policy, ProjectRef


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_policy_is_fresh_for_its_ttl_and_its_error_outlives_it() -> None:
    clock = Clock()
    cache = PolicyCache(ttl=60, clock=clock)
    loaded = LoadedPolicy(Policy(), "broken")
    cache.put("Acme/App", loaded)
    clock.now += 59.9
    assert cache.get("acme/app") is loaded
    clock.now += 0.1
    assert cache.get("acme/app") is None
    assert cache.last("ACME/APP") is loaded


def test_repository_labels_expire_together_and_a_created_label_does_not_extend_them() -> None:
    clock = Clock()
    cache = RepoLabelCache(ttl=60, clock=clock)
    assert cache.missing("acme/app", ["bug"]) is None
    cache.replace("acme/app", ["Bug"])
    clock.now += 30
    cache.add("acme/app", "needs-framing")
    assert cache.missing("acme/app", ["bug", "Needs-Framing", "tier:strong"]) == {"tier:strong"}
    clock.now += 30
    assert cache.missing("acme/app", ["bug"]) is None


def test_a_board_is_read_again_after_its_ttl_or_when_dropped() -> None:
    clock = Clock()
    cache = BoardCache(ttl=60, clock=clock)
    reads: list[int] = []
    ref = ProjectRef(owner="Acme", number=3)

    def read() -> Board:
        reads.append(1)
        return Board(ref=ref, id=f"P{len(reads)}", title="Roadmap", url="https://github.com/orgs/acme/projects/3")

    assert cache.get(ref, read).id == "P1"
    assert cache.get(ProjectRef(owner="acme", number=3), read).id == "P1"
    clock.now += 60
    assert cache.get(ref, read).id == "P2"
    cache.drop(ref)
    assert cache.get(ref, read).id == "P3"
