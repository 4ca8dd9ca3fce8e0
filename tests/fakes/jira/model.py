"""What the fake Jira keeps (workflows, accounts, custom fields, issues), its errors, and Atlassian documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TEXTAREA = "com.atlassian.jira.plugin.system.customfieldtypes:textarea"
NUMBER = "com.atlassian.jira.plugin.system.customfieldtypes:float"
SELECT = "com.atlassian.jira.plugin.system.customfieldtypes:select"
SCHEMA_TYPES = {TEXTAREA: "string", NUMBER: "number", SELECT: "option"}
CATEGORIES = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
}


class JiraError(Exception):
    """An error answer in Jira's own shape."""

    def __init__(self, status: int, message: str, *, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"errorMessages": [message] if message else [], "errors": dict(errors or {})}


@dataclass
class Status:
    """A workflow status and its category key (new, indeterminate, done)."""

    id: str
    name: str
    category: str


@dataclass
class WorkflowTransition:
    """A transition to `to`; available from `sources` (None: from every other status)."""

    id: str
    name: str
    to: str
    sources: frozenset[str] | None = None


@dataclass
class Workflow:
    """Statuses and transitions of a project."""

    statuses: list[Status]
    transitions: list[WorkflowTransition]

    def status(self, name: str) -> Status:
        """Return the status called `name`."""
        for status in self.statuses:
            if status.name.lower() == name.lower():
                return status
        raise KeyError(name)


def default_workflow(*, outcome_review: bool = False) -> Workflow:
    """Return To Do -> In Progress -> Done, optionally with an 'Outcome review' status."""
    statuses = [
        Status("10000", "To Do", "new"),
        Status("3", "In Progress", "indeterminate"),
        Status("10001", "Done", "done"),
    ]
    transitions = [
        WorkflowTransition("11", "Back to do", "To Do"),
        WorkflowTransition("21", "Start progress", "In Progress"),
        WorkflowTransition("31", "Finish", "Done"),
    ]
    if outcome_review:
        statuses.append(Status("10002", "Outcome review", "indeterminate"))
        transitions.append(WorkflowTransition("41", "Review outcome", "Outcome review"))
    return Workflow(statuses, transitions)


@dataclass
class User:
    """A Jira account: Cloud knows it by accountId, Data Center by name."""

    account_id: str
    name: str
    display_name: str
    email: str
    can_edit: bool = True


@dataclass
class CustomField:
    """A custom field with its contexts and their options."""

    id: str
    name: str
    type: str
    description: str = ""
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Issue:
    """An issue's stored state."""

    id: str
    key: str
    project: str
    summary: str
    description: str | None
    labels: list[str]
    status: str
    reporter: User
    resolution: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    created: str = ""
    updated: str = ""


def jira_time() -> str:
    """Return the current time as Jira writes it."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def adf(text: str) -> dict[str, Any]:
    """Return an Atlassian Document Format document holding `text`, one paragraph a line."""
    paragraphs = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []} for line in text.split("\n")
    ]
    return {"type": "doc", "version": 1, "content": paragraphs}


def adf_text(node: Any) -> str:
    """Return the plain text of an ADF document (paragraphs joined by newlines)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return str(node.get("text", ""))
    parts = [adf_text(child) for child in node.get("content", [])]
    return ("\n" if node.get("type") == "doc" else "").join(parts)
