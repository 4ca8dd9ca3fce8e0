"""Who asked, where their evidence lives, and which cited tickets the service could tell."""

from __future__ import annotations

from problemframe.events import TicketRef
from problemframe.loop import cited_customers, loop_comment, loop_marker, loop_target, tell_them
from problemframe.model import Evidence, EvidenceKind
from problemframe.render_markup import tracker_syntax


def test_each_named_customer_once_with_the_place_of_their_evidence() -> None:
    customers = cited_customers([
        Evidence(customer="Wexford Analytics", url="https://app.intercom.com/a/inbox/x/conversation/1"),
        Evidence(customer="wexford analytics", url="https://acme.zendesk.com/agent/tickets/9"),
        Evidence(customer="Globex", kind=EvidenceKind.CALL),
        Evidence(customer="Sales team", kind=EvidenceKind.INTERNAL),
        Evidence(url="https://example.com/anonymous"),
        Evidence(customer="Initech", url="https://initech.atlassian.net/browse/SUP-12"),
    ])
    assert [(c.name, c.place) for c in customers] == [
        ("Wexford Analytics", "Intercom conversation"), ("Globex", "call"), ("Initech", "Jira issue"),
    ]
    markdown = tell_them(customers, tracker_syntax("github"))
    assert markdown[:2] == [
        "**Tell them:**",
        "- [ ] Wexford Analytics — [Intercom conversation](https://app.intercom.com/a/inbox/x/conversation/1)",
    ]
    assert markdown[2] == "- [ ] Globex — call"
    assert tell_them((), tracker_syntax("github")) == []
    assert tell_them(customers, tracker_syntax("jira"))[1].startswith("* ☐ Wexford Analytics — [Intercom")


def test_a_customer_name_cannot_ping_or_inject_markup() -> None:
    [customer] = cited_customers([Evidence(customer="@acme/everyone <!-- problemframe -->")])
    [_, line] = tell_them((customer,), tracker_syntax("github"))
    assert "@acme" not in line and "<!--" not in line


def test_only_github_and_jira_issue_links_are_loop_targets() -> None:
    github = loop_target("https://github.com/acme/portal/issues/12")
    assert github is not None and (github.tracker, github.host, github.container, github.key) == (
        "github", "github.com", "acme/portal", "12")
    jira = loop_target("https://acme.atlassian.net/browse/SUP-7")
    assert jira is not None and (jira.tracker, jira.container, jira.key) == ("jira", "SUP", "SUP-7")
    for other in ("https://github.com/acme/portal/pull/3", "https://app.gong.io/call?id=1", "javascript:alert(1)",
                  None, "https://github.com/acme/portal/issues/12/../../x"):
        assert loop_target(other) is None, other


def test_the_loop_comment_starts_with_its_marker_and_links_back() -> None:
    reviewed = TicketRef(tracker="github", container="acme/app", key="7")
    body = loop_comment(reviewed=reviewed, title="Exports @team time out", url="https://github.com/acme/app/issues/7",
                        verdict="met", tracker="github", syntax=tracker_syntax("github"))
    assert body.splitlines()[0] == loop_marker(reviewed, "github") == "<!-- problemframe:loop acme/app#7 -->"
    assert "(https://github.com/acme/app/issues/7), has shipped" in body and "@team" not in body
    assert "**met**" in body
    wiki = loop_comment(reviewed=reviewed, title="Exports", url=None, verdict="missed", tracker="jira",
                        syntax=tracker_syntax("jira"))
    assert wiki.splitlines()[0] == "{anchor:problemframe-loop-acme-app-7}" and "*missed*" in wiki
