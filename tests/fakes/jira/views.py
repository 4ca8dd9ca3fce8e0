"""The JSON the fake Jira answers with: accounts (Cloud or Data Center), statuses, comments, issues, fields."""

from __future__ import annotations

from typing import Any

from tests.fakes.jira.model import CATEGORIES, SCHEMA_TYPES, SELECT, TEXTAREA, CustomField, Issue, User, adf
from tests.fakes.jira.state import JiraState


class JiraViews(JiraState):
    """The state as Jira shows it, in API version 2 (wiki text) or 3 (documents); `url` is where it is served."""

    url: str

    def user_json(self, user: User) -> dict[str, Any]:
        if self.deployment == "Cloud":
            return {
                "self": f"{self.url}/rest/api/2/user?accountId={user.account_id}",
                "accountId": user.account_id,
                "accountType": "atlassian",
                "displayName": user.display_name,
                "active": True,
            }
        return {
            "self": f"{self.url}/rest/api/2/user?username={user.name}",
            "name": user.name,
            "key": user.name,
            "displayName": user.display_name,
            "emailAddress": user.email,
            "active": True,
        }

    def status_json(self, name: str) -> dict[str, Any]:
        status = self.workflow.status(name)
        category_id, category_name, colour = CATEGORIES[status.category]
        return {
            "self": f"{self.url}/rest/api/2/status/{status.id}",
            "id": status.id,
            "name": status.name,
            "description": "",
            "statusCategory": {
                "self": f"{self.url}/rest/api/2/statuscategory/{category_id}",
                "id": category_id,
                "key": status.category,
                "colorName": colour,
                "name": category_name,
            },
        }

    def comment_json(self, issue: Issue, comment: dict[str, Any], version: str) -> dict[str, Any]:
        author = self.user_json(comment["author"])
        return {
            "self": f"{self.url}/rest/api/{version}/issue/{issue.id}/comment/{comment['id']}",
            "id": comment["id"],
            "author": author,
            "updateAuthor": author,
            "body": comment["body"] if version != "3" else adf(comment["body"]),
            "created": comment["created"],
            "updated": comment["updated"],
        }

    def issue_json(self, issue: Issue, version: str) -> dict[str, Any]:
        project = self.projects[issue.project]
        text = (lambda value: value) if version != "3" else (lambda value: None if value is None else adf(value))
        fields: dict[str, Any] = {
            "summary": issue.summary,
            "description": text(issue.description),
            "labels": list(issue.labels),
            "status": self.status_json(issue.status),
            "resolution": None if issue.resolution is None else {"id": "10000", "name": issue.resolution},
            "project": {"id": project["id"], "key": project["key"], "name": project["name"]},
            "issuetype": {"id": "10001", "name": "Story", "subtask": False},
            "reporter": self.user_json(issue.reporter),
            "created": issue.created,
            "updated": issue.updated,
            "comment": {
                "comments": [self.comment_json(issue, c, version) for c in issue.comments[: self.embedded_comments]],
                "maxResults": self.embedded_comments,
                "total": len(issue.comments),
                "startAt": 0,
            },
        }
        for custom in self.fields.values():
            raw = issue.custom.get(custom.id)
            if custom.type == SELECT and isinstance(raw, dict):
                raw = {"self": f"{self.url}/rest/api/2/customFieldOption/{raw['id']}", **raw}
            elif custom.type == TEXTAREA:
                raw = text(raw)
            fields[custom.id] = raw
        return {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog",
            "id": issue.id,
            "self": f"{self.url}/rest/api/{version}/issue/{issue.id}",
            "key": issue.key,
            "fields": fields,
        }

    def field_json(self, custom: CustomField) -> dict[str, Any]:
        number = custom.id.removeprefix("customfield_")
        return {
            "id": custom.id,
            "key": custom.id,
            "name": custom.name,
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [f"cf[{number}]", custom.name],
            "schema": {
                "type": SCHEMA_TYPES.get(custom.type, "string"),
                "custom": custom.type,
                "customId": int(number),
            },
        }

    def system_fields_json(self) -> list[dict[str, Any]]:
        names = {"summary": "Summary", "description": "Description", "labels": "Labels", "status": "Status"}
        names |= {"resolution": "Resolution", "project": "Project", "comment": "Comment", "reporter": "Reporter"}
        return [
            {"id": key, "key": key, "name": name, "custom": False, "clauseNames": [key], "schema": {"system": key}}
            for key, name in names.items()
        ]
