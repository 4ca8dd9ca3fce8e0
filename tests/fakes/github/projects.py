"""A stateful fake of GitHub's GraphQL API for Projects (v2): every document is validated against GitHub's schema.

Requests are parsed, validated and executed by graphql-core against the published schema, with resolvers that
answer from the state (projects_state.py); anything the schema refuses is recorded as a violation.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, execute, parse, validate

from tests.fakes.github.projects_model import Field, GitHubGraphQLError, Item, Mutation, Option, Project
from tests.fakes.github.projects_state import ProjectsState


class FakeProjects(ProjectsState):
    """Projects (v2) state and the GraphQL endpoint that serves it."""

    # ---- the endpoint -------------------------------------------------------------------------------------------

    def handle(
        self,
        raw: bytes,
        *,
        before_mutation: Callable[[], None] = lambda: None,
        reaches: Callable[[str], bool] = lambda owner: True,
    ) -> tuple[int, dict[str, Any]]:
        """Validate and execute one GraphQL request body; return the status and the JSON answer.

        `before_mutation` runs before a valid mutation is carried out (the server's write limits may refuse it);
        `reaches` says whose projects the caller's credential reaches (callers are served one at a time).
        """
        self._reaches = reaches
        try:
            body = json.loads(raw)
            query = body["query"]
            variables = body.get("variables") or {}
        except (ValueError, KeyError, TypeError) as exc:
            self.violations.append(f"not a GraphQL request body: {exc}")
            return 400, {"message": "Problems parsing JSON"}
        try:
            document = parse(query)
        except GraphQLError as exc:
            self.violations.append(f"unparsable document: {exc.message}")
            return 200, {"errors": [exc.formatted]}
        problems = validate(self.schema, document)
        if problems:
            self.violations.extend(f"schema: {p.message}" for p in problems)
            return 200, {"errors": [p.formatted for p in problems]}
        if any(isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
               for d in document.definitions):
            before_mutation()
        result = execute(self.schema, document, root_value=self._root(), variable_values=variables)
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            errors = []
            for error in result.errors:
                original = error.original_error
                entry = dict(error.formatted)
                if isinstance(original, GitHubGraphQLError):
                    entry["type"] = original.kind
                elif original is not None and not isinstance(original, GraphQLError):
                    self.violations.append(f"fake failed: {original!r}")
                else:
                    self.violations.append(f"execution: {error.message}")
                errors.append(entry)
            answer["errors"] = errors
        return 200, answer

    def _root(self) -> dict[str, Any]:
        return {
            "repositoryOwner": self._owner,
            "organization": lambda info, login: self._owner(info, login, kind="Organization"),
            "user": lambda info, login: self._owner(info, login, kind="User"),
            "node": self._node,
            "addProjectV2ItemById": self._add_item,
            "updateProjectV2ItemFieldValue": self._set_value,
            "clearProjectV2ItemFieldValue": self._clear_value,
            "createProjectV2Field": self._create_field,
            "updateProjectV2Field": self._update_field,
        }

    # ---- mutations ----------------------------------------------------------------------------------------------

    def _project_by_id(self, project_id: str) -> Project:
        found = next((p for p in self.projects.values() if p.id == project_id), None)
        if found is None:
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to ProjectV2 node with the global id of "
                                                  f"'{project_id}'.")
        return self._reached(found)

    def _target(self, data: Mapping[str, Any]) -> tuple[Project, Item, Field]:
        project = self._project_by_id(data["projectId"])
        item = next((i for i in project.items if i.id == data["itemId"]), None)
        target = next((f for f in project.fields if f.id == data["fieldId"]), None)
        if item is None or target is None:
            raise GitHubGraphQLError("NOT_FOUND", "Could not resolve to a node with the global id given.")
        return project, item, target

    def _record(self, name: str, data: Mapping[str, Any]) -> None:
        self.mutations.append(Mutation(name, dict(data)))

    def _add_item(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project = self._project_by_id(input["projectId"])
        content = input["contentId"]
        if not content.startswith("I_") or not self._issue_exists(content):
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to a node with the global id of '{content}'")
        self._record("addProjectV2ItemById", input)
        item = project.item_for(content)
        if item is None:  # adding an issue twice returns the item it already has
            item = Item(self._id("PVTI"), content)
            project.items.append(item)
        return {"item": self._item_json(project, item)}

    def _set_value(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project, item, target = self._target(input)
        value = {k: v for k, v in input["value"].items() if v is not None}
        wanted_key = {"NUMBER": "number", "SINGLE_SELECT": "singleSelectOptionId", "DATE": "date",
                      "TEXT": "text"}.get(target.data_type)
        if wanted_key is None or list(value) != [wanted_key]:
            raise GitHubGraphQLError(
                "UNPROCESSABLE", f"The field {target.name} of type {target.data_type} takes {wanted_key}, not {value}"
            )
        held = value[wanted_key]
        if target.data_type == "SINGLE_SELECT" and held not in {o.id for o in target.options}:
            raise GitHubGraphQLError("UNPROCESSABLE", f"The single select option Id does not belong to {target.name}")
        if target.data_type == "DATE":
            try:
                dt.date.fromisoformat(held)
            except ValueError as exc:
                raise GitHubGraphQLError("UNPROCESSABLE", f"{held!r} is not a date") from exc
        self._record("updateProjectV2ItemFieldValue", input)
        item.values[target.id] = float(held) if target.data_type == "NUMBER" else held
        return {"projectV2Item": self._item_json(project, item)}

    def _clear_value(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project, item, target = self._target(input)
        self._record("clearProjectV2ItemFieldValue", input)
        item.values.pop(target.id, None)
        return {"projectV2Item": self._item_json(project, item)}

    def _options(self, given: list[Mapping[str, Any]] | None) -> list[Option]:
        return [Option(secrets.token_hex(4), o["name"], o["color"], o["description"]) for o in given or []]

    def _create_field(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project = self._project_by_id(input["projectId"])
        name = input["name"]
        if project.field_named(name) is not None:
            raise GitHubGraphQLError("UNPROCESSABLE", "Name has already been taken")
        data_type = input["dataType"]
        options = self._options(input.get("singleSelectOptions"))
        if data_type == "SINGLE_SELECT" and not options:
            raise GitHubGraphQLError("UNPROCESSABLE", "Single select fields need at least one option")
        self._record("createProjectV2Field", input)
        created = Field(self._id("PVTSSF" if data_type == "SINGLE_SELECT" else "PVTF"), name, data_type, options)
        project.fields.append(created)
        return {"projectV2Field": self._field_json(created)}

    def _update_field(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        found = [(p, f) for p in self.projects.values() for f in p.fields if f.id == input["fieldId"]]
        if not found:
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to a node with the global id of "
                                                  f"'{input['fieldId']}'")
        project, target = found[0]
        self._reached(project)
        self._record("updateProjectV2Field", input)
        if input.get("name"):
            target.name = input["name"]
        if input.get("singleSelectOptions") is not None:
            # The whole list is replaced: options get new ids, so values that pointed at the old ones are gone.
            target.options = self._options(input["singleSelectOptions"])
            for item in project.items:
                item.values.pop(target.id, None)
        return {"projectV2Field": self._field_json(target)}
