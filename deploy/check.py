"""Validate the deployment offline: Kubernetes manifests, Dockerfile, lock file and compose file.

Run from the repository root: `python deploy/check.py` (needs `pip install -e '.[deploy]'` and kubectl or
kustomize on PATH). Prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# Run as a script, Python puts this folder on the path; the checks import from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.checks.compose import compose_problems
from deploy.checks.image import dockerfile_problems, dockerignore_problems, lock_problems
from deploy.checks.kubernetes import config_file_problems, kubernetes_problems
from deploy.checks.tools import ROOT, ToolMissing

CHECKS: dict[str, Callable[[], Iterator[str]]] = {
    "kubernetes": kubernetes_problems,
    "config files": config_file_problems,
    "Dockerfile": dockerfile_problems,
    ".dockerignore": dockerignore_problems,
    "lock file": lock_problems,
    "compose": compose_problems,
}


def main() -> int:
    """Run every check and print the problems."""
    os.chdir(ROOT)
    failed = 0
    for name, check in CHECKS.items():
        try:
            problems = list(check())
        except ToolMissing as exc:
            problems = [str(exc)]
        failed += len(problems)
        print(f"{name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print(f"  {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
