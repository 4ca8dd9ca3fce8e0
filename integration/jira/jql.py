"""JQL pieces built from outside text: project keys checked, strings quoted."""

from __future__ import annotations

import re

# Jira's default project key pattern: an upper-case letter, then upper-case letters, digits or underscores.
# https://support.atlassian.com/jira-cloud-administration/docs/edit-a-projects-details/
PROJECT_KEY = re.compile(r"[A-Z][A-Z0-9_]+")


def is_project_key(text: str) -> bool:
    """Return whether text is a Jira project key such as PROJ."""
    return PROJECT_KEY.fullmatch(text) is not None


def quote(value: str) -> str:
    """Return value as a JQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
