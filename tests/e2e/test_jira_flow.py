"""Jira end to end: an admin runs setup, Jira delivers signed webhooks to the real app, a PM reads the result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jira import JIRA

from problemframe.policy import Tiers
from tests.e2e.jira_flow_support import UNFRAMED, created, field_frame, jira_site, set_up, sticky, strong_frame
from tests.e2e.jira_support import (
    HOOK_URL,
    PROJECT,
    SECRET,
    Service,
    changed,
    comment_delivery,
    issue_delivery,
    recent,
    running,
    service_settings,
)
from tests.fakes.jira.server import FakeJira
from tests.fakes.request_log import LoggedRequest
from tests.waiting import wait_until
from webhooks.settings import Settings

# --- the site, set up as an admin would ---------------------------------------------------------------------------


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with jira_site() as fake:
        yield fake


@pytest.fixture
def jql(jira: FakeJira) -> dict[str, str]:
    return set_up(jira)


@pytest.fixture
def settings(jira: FakeJira, jql: dict[str, str], tmp_path: Path) -> Settings:
    return service_settings(jira, f"sqlite:///{tmp_path / 'problemframe.db'}")


@pytest.fixture
def service(settings: Settings) -> Iterator[Service]:
    with running(settings) as started:
        yield started


def comment_posts(requests: list[LoggedRequest]) -> list[int]:
    """Return the statuses Jira answered to comment creations."""
    return [r.status for r in requests if r.method == "POST" and re.search(r"/issue/[^/]+/comment$", r.path)]


def tracker_calls(service: Service, status: str) -> float:
    """Return the service's own count of Jira calls with a status, as /metrics shows it."""
    page = service.client.get("/metrics").text
    found = re.search(rf'^problemframe_tracker_calls_total\{{status="{status}",tracker="jira"\}} (\S+)$', page, re.M)
    return float(found.group(1)) if found else 0.0


# --- setup and the door -------------------------------------------------------------------------------------------


def test_setup_creates_the_fields_registers_the_signed_webhook_and_prints_jql(
    jira: FakeJira, jql: dict[str, str]
) -> None:
    names = {custom.name for custom in jira.fields.values()}
    assert names == {
        "Problem statement", "Customer evidence", "Success metric", "Evidence score", "Evidence strength", "Outcome"
    }
    [hook] = jira.webhooks
    assert (hook["url"], hook["secret"]) == (HOOK_URL, SECRET)
    assert {"jira:issue_created", "jira:issue_updated", "comment_created"} <= set(hook["events"])
    portfolio = rf'project = "?{PROJECT}"? AND "Evidence score" >= 60 ORDER BY "Evidence score" DESC'
    assert re.fullmatch(portfolio, jql["portfolio"]), jql["portfolio"]


def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(jira: FakeJira, service: Service) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    payload = issue_delivery(jira, "issue_created", key)
    mark = jira.mark()
    assert service.deliver(payload, secret="not-the-secret").status_code == 401
    assert service.deliver(payload, secret=None).status_code == 401
    assert service.store.inbox.find() == []
    service.drain()
    assert jira.writes(mark) == [] and jira.issue(key).comments == []


def test_without_a_configured_secret_every_delivery_is_refused(
    jira: FakeJira, jql: dict[str, str], tmp_path: Path
) -> None:
    settings = service_settings(jira, f"sqlite:///{tmp_path / 'open.db'}", jira_webhook_secret=None)
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    with running(settings) as open_door:
        response = open_door.deliver(issue_delivery(jira, "issue_created", key))
        assert response.status_code == 401
        assert open_door.store.inbox.find() == []
    assert jira.issue(key).comments == [] and jira.issue(key).labels == []


# --- framing ------------------------------------------------------------------------------------------------------


def test_a_new_incomplete_issue_gets_labels_a_zero_score_and_one_sticky_comment(
    jira: FakeJira, service: Service
) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    payload = issue_delivery(jira, "issue_created", key)
    first = service.deliver(payload, identifier="created-1")
    assert (first.status_code, first.json()["result"]) == (202, "accepted")
    service.drain()
    issue = jira.issue(key)
    assert {"needs-framing", "evidence-none"} <= set(issue.labels)
    assert (jira.value(key, "Evidence score"), jira.value(key, "Evidence strength")) == (0, "none")
    body = sticky(jira, key)["body"]
    assert "h3. (!) Needs framing: evidence, metric" in body and "Evidence: 0/100 (none)" in body
    assert "<!--" not in body  # wiki markup, not markdown

    mark = jira.mark()
    again = service.deliver(payload, identifier="created-1")
    assert (again.status_code, again.json()["result"]) == (200, "duplicate")
    service.drain()
    assert jira.writes(mark) == []
    assert len(jira.issue(key).comments) == 1


def test_completing_the_description_rescores_the_issue_and_edits_the_same_comment(
    jira: FakeJira, service: Service
) -> None:
    key = jira.add_issue(PROJECT, "Bulk edit SKUs", description=UNFRAMED)
    created(jira, service, key)
    before = dict(sticky(jira, key))
    jira.set_fields(jira.issue(key), {"description": strong_frame()}, {})
    item = {"field": "description", "fieldtype": "jira", "fieldId": "description", "from": None,
            "fromString": UNFRAMED, "to": None, "toString": strong_frame()}
    response = service.deliver(issue_delivery(jira, "issue_updated_description-update", key, items=[item]))
    assert response.status_code == 202
    service.drain()
    labels = set(jira.issue(key).labels)
    assert "needs-framing" not in labels and "evidence-strong" in labels and "evidence-none" not in labels
    assert jira.value(key, "Evidence score") >= 60 and jira.value(key, "Evidence strength") == "strong"
    after = sticky(jira, key)
    assert after["id"] == before["id"] and after["body"] != before["body"]


def test_filling_the_custom_fields_completes_the_frame(jira: FakeJira, service: Service) -> None:
    key = jira.add_issue(PROJECT, "SSO for the admin console", description="")
    created(jira, service, key)
    [before] = [c["id"] for c in jira.issue(key).comments]
    issue = jira.issue(key)
    for name, text in field_frame().items():
        issue.custom[jira.field_by_name(name).id] = text
    items = [changed(jira, name, None, text) for name, text in field_frame().items()]
    assert service.deliver(issue_delivery(jira, "issue_updated_generic", key, items=items)).status_code == 202
    service.drain()
    assert "needs-framing" not in jira.issue(key).labels
    assert jira.value(key, "Evidence score") > 0 and jira.value(key, "Evidence strength") != "none"
    assert sticky(jira, key)["id"] == before


def test_a_rank_change_or_an_assignment_makes_no_writes(jira: FakeJira, service: Service) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    created(jira, service, key)
    mark = jira.mark()
    for name in ("issue_updated_rank-changed", "issue_updated_issue-assigned"):
        response = service.deliver(issue_delivery(jira, name, key))
        assert (response.status_code, response.json()["result"]) == (200, "ignored"), name
    service.drain()
    assert jira.writes(mark) == []


def test_the_service_own_comment_and_edits_make_no_writes(jira: FakeJira, service: Service) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    created(jira, service, key)
    mark = jira.mark()
    own_comment = comment_delivery(jira, key, sticky(jira, key)["id"], with_issue=True)
    assert service.deliver(own_comment).status_code == 202
    item = {"field": "description", "fieldtype": "jira", "fieldId": "description", "fromString": "a", "toString": "b"}
    own_edit = issue_delivery(jira, "issue_updated_description-update", key, by="bot", items=[item])
    assert service.deliver(own_edit).status_code == 202
    service.drain()
    assert jira.writes(mark) == []
    assert len(jira.issue(key).comments) == 1


def test_mentions_in_the_frame_are_neutralised_in_the_comment(jira: FakeJira, service: Service) -> None:
    frame = "\n".join([
        "h2. Problem",
        "Support agents cannot export tickets; every audit takes a week of copy and paste.",
        "",
        "h2. Customer evidence",
        f"* Acme — [ZD-7|https://acme.zendesk.com/agent/tickets/7] — {recent(3)} — ask [~admin] for details",
        f"* Globex — [call|https://app.gong.io/call?id=9] — {recent(4)} — [~accountid:123] was on the call",
        "",
        "h2. Success metric",
        "*Metric:* audits finished per week, as [~admin] counts them",
        "*Baseline:* 1",
        "*Target:* 5",
        "*Window:* 30 days",
        "*Source:* [~accountid:123] weekly sheet",
    ])
    key = jira.add_issue(PROJECT, "Ticket export", description=frame)
    created(jira, service, key)
    body = sticky(jira, key)["body"]
    # The user's words are echoed (customers, metric name and source) ...
    assert "Acme" in body and "Globex" in body and "audits finished per week" in body and "weekly sheet" in body
    # ... but a mention in them pings nobody.
    assert "[~admin]" not in body and "[~accountid:123]" not in body
    assert not re.search(r"(?<!\\)\[~", body)


def test_a_rate_limited_comment_waits_for_retry_after_and_is_posted_once(jira: FakeJira, service: Service) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    jira.fail_next("POST", r"/issue/[^/]+/comment$", 429, headers={"Retry-After": "1"})
    mark = jira.mark()
    created(jira, service, key)
    sticky(jira, key)
    assert comment_posts(jira.requests[mark:]) == [429, 201]
    assert tracker_calls(service, "transient") >= 1 and tracker_calls(service, "ok") > 0


def test_a_restart_in_the_middle_of_a_batch_processes_every_delivery_once(
    jira: FakeJira, settings: Settings
) -> None:
    keys = [jira.add_issue(PROJECT, f"Export issue {n}", description=UNFRAMED) for n in range(3)]
    payloads = {f"d-{n}": issue_delivery(jira, "issue_created", key) for n, key in enumerate(keys)}
    with running(settings, background=False) as door:
        for identifier, payload in payloads.items():
            assert door.deliver(payload, identifier=identifier).status_code == 202
    # The first comment of the batch is rate-limited; the service is stopped while it waits.
    jira.fail_next("POST", r"/issue/[^/]+/comment$", 429, headers={"Retry-After": "2"})
    with running(settings):
        wait_until(lambda: 429 in comment_posts(jira.requests), "the worker to reach Jira", timeout=10, interval=0.01)
    with running(settings, background=False) as stopped:
        assert "pending" in set(stopped.statuses().values())  # the batch was cut short
    with running(settings) as second:
        second.drain()
        assert set(second.statuses().values()) == {"done"}
        again = second.deliver(payloads["d-0"], identifier="d-0")
        assert again.json()["result"] == "duplicate"
    for key in keys:
        sticky(jira, key)
    assert comment_posts(jira.requests).count(201) == 3


# --- the PM's view ------------------------------------------------------------------------------------------------


def test_the_portfolio_jql_from_setup_lists_framed_issues_by_score(
    jira: FakeJira, service: Service, jql: dict[str, str]
) -> None:
    fields = jira.add_issue(PROJECT, "SSO for the admin console", description="", fields=field_frame())
    described = jira.add_issue(PROJECT, "Bulk edit SKUs", description=strong_frame())
    unframed = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    for key in (fields, described, unframed):
        created(jira, service, key)
    scores = {key: jira.value(key, "Evidence score") for key in (fields, described, unframed)}
    assert scores[described] > scores[fields] >= 60 > scores[unframed]

    pm = JIRA(server=jira.url, basic_auth=(jira.email, jira.api_token), max_retries=0)
    found = pm.search_issues(jql["portfolio"], fields="summary,labels")
    assert [issue.key for issue in found] == [described, fields]
    strong = pm.search_issues(jql["strong"])
    assert [issue.key for issue in strong] == [key for key in (described, fields) if scores[key] >= Tiers().strong]
    assert described in [issue.key for issue in strong]
