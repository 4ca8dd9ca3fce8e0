"""The fake GraphQL endpoint checks documents against GitHub's schema and GitHub's paging limits."""

from __future__ import annotations

import json

import pytest
from graphql import validate

from integration.github import project_queries
from tests.fakes.github.projects import FakeProjects
from tests.fakes.github.projects_model import shared_schema


def ask(fake: FakeProjects, query: str, variables: dict[str, object] | None = None) -> dict[str, object]:
    """Send one request body to the fake and return its answer."""
    status, answer = fake.handle(json.dumps({"query": query, "variables": variables or {}}).encode())
    assert status == 200
    return answer


@pytest.mark.parametrize("name", sorted(project_queries.ALL))
def test_every_document_the_adapter_sends_is_valid_against_githubs_schema(name: str) -> None:
    document = project_queries.ALL[name].document
    assert validate(shared_schema(), document) == []


def test_a_field_github_does_not_have_is_refused_and_recorded() -> None:
    fake = FakeProjects()
    answer = ask(fake, "query { repositoryOwner(login: \"acme\") { projectV3 { id } } }")
    assert "errors" in answer and "data" not in answer
    assert fake.violations and "projectV3" in fake.violations[0]


def test_a_wrongly_typed_variable_is_refused() -> None:
    fake = FakeProjects()
    fake.add_project("acme", 7)
    query = project_queries.PROJECT.document.loc.source.body  # type: ignore[union-attr]
    answer = ask(fake, query, {"owner": "acme", "number": "seven"})
    assert answer["data"] is None
    assert fake.violations


def test_lists_need_first_or_last_of_at_most_100() -> None:
    fake = FakeProjects()
    fake.add_project("acme", 7)
    answer = ask(fake, 'query { organization(login: "acme") { projectV2(number: 7) { fields(first: 101) '
                       '{ nodes { __typename } } } } }')
    assert answer["errors"][0]["type"] == "EXCESSIVE_PAGINATION"  # type: ignore[index]


def test_an_owner_of_the_other_kind_is_not_found() -> None:
    fake = FakeProjects()
    fake.add_project("mona", 1, kind="User")
    answer = ask(fake, 'query { organization(login: "mona") { id } }')
    assert answer["errors"][0]["type"] == "NOT_FOUND"  # type: ignore[index]
    assert ask(fake, 'query { user(login: "mona") { projectV2(number: 1) { title } } }')["data"] == {
        "user": {"projectV2": {"title": "Roadmap"}}
    }


def test_a_new_project_has_githubs_default_fields() -> None:
    fake = FakeProjects()
    project = fake.add_project("acme", 7)
    assert len(project.fields) == 10
    assert project.field_named("Status") is not None
