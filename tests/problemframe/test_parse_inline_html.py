"""A body synced from a help desk or pasted from a mail client keeps its inline HTML; it is read as markdown."""

from __future__ import annotations

from problemframe.model import EvidenceKind
from problemframe.parse.inline_html import inline_html_to_markdown
from tests.problemframe.reading import read

SYNCED = ("Hi,<br><br>I've tried to reset my password 4 times today and every time I click the link it says it has "
          "expired, so I can't submit my timesheet.<br><br><i>— synced from <a href='https://clockwork-hr.zendesk.com"
          "/agent/tickets/67745'>Zendesk ticket #67745</a> by zd-github-bridge</i>")


def test_a_ticket_synced_as_one_line_of_html_states_its_problem_and_links_its_ticket() -> None:
    frame = read(SYNCED, labels=frozenset({"bug"}))

    assert not any(finding.code.startswith("problem.") for finding in frame.findings)
    assert any(item.kind is EvidenceKind.SUPPORT_TICKET and item.url for item in frame.evidence)
    # The support ticket says who wrote in: the engineer is not asked for it again.
    assert not any(finding.code == "evidence.no_source" for finding in frame.findings)


def test_a_break_inside_a_table_cell_keeps_the_row_whole() -> None:
    text = "| Customer | Note |\n|---|---|\n| Kestrel | line one<br>line two |\n"

    assert inline_html_to_markdown(text) == text


def test_a_body_without_inline_html_is_returned_unchanged() -> None:
    text = "Use `<T>` generics and a <placeholder> here.\n"

    assert inline_html_to_markdown(text) is text

