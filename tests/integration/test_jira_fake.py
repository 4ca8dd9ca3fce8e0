"""The fake Jira itself: it checks requests against the contract and answers JQL like Jira."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from jira import JIRA, JIRAError

from tests.fakes.jira.server import FakeJira, add_problemframe_fields


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    server = FakeJira()
    server.add_project("PROJ")
    add_problemframe_fields(server)
    with server:
        yield server


@pytest.fixture
def client(fake: FakeJira) -> JIRA:
    return JIRA(server=fake.url, basic_auth=(fake.email, fake.api_token), max_retries=0)


def raw(fake: FakeJira, method: str, path: str, body: object) -> requests.Response:
    return requests.request(
        method,
        fake.url + path,
        data=json.dumps(body),
        auth=(fake.email, fake.api_token),
        headers={"Content-Type": "application/json"},
        timeout=5,
    )


def test_a_request_outside_the_contract_is_recorded(fake: FakeJira) -> None:
    raw(fake, "POST", "/rest/api/2/field", {"nme": "typo"})
    assert len(fake.violations) == 1 and "name" in fake.violations[0]


def test_an_unknown_operation_is_recorded(fake: FakeJira) -> None:
    assert raw(fake, "POST", "/rest/api/2/issue/PROJ-1/frobnicate", {}).status_code == 404
    assert fake.violations and "no such operation" in fake.violations[0]


def test_v2_wiki_comment_and_integer_transition_id_are_accepted(fake: FakeJira, client: JIRA) -> None:
    key = fake.add_issue("PROJ", "A")
    client.add_comment(key, "h3. Wiki *markup*")
    client.transition_issue(key, "21")
    assert fake.issue(key).status == "In Progress"
    assert fake.violations == []


def test_v3_comments_are_adf_documents(fake: FakeJira) -> None:
    key = fake.add_issue("PROJ", "A")
    paragraph = {"type": "paragraph", "content": [{"type": "text", "text": "hi"}]}
    document = {"type": "doc", "version": 1, "content": [paragraph]}
    assert raw(fake, "POST", f"/rest/api/3/issue/{key}/comment", {"body": document}).status_code == 201
    answer = requests.get(f"{fake.url}/rest/api/3/issue/{key}", auth=(fake.email, fake.api_token), timeout=5).json()
    assert answer["fields"]["comment"]["comments"][0]["body"]["type"] == "doc"
    assert fake.issue(key).comments[0]["body"] == "hi"
    assert fake.violations == []


def test_bad_credentials_are_refused(fake: FakeJira) -> None:
    with pytest.raises(JIRAError) as caught:
        JIRA(server=fake.url, basic_auth=(fake.email, "nope"), max_retries=0)
    assert caught.value.status_code == 401


def test_jql_filters_sorts_and_pages(fake: FakeJira, client: JIRA) -> None:
    for score in (10, 80, None, 65, 90):
        fields = {} if score is None else {"Evidence score": score}
        fake.add_issue("PROJ", f"score {score}", fields=fields)
    fake.add_issue("OTHER", "elsewhere", fields={"Evidence score": 99})
    jql = 'project = PROJ AND "Evidence score" >= 60 ORDER BY "Evidence score" DESC'
    found = client.search_issues(jql, maxResults=0)
    assert [issue.fields.summary for issue in found] == ["score 90", "score 80", "score 65"]
    first = client.search_issues(jql, maxResults=2)
    assert len(first) == 2
    assert fake.violations == []


def test_jql_select_fields_and_startat_paging_on_data_center() -> None:
    with FakeJira(deployment="Server") as fake:
        add_problemframe_fields(fake)
        for tier in ("weak", "strong", "strong"):
            fake.add_issue("DC", tier, fields={"Evidence strength": tier})
        client = JIRA(server=fake.url, token_auth=fake.pat, max_retries=0)
        page = client.search_issues('project = DC AND "Evidence strength" = strong', startAt=1, maxResults=1)
        assert (page.total, len(page)) == (2, 1)
        assert fake.violations == []


def test_jql_errors_answer_400(fake: FakeJira, client: JIRA) -> None:
    with pytest.raises(JIRAError) as caught:
        client.search_issues('"No such field" = 1', maxResults=1)
    assert caught.value.status_code == 400 and "does not exist" in str(caught.value.text)


def test_scripted_failures_answer_once(fake: FakeJira) -> None:
    fake.fail_next("GET", r"/myself$", 429, headers={"Retry-After": "3"})
    first = requests.get(f"{fake.url}/rest/api/2/myself", auth=(fake.email, fake.api_token), timeout=5)
    second = requests.get(f"{fake.url}/rest/api/2/myself", auth=(fake.email, fake.api_token), timeout=5)
    assert (first.status_code, first.headers["Retry-After"], second.status_code) == (429, "3", 200)
