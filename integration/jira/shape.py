"""Check that a Jira delivery the service acts on has the shape its reader relies on; say what is wrong if not.

Only the fields the service reads are checked, with the types of Jira's webhook payloads:
https://developer.atlassian.com/cloud/jira/platform/webhooks/#webhook-payload
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from integration.jira.events import IssueNotInPayload, classify, normalise
from integration.shape import first_problem

IssueId = Annotated[StrictStr, Field(pattern=r"^[0-9]{1,30}$")] | Annotated[StrictInt, Field(ge=0)]
Text = StrictStr | dict[str, Any]  # wiki markup (v2, Data Center) or an ADF document (v3)
Time = StrictStr | StrictInt  # ISO text or epoch milliseconds


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Named(_Model):
    key: StrictStr | None = None
    name: StrictStr | None = None


class _User(_Model):
    accountId: StrictStr | None = None
    name: StrictStr | None = None
    key: StrictStr | None = None
    displayName: StrictStr | None = None
    self: StrictStr | None = None


class _Status(_Model):
    name: StrictStr | None = None
    statusCategory: _Named | None = None


class _Fields(_Model):
    project: _Named | None = None
    summary: StrictStr | None = None
    description: Text | None = None
    labels: list[StrictStr] | None = None
    status: _Status | None = None
    resolution: _Named | None = None
    issuetype: _Named | None = None
    reporter: _User | None = None
    updated: Time | None = None
    votes: dict[str, Any] | None = None


class _Issue(_Model):
    id: IssueId
    key: Annotated[StrictStr, Field(max_length=100)] | None = None
    fields: _Fields | None = None


class _Item(_Model):
    field: StrictStr | None = None
    fieldId: StrictStr | None = None
    fromString: StrictStr | None = None
    toString: StrictStr | None = None


class _Changelog(_Model):
    items: list[_Item] | None = None


class _Comment(_Model):
    id: StrictStr | StrictInt | None = None
    self: StrictStr | None = None
    body: Text | None = None
    author: _User | None = None
    updateAuthor: _User | None = None


class _Event(_Model):
    webhookEvent: StrictStr
    timestamp: Time | None = None
    issue_event_type_name: StrictStr | None = None
    user: _User | None = None
    issue: _Issue | None = None
    changelog: _Changelog | None = None
    comment: _Comment | None = None


def problem(payload: Mapping[str, Any]) -> str | None:
    """Return why a delivery the service acts on cannot be read, or None when it can (or is not acted on)."""
    if not isinstance(payload.get("webhookEvent"), str):
        return None  # not a Jira event at all: the door says so
    try:
        _Event.model_validate(payload)
    except ValidationError as error:
        return first_problem(error)
    envelope = classify(payload)
    if envelope is None or not envelope.handled:
        return None
    # The reader itself is pure: what it cannot read now it will never read.
    try:
        normalise(payload, service_logins=())
    except IssueNotInPayload:
        return None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return f"{type(error).__name__}: {error}"[:300]
    return None
