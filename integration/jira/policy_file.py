"""Jira projects' policies, from the operator's file (PROBLEMFRAME_JIRA_POLICY_FILE): project key -> policy."""

from __future__ import annotations

from pathlib import Path

from integration.tracker import NotConfigured
from integration.yaml_text import read_mapping
from problemframe.policy import Policy, PolicyError, load_policy


def read_policies(path: Path | None) -> dict[str, Policy]:
    """Read the per-project policies; no file configured means every project has the defaults."""
    if path is None:
        return {}
    document = read_mapping(path, "Jira policy file (project key -> policy)")
    try:
        return {str(project).upper(): load_policy(policy) for project, policy in document.items()}
    except PolicyError as exc:
        raise NotConfigured(f"{path}: {exc}") from exc
