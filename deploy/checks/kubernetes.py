"""Render every overlay and validate it against the Kubernetes schemas; load the ConfigMap's files."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from deploy.checks.service import cloudnative_pg_problems, service_problems
from deploy.checks.tools import DEPLOY, ROOT, Manifest, kustomize_command

OVERLAYS = DEPLOY / "kubernetes" / "overlays"
EXAMPLES = DEPLOY / "examples"
# The oldest Kubernetes the manifests promise to work on, and the newest the schemas know.
KUBERNETES_VERSIONS = ("1.29.0", "latest")


def render(kustomization: Path) -> list[Manifest]:
    """Render one kustomization into its objects."""
    result = subprocess.run(
        [*kustomize_command(), str(kustomization)], capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise ValueError(f"{kustomization.relative_to(ROOT)}: {result.stderr.strip().splitlines()[-1]}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def schema_problems(objects: Iterable[Manifest], *, where: str) -> Iterator[str]:
    """Validate every object against the Kubernetes OpenAPI schemas, strictly (unknown fields are errors)."""
    import kubernetes_validate

    for obj in objects:
        name = f"{where}: {obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        if "." in obj.get("apiVersion", "").split("/")[0]:
            continue  # a custom resource (CloudNativePG): no schema ships with Kubernetes; checked below
        for version in KUBERNETES_VERSIONS:
            wanted = kubernetes_validate.latest_version() if version == "latest" else version
            try:
                kubernetes_validate.validate(obj, wanted, strict=True)
            except kubernetes_validate.ValidationError as exc:
                path = ".".join(str(p) for p in exc.path) or "(top)"
                yield f"{name}: invalid for Kubernetes {wanted} at {path}: {exc.message}"
            except kubernetes_validate.SchemaNotFoundError:
                yield f"{name}: unknown to Kubernetes {wanted}"


def kubernetes_problems() -> Iterator[str]:
    """Render every overlay and check it; validate the examples against the schemas too."""
    overlays = sorted(p for p in OVERLAYS.iterdir() if (p / "kustomization.yaml").exists())
    if not overlays:
        yield f"{OVERLAYS.relative_to(ROOT)}: no overlay"
    for overlay in overlays:
        where = str(overlay.relative_to(ROOT))
        try:
            objects = render(overlay)
        except ValueError as exc:
            yield str(exc)
            continue
        yield from schema_problems(objects, where=where)
        yield from service_problems(objects, where=where)
        yield from cloudnative_pg_problems(objects, where=where)
    for example in sorted(EXAMPLES.glob("*.yaml")):
        yield from schema_problems(yaml.safe_load_all(example.read_text()), where=str(example.relative_to(ROOT)))


def config_file_problems() -> Iterator[str]:
    """Load the ConfigMap's policy and sources files with the service's own models."""
    from pydantic import ValidationError

    from problemframe.policy import MetricSource, PolicyError, load_policy

    folder = DEPLOY / "kubernetes" / "base" / "config"
    checks: dict[str, Callable[[Any], object]] = {
        "jira-policies.yaml": load_policy, "metric-sources.yaml": MetricSource.model_validate
    }
    for name, load in checks.items():
        document = yaml.safe_load((folder / name).read_text()) or {}
        for key, value in document.items():
            try:
                load(value)
            except (PolicyError, ValidationError) as exc:
                yield f"{(folder / name).relative_to(ROOT)}: {key}: {str(exc).splitlines()[0]}"
