"""Check that a GitHub delivery the service acts on has the shape its reader relies on; say what is wrong if not.

Only the fields the service reads are checked, with the types GitHub documents for them:
https://docs.github.com/en/webhooks/webhook-events-and-payloads
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from integration.github.events import INSTALLATION_EVENTS, classify, installation_change, to_ticket_event
from integration.shape import first_problem

# Owner (39) and repository (100) names: letters, digits, '-', '_' and '.'.
FullName = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")]
Id = Annotated[StrictInt, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _User(_Model):
    login: StrictStr | None = None
    type: StrictStr | None = None


class _Label(_Model):
    name: StrictStr


class _Repository(_Model):
    full_name: FullName


class _Issue(_Model):
    number: Annotated[StrictInt, Field(gt=0)]
    title: StrictStr | None = None
    body: StrictStr | None = None
    labels: list[_Label] | None = None
    state: StrictStr | None = None
    state_reason: StrictStr | None = None
    html_url: StrictStr | None = None
    user: _User | None = None
    updated_at: StrictStr | None = None
    reactions: dict[str, Any] | None = None

    @field_validator("updated_at")
    @classmethod
    def _timestamp(cls, value: str | None) -> str | None:
        """Refuse a time GitHub would not write (ISO 8601, `Z` for UTC)."""
        if value is not None:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value


class _Comment(_Model):
    id: Id
    body: StrictStr | None = None
    user: _User | None = None
    author_association: StrictStr | None = None
    updated_at: StrictStr | None = None


class _Installation(_Model):
    id: Id
    account: _User | None = None


class _IssuesEvent(_Model):
    action: StrictStr
    issue: _Issue
    repository: _Repository
    sender: _User | None = None
    installation: _Installation | None = None


class _CommentEvent(_IssuesEvent):
    comment: _Comment


class _InstallationEvent(_Model):
    action: StrictStr | None = None
    installation: _Installation
    repositories: list[_Repository] | None = None
    repositories_added: list[_Repository] | None = None
    repositories_removed: list[_Repository] | None = None


_SHAPES: Mapping[str, type[_Model]] = {
    "issues": _IssuesEvent,
    "issue_comment": _CommentEvent,
    "installation": _InstallationEvent,
    "installation_repositories": _InstallationEvent,
}


def problem(event: str, payload: Mapping[str, Any]) -> str | None:
    """Return why a delivery the service acts on cannot be read, or None when it can (or is not acted on)."""
    if not classify(event, payload).handled:
        return None
    try:
        _SHAPES[event].model_validate(payload)
    except ValidationError as error:
        return first_problem(error)
    # The reader itself is pure: what it cannot read now it will never read.
    try:
        if event in INSTALLATION_EVENTS:
            installation_change(event, payload)
        else:
            to_ticket_event(event, payload)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return f"{type(error).__name__}: {error}"[:300]
    return None
