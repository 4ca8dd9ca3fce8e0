"""The compose file: secrets kept in .env, restart policies, a healthy database, migrations run once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from deploy.checks.tools import DEPLOY, ROOT, Manifest

SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE_KEY")
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]*:[^/@\s]+@")


def compose_problems(compose: Path = DEPLOY / "compose.yaml", example: Path = DEPLOY / ".env.example") -> Iterator[str]:
    """Parse the compose file and check secrets, restart policies, the database health check and migrations."""
    where = str(compose.relative_to(ROOT)) if compose.is_relative_to(ROOT) else str(compose)
    document = yaml.safe_load(compose.read_text())
    services: dict[str, Manifest] = document.get("services", {})
    database = next((n for n, s in services.items() if str(s.get("image", "")).startswith("postgres:")), None)
    if database is None:
        yield f"{where}: no PostgreSQL service"
        return
    if "test" not in services[database].get("healthcheck", {}):
        yield f"{where}: {database} has no health check"
    declared = {line.split("=", 1)[0].lstrip("# ").strip() for line in example.read_text().splitlines() if "=" in line}
    for variable in set(re.findall(r"\$\{(\w+)", compose.read_text())) - declared:
        yield f"{where}: ${{{variable}}} is not described in {example.name}"
    migrate = [n for n, s in services.items() if s.get("command", [])[-1:] == ["migrate"]]
    if len(migrate) != 1:
        yield f"{where}: exactly one service must run `problemframe migrate`"
    for name, service in services.items():
        environment = service.get("environment", {})
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        for key, value in environment.items():
            literal = re.sub(r"\$\{[^}]*\}", "", str(value))
            if (SECRET_NAME.search(key) and literal.strip()) or CREDENTIALS_IN_URL.search(literal):
                yield f"{where}: {name} writes {key} into the file; read it from .env"
        if name in migrate:
            if service.get("restart", "no") != "no":
                yield f"{where}: {name} runs once and must not restart"
            continue
        if service.get("restart") not in {"always", "unless-stopped", "on-failure"}:
            yield f"{where}: {name} has no restart policy"
        if "serve" in service.get("command", []):
            depends = service.get("depends_on", {})
            if isinstance(depends, list):  # the short form waits for nothing but the start
                depends = {name: {"condition": "service_started"} for name in depends}
            if depends.get(database, {}).get("condition") != "service_healthy":
                yield f"{where}: {name} must wait for a healthy {database}"
            if migrate and depends.get(migrate[0], {}).get("condition") != "service_completed_successfully":
                yield f"{where}: {name} must wait for the migrations to finish"
