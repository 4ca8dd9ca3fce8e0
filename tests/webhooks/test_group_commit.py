"""Deliveries arriving together are stored in one transaction, each answered once its own row is committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event

from integration.store import Arrival, Store
from webhooks.group_commit import GroupCommitter, InboxUnavailable


def arrival(delivery_id: str, **changes: Any) -> Arrival:
    values: dict[str, Any] = {
        "source": "github", "delivery_id": delivery_id, "event": "issues", "action": "opened", "body": b"{}",
        "ticket_key": f"github:o/r:{delivery_id}",
    }
    values.update(changes)
    return Arrival(**values)


def commits_of(store: Store) -> list[int]:
    """Return a list that grows by one at every commit on the store's engine."""
    seen: list[int] = []
    event.listen(store.engine, "commit", lambda connection: seen.append(1))
    return seen


def test_fifty_deliveries_arriving_together_share_a_few_commits(store: Store) -> None:
    committer = GroupCommitter(store.inbox)
    commits = commits_of(store)

    async def arrive() -> list[bool | BaseException]:
        answers = await asyncio.gather(*(committer.accept(arrival(f"d{n}")) for n in range(50)),
                                       return_exceptions=True)
        await committer.close()
        return answers

    answers = asyncio.run(arrive())

    assert answers == [True] * 50
    assert len(store.inbox.find(limit=100)) == 50
    assert len(commits) <= 3  # the first alone, the rest together


def test_a_redelivery_within_one_batch_is_a_duplicate(store: Store) -> None:
    committer = GroupCommitter(store.inbox)

    async def arrive() -> list[bool]:
        answers = await asyncio.gather(*(committer.accept(arrival(name)) for name in ("a", "b", "b", "a", "c")))
        await committer.close()
        return list(answers)

    assert asyncio.run(arrive()) == [True, True, False, False, True]
    assert sorted(d.delivery_id for d in store.inbox.find()) == ["a", "b", "c"]


def test_a_row_the_database_refuses_does_not_take_its_neighbours_down(store: Store) -> None:
    committer = GroupCommitter(store.inbox)
    refused = arrival("bad", event=None)  # NOT NULL: the database refuses it

    async def arrive() -> list[bool | BaseException]:
        answers = await asyncio.gather(
            *(committer.accept(item) for item in (arrival("x"), arrival("y"), refused, arrival("z"))),
            return_exceptions=True,
        )
        await committer.close()
        return list(answers)

    answers = asyncio.run(arrive())

    assert answers[:2] == [True, True] and answers[3] is True
    assert isinstance(answers[2], InboxUnavailable)
    assert sorted(d.delivery_id for d in store.inbox.find()) == ["x", "y", "z"]


@pytest.mark.parametrize("count", [1, 7])
def test_every_answer_comes_after_its_row_is_committed(store: Store, count: int) -> None:
    committer = GroupCommitter(store.inbox)

    async def arrive() -> list[bool]:
        results = []
        for n in range(count):
            results.append(await committer.accept(arrival(f"s{n}")))
            # Another connection already sees the row: it was committed before the answer.
            assert [d.delivery_id for d in store.inbox.find() if d.delivery_id == f"s{n}"] == [f"s{n}"]
        await committer.close()
        return results

    assert asyncio.run(arrive()) == [True] * count
