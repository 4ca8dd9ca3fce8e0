"""Hostile variants of real captured webhook payloads, as hypothesis strategies (shared by tests and bench/).

A case takes one real delivery from tests/fixtures and damages it the way a fuzzer or a broken proxy would: a value
anywhere in the tree replaced by the wrong type, a huge integer, deep nesting, a lone surrogate or NUL, a key
dropped, or the body itself cut short or corrupted. The body is then signed correctly, so only the door's own
parsing and checks stand between it and the inbox.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"
_HOLE = "\x01hostile\x01"
_HOLE_JSON = json.dumps(_HOLE)


@dataclass(frozen=True)
class Case:
    """One signed delivery to send: the door, its event header (GitHub) and the raw body."""

    door: str
    event: str | None
    body: bytes
    delivery: str

    def describe(self) -> str:
        """Return a short line naming the case (for failure messages)."""
        return f"{self.door} {self.event or ''} {self.body[:160]!r}"


def _fixtures(folder: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((FIXTURES / folder).glob("*.json")):
        payload = json.loads(path.read_text())
        if isinstance(payload, dict):
            found.append((path.stem, payload))
    return found


GITHUB = _fixtures("github")
JIRA = _fixtures("jira-webhooks")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _nested(depth: int, *, objects: bool) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if objects else ("[" * depth + "]" * depth)


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)

RAW_VALUES: st.SearchStrategy[str] = st.one_of(
    st.builds(_nested, st.integers(30, 3000), objects=st.booleans()),
    st.integers(20, 6000).map(lambda digits: "9" * digits),
    st.integers(20, 6000).map(lambda digits: "-" + "1" * digits),
    st.sampled_from(['"\\ud800"', '"owner/\\udfffrepo"', '"\\ud83d"', '"a\\u0000b"', '"\\u0000"', "NaN",
                     "-Infinity", "1e999999", '"' + "x" * 20000 + '"', "[1, 2, 3]", '"not a list"', "{}", "[]",
                     '"2019-13-45T99:99:99Z"', '"../../etc"', "true", "null", "-1", "0", "1.5"]),
    _JUNK.map(json.dumps),
)
"""JSON text for one value: what replaces a node of the real payload."""


@st.composite
def _damaged(draw: st.DrawFn, payload: dict[str, Any]) -> bytes:
    tree = json.loads(json.dumps(payload))
    paths = list(_paths(tree))
    holes: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent: Any = tree
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = _HOLE
                holes.append(draw(RAW_VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    text = json.dumps(tree, ensure_ascii=draw(st.booleans()))
    for raw in holes:
        text = text.replace(_HOLE_JSON, raw, 1)
    body = text.encode("utf-8", "surrogatepass")
    cut = draw(st.sampled_from(["none", "none", "none", "truncate", "byte", "prefix"]))
    if cut == "truncate" and body:
        body = body[: draw(st.integers(0, len(body) - 1))]
    elif cut == "byte" and body:
        at = draw(st.integers(0, len(body) - 1))
        body = body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]
    elif cut == "prefix":
        body = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b" "])) + body
    return body


@st.composite
def github_cases(draw: st.DrawFn) -> Case:
    """Return a hostile GitHub delivery: a damaged real payload under its own event name, or a wrong one."""
    name, payload = draw(st.sampled_from(GITHUB))
    own_event = name.split(".")[0]
    event = draw(st.sampled_from([own_event, own_event, own_event, "issues", "issue_comment", "installation", "ping"]))
    return Case("github", event, draw(_damaged(payload)), str(uuid.uuid4()))


@st.composite
def jira_cases(draw: st.DrawFn) -> Case:
    """Return a hostile Jira delivery: a damaged real payload."""
    _, payload = draw(st.sampled_from(JIRA))
    return Case("jira", None, draw(_damaged(payload)), str(uuid.uuid4()))


def cases() -> st.SearchStrategy[Case]:
    """Return hostile deliveries for either door."""
    return st.one_of(github_cases(), jira_cases())


def request_of(case: Case, *, github_secret: str, jira_secret: str) -> tuple[str, dict[str, str]]:
    """Return the path and signed headers to send a case with."""
    from webhooks.signatures import sign

    if case.door == "github":
        headers = {
            "X-GitHub-Event": case.event or "issues",
            "X-GitHub-Delivery": case.delivery,
            "X-Hub-Signature-256": sign(github_secret, case.body),
            "Content-Type": "application/json",
        }
        return "/webhooks/github", headers
    headers = {
        "X-Hub-Signature": sign(jira_secret, case.body),
        "X-Atlassian-Webhook-Identifier": case.delivery,
        "Content-Type": "application/json",
    }
    return "/webhooks/jira", headers
