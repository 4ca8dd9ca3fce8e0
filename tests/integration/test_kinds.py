"""The registry of tracker kinds: each kind answers the contract, and naming one loads no client library."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from integration.kinds import KINDS, tracker_kind
from integration.tracker import NotConfigured, PermanentTrackerError
from integration.tracker_kind import Connection
from webhooks.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "container", "key", "label", "wrong_key"),
    [("github", "acme/app", "12", "acme/app#12", "PROJ-12"), ("jira", "PROJ", "PROJ-12", "PROJ-12", "OTHER-12")],
)
def test_each_kind_names_its_tickets_and_knows_its_keys(
    name: str, container: str, key: str, label: str, wrong_key: str
) -> None:
    kind = tracker_kind(name)
    assert kind.name == name
    assert kind.ticket_label(container, key) == label
    assert re.fullmatch(kind.key_pattern(container), key)
    assert not re.fullmatch(kind.key_pattern(container), wrong_key)
    assert kind.container_problem(container) is None
    assert kind.container_problem("not a container!") is not None
    assert kind.sticky.marker and kind.wiki == (name == "jira")


def test_an_unknown_tracker_is_a_permanent_error() -> None:
    with pytest.raises(PermanentTrackerError, match="unknown tracker 'gitlab'"):
        tracker_kind("gitlab")


def test_a_kind_without_credentials_says_it_is_not_configured() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    for kind in KINDS.values():
        assert not kind.has_credentials(settings)
        with pytest.raises(NotConfigured):
            kind.connect(settings, Connection())


def test_write_budgets_name_the_account_never_its_secret() -> None:
    settings = Settings(_env_file=None, github_token="ghp_secret", jira_url="https://x.example",  # type: ignore[call-arg]
                        jira_email="bot@example.com", jira_api_token="t")
    budgets = {name: kind.budget(settings) for name, kind in KINDS.items()}
    assert budgets["github"].startswith("github:api.github.com:token:") and "ghp_secret" not in budgets["github"]
    assert budgets["jira"] == "jira:https://x.example:bot@example.com"


def test_naming_the_kinds_loads_no_tracker_client_library() -> None:
    probe = "import sys, integration.kinds; print(','.join(m for m in ('github', 'jira') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
