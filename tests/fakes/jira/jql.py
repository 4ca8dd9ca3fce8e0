"""A small JQL subset: clauses joined by AND, then ORDER BY, over the issues' system and custom fields."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.jira.model import CATEGORIES, Issue, JiraError
from tests.fakes.jira.state import JiraState

SYSTEM_CLAUSES = (
    "project",
    "labels",
    "status",
    "statuscategory",
    "key",
    "issuekey",
    "summary",
    "resolution",
    "id",
    "created",
    "updated",
)


def clause_field(fake: JiraState, name: str) -> str:
    """Return the clause's field id, or raise Jira's 400 for an unknown field."""
    lowered = name.lower()
    if lowered in SYSTEM_CLAUSES:
        return lowered
    match = re.fullmatch(r"cf\[(\d+)\]", lowered)
    if match and f"customfield_{match.group(1)}" in fake.fields:
        return f"customfield_{match.group(1)}"
    try:
        return fake.field_by_name(name).id
    except KeyError:
        raise JiraError(400, f"Field '{name}' does not exist or you do not have permission to view it.") from None


def clause_value(fake: JiraState, issue: Issue, name: str) -> Any:
    """Return what a clause compares for an issue."""
    field_id = clause_field(fake, name)
    status = fake.workflow.status(issue.status)
    simple = {
        "project": issue.project,
        "labels": issue.labels,
        "status": issue.status,
        "statuscategory": CATEGORIES[status.category][1],
        "key": issue.key,
        "issuekey": issue.key,
        "summary": issue.summary,
        "resolution": issue.resolution,
        "id": issue.id,
        "created": issue.created,
        "updated": issue.updated,
    }
    if field_id in simple:
        return simple[field_id]
    raw = issue.custom.get(field_id)
    return raw["value"] if isinstance(raw, dict) else raw


class Jql:
    """A small JQL subset: clauses joined by AND, then ORDER BY."""

    _token = re.compile(
        r'\s*(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|(>=|<=|!=|=|>|<|~|\(|\)|,)|([^\s"\'=<>!~(),]+))'
    )

    def __init__(self, fake: JiraState, jql: str) -> None:
        self.fake = fake
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = jql.strip()
        while position < len(text):
            match = self._token.match(text, position)
            if not match or match.end() == position:
                raise JiraError(400, f"Error in the JQL Query: unexpected character at position {position}.")
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            if quoted is not None:
                self.tokens.append(("str", quoted))
            elif match.group(3):
                self.tokens.append(("op", match.group(3)))
            else:
                self.tokens.append(("word", match.group(4)))
            position = match.end()
        self.clauses: list[tuple[str, str, list[str]]] = []
        self.order: list[tuple[str, bool]] = []
        self._parse()

    def _next(self) -> tuple[str, str]:
        if not self.tokens:
            raise JiraError(400, "Error in the JQL Query: the query ended unexpectedly.")
        return self.tokens.pop(0)

    def _peek_word(self, *words: str) -> bool:
        return bool(self.tokens) and self.tokens[0][0] == "word" and self.tokens[0][1].lower() in words

    def _parse(self) -> None:
        while self.tokens and not self._peek_word("order"):
            name = self._next()[1]
            clause_field(self.fake, name)
            kind, op = self._next()
            if kind == "word" and op.lower() in ("in", "is"):
                op = op.lower()
                if op == "is" and self._peek_word("not"):
                    self._next()
                    op = "is not"
            elif kind != "op":
                raise JiraError(400, f"Error in the JQL Query: expecting an operator but got '{op}'.")
            values: list[str] = []
            if op == "in":
                if self._next() != ("op", "("):
                    raise JiraError(400, "Error in the JQL Query: expecting '(' after IN.")
                while True:
                    values.append(self._next()[1])
                    sep = self._next()
                    if sep == ("op", ")"):
                        break
                    if sep != ("op", ","):
                        raise JiraError(400, "Error in the JQL Query: expecting ',' or ')'.")
            else:
                values.append(self._next()[1])
            self.clauses.append((name, op, values))
            if self._peek_word("and"):
                self._next()
            elif self.tokens and not self._peek_word("order"):
                raise JiraError(
                    400, f"Error in the JQL Query: expecting AND or ORDER BY but got '{self.tokens[0][1]}'."
                )
        if self._peek_word("order"):
            self._next()
            if not self._peek_word("by"):
                raise JiraError(400, "Error in the JQL Query: expecting BY after ORDER.")
            self._next()
            while self.tokens:
                name = self._next()[1]
                clause_field(self.fake, name)
                descending = False
                if self._peek_word("asc", "desc"):
                    descending = self._next()[1].lower() == "desc"
                self.order.append((name, descending))
                if self.tokens and self._next() != ("op", ","):
                    raise JiraError(400, "Error in the JQL Query: expecting ',' between ORDER BY fields.")

    def matches(self, issue: Issue) -> bool:
        return all(self._match(issue, name, op, values) for name, op, values in self.clauses)

    def _match(self, issue: Issue, name: str, op: str, values: list[str]) -> bool:
        actual = clause_value(self.fake, issue, name)
        if op in ("is", "is not"):
            empty = actual is None or actual == [] or actual == ""
            return empty if op == "is" else not empty
        candidates = actual if isinstance(actual, list) else [actual]
        if op == "in":
            return any(_equal(item, value) for item in candidates for value in values)
        value = values[0]
        if op == "=":
            return any(_equal(item, value) for item in candidates)
        if op == "!=":
            return actual is not None and not any(_equal(item, value) for item in candidates)
        if op == "~":
            return isinstance(actual, str) and value.lower().strip("*") in actual.lower()
        if actual is None or isinstance(actual, list):
            return False
        try:
            left, right = float(actual), float(value)
        except (TypeError, ValueError):
            left, right = str(actual).lower(), value.lower()  # type: ignore[assignment]
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op]

    def sort(self, issues: list[Issue]) -> list[Issue]:
        ordered = sorted(issues, key=lambda issue: int(issue.id))
        for name, descending in reversed(self.order):
            present = [issue for issue in ordered if clause_value(self.fake, issue, name) is not None]
            absent = [issue for issue in ordered if clause_value(self.fake, issue, name) is None]
            present.sort(key=lambda issue: _sort_key(clause_value(self.fake, issue, name)), reverse=descending)
            ordered = present + absent
        return ordered


def _equal(actual: Any, value: str) -> bool:
    if actual is None:
        return False
    if isinstance(actual, int | float):
        try:
            return float(actual) == float(value)
        except ValueError:
            return False
    return str(actual).lower() == value.lower()


def _sort_key(value: Any) -> tuple[int, float, str]:
    if isinstance(value, int | float):
        return (0, float(value), "")
    return (1, 0.0, str(value).lower())
