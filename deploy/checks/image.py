"""The image: the Dockerfile through hadolint and its promises, the lock file, the build context."""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

from deploy.checks.tools import DEPLOY, ROOT, hadolint_command


def dockerfile_problems(dockerfile: Path = DEPLOY / "Dockerfile") -> Iterator[str]:
    """Lint the Dockerfile with hadolint, then check what the image promises operators."""
    where = str(dockerfile.relative_to(ROOT)) if dockerfile.is_relative_to(ROOT) else str(dockerfile)
    lint = subprocess.run(
        [hadolint_command(), "--no-color", "--failure-threshold", "info", str(dockerfile)],
        capture_output=True, text=True, check=False, timeout=60,
    )
    for line in lint.stdout.splitlines():
        yield f"hadolint {line.strip()}"
    if lint.returncode != 0 and not lint.stdout.strip():
        yield f"{where}: hadolint failed: {lint.stderr.strip()}"
    text = dockerfile.read_text()
    instructions = [line.strip() for line in re.sub(r"\\\n", " ", text).splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    stages = set()
    for line in instructions:
        if line.upper().startswith("FROM "):
            image = line.split()[1]
            if image not in stages and not re.search(r":\d+\.\d+\.\d+[^@\s]*|@sha256:[0-9a-f]{64}", image):
                yield f"{where}: base image {image} is not pinned to an exact version or digest"
            if " AS " in line.upper():
                stages.add(line.split()[-1])
    users = [line.split()[1] for line in instructions if line.upper().startswith("USER ")]
    if not users or not re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1]):
        yield f"{where}: the last USER must be a numeric non-root id"
    healthcheck = next((line for line in instructions if line.upper().startswith("HEALTHCHECK ")), "")
    if "--interval=" not in healthcheck or "--start-period=" not in healthcheck or "/healthz" not in healthcheck:
        yield f"{where}: HEALTHCHECK must probe /healthz with an interval and a start period"
    if not any(line.upper().startswith("VOLUME ") for line in instructions):
        yield f"{where}: no VOLUME for the SQLite database"
    if "--require-hashes" not in text or "requirements.lock" not in text:
        yield f"{where}: dependencies must be installed from deploy/requirements.lock with --require-hashes"
    if not re.search(r'^CMD \["problemframe", "serve"', text, re.MULTILINE):
        yield f"{where}: the image must run `problemframe serve`"


def lock_problems(
    lock: Path = DEPLOY / "requirements.lock", pyproject: Path = ROOT / "pyproject.toml"
) -> Iterator[str]:
    """Check every locked package has a hash and every dependency and build requirement is locked and satisfied."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    where = str(lock.relative_to(ROOT)) if lock.is_relative_to(ROOT) else str(lock)
    locked: dict[str, str] = {}
    for entry in re.sub(r"\\\n", " ", lock.read_text()).splitlines():
        entry = entry.split("#", 1)[0].strip()
        if not entry:
            continue
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", entry)
        if match is None:
            yield f"{where}: {entry.split()[0]} is not pinned with =="
            continue
        locked[canonicalize_name(match[1])] = match[2]
        if "--hash=sha256:" not in entry:
            yield f"{where}: {match[1]} has no hash"
    project = tomllib.loads(pyproject.read_text())
    wanted = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            yield f"{where}: {requirement.name} is missing; regenerate the lock (deploy/README.md)"
        elif not requirement.specifier.contains(version, prereleases=True):
            yield f"{where}: {requirement.name}=={version} does not satisfy {requirement}; regenerate the lock"


def dockerignore_problems(path: Path = ROOT / ".dockerignore") -> Iterator[str]:
    """Check the build context leaves out the venv, databases and .env files."""
    if not path.exists():
        yield ".dockerignore: missing; the build context would send .venv, the database and .env"
        return
    patterns = [p.strip() for p in path.read_text().splitlines() if p.strip() and not p.startswith("#")]
    if "*" not in patterns and not {".venv", ".env", "*.db"} <= set(patterns):
        yield ".dockerignore: must leave out .venv, .env and *.db (or everything but the sources)"
