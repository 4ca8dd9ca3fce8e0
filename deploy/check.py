"""Validate the deployment offline: Kubernetes manifests, Dockerfile, lock file and compose file.

Run from the repository root: `python deploy/check.py` (needs `pip install -e '.[deploy]'` and kubectl or
kustomize on PATH). Prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
OVERLAYS = DEPLOY / "kubernetes" / "overlays"
EXAMPLES = DEPLOY / "examples"
# The oldest Kubernetes the manifests promise to work on, and the newest the schemas know.
KUBERNETES_VERSIONS = ("1.29.0", "latest")
POD_OWNERS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
WEBHOOK_PATHS = {"/webhooks/github", "/webhooks/jira"}

Manifest = dict[str, Any]


class ToolMissing(RuntimeError):
    """A tool the check needs is not installed."""


# --- Kubernetes -------------------------------------------------------------------------------------------------


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


def pod_specs(obj: Manifest) -> Iterator[Manifest]:
    """Yield the pod spec an object runs, if it runs pods."""
    spec = obj.get("spec", {})
    if obj.get("kind") == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    if obj.get("kind") in POD_OWNERS:
        yield spec.get("template", {}).get("spec", {})


def container_problems(name: str, pod: Manifest) -> Iterator[str]:
    """Check what every container must have: non-root, read-only root, resources, pinned image, a writable /tmp."""
    security = pod.get("securityContext", {})
    if security.get("runAsNonRoot") is not True or not isinstance(security.get("runAsUser"), int):
        yield f"{name}: the pod must set runAsNonRoot and a numeric runAsUser"
    elif security["runAsUser"] == 0:
        yield f"{name}: runAsUser 0 is root"
    if pod.get("automountServiceAccountToken") is not False:
        yield f"{name}: the pod mounts a service account token it never uses"
    empty_dirs = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
    for container in [*pod.get("initContainers", []), *pod.get("containers", [])]:
        where = f"{name} container {container.get('name')}"
        context = container.get("securityContext", {})
        if context.get("readOnlyRootFilesystem") is not True:
            yield f"{where}: the root filesystem must be read-only"
        if context.get("allowPrivilegeEscalation") is not False:
            yield f"{where}: allowPrivilegeEscalation must be false"
        if "ALL" not in context.get("capabilities", {}).get("drop", []):
            yield f"{where}: must drop all capabilities"
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            if "memory" not in resources.get(kind, {}):
                yield f"{where}: no memory {kind}"
        if "cpu" not in resources.get("requests", {}):
            yield f"{where}: no CPU request (the autoscaler needs one)"
        image = container.get("image", "")
        if "@sha256:" not in image and (":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")):
            yield f"{where}: image {image!r} is not pinned to a version"
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        if mounts.get("/tmp") not in empty_dirs:
            yield f"{where}: /tmp must be an emptyDir (the root filesystem is read-only)"


def args_of(container: Manifest) -> list[str]:
    """Return a container's command and arguments as one list."""
    return [*container.get("command", []), *container.get("args", [])]


def service_problems(objects: list[Manifest], *, where: str) -> Iterator[str]:
    """Check the rules of this service: replicas, probes, migrations, the scheduler, config files, Secrets."""
    by_kind: dict[str, list[Manifest]] = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], []).append(obj)
        for pod in pod_specs(obj):
            yield from container_problems(f"{where}: {obj['kind']}/{obj['metadata']['name']}", pod)
    if "Secret" in by_kind:
        yield f"{where}: renders a Secret; the manifests must only refer to Secrets created apart"
    deployments = [d for d in by_kind.get("Deployment", []) if d["metadata"]["name"] == "problemframe"]
    if len(deployments) != 1:
        yield f"{where}: no Deployment named problemframe"
        return
    deployment = deployments[0]
    pod = deployment["spec"]["template"]["spec"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    if deployment["spec"].get("replicas", 1) < 2:
        yield f"{where}: the Deployment must run at least 2 replicas"
    serve = next((c for c in pod["containers"] if "serve" in args_of(c)), None)
    if serve is None:
        yield f"{where}: no container runs `problemframe serve`"
        return
    probes = {kind: serve.get(kind, {}).get("httpGet", {}).get("path") for kind in
              ("startupProbe", "livenessProbe", "readinessProbe")}
    if probes != {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"}:
        yield f"{where}: probes must be startup /healthz, liveness /healthz, readiness /readyz, not {probes}"
    env = {e["name"]: e.get("value") for e in serve.get("env", [])}
    if env.get("PROBLEMFRAME_SCHEDULER") != "off":
        yield f"{where}: serve must run with PROBLEMFRAME_SCHEDULER=off while the CronJob measures outcomes"
    migrations = [c for c in pod.get("initContainers", []) if args_of(c)[-1:] == ["migrate"]]
    migrations += [j for j in by_kind.get("Job", []) if "migrate" in str(j)]
    if not migrations:
        yield f"{where}: nothing runs `problemframe migrate` before the service"
    cronjobs = by_kind.get("CronJob", [])
    if not any(args_of(c)[-2:] == ["outcomes", "due"] for cj in cronjobs for p in pod_specs(cj)
               for c in p["containers"]):
        yield f"{where}: no CronJob runs `problemframe outcomes due`"
    yield from config_map_problems(by_kind.get("ConfigMap", []), pod, serve, where=where)
    yield from selector_problems(by_kind, labels, where=where)
    yield from ingress_problems(by_kind.get("Ingress", []), by_kind.get("Service", []), where=where)
    for hpa in by_kind.get("HorizontalPodAutoscaler", []):
        if hpa["spec"]["scaleTargetRef"]["name"] != "problemframe" or hpa["spec"].get("minReplicas", 1) < 2:
            yield f"{where}: the autoscaler must target the Deployment and keep at least 2 replicas"
    if not by_kind.get("HorizontalPodAutoscaler"):
        yield f"{where}: no HorizontalPodAutoscaler"


def config_map_problems(maps: list[Manifest], pod: Manifest, serve: Manifest, *, where: str) -> Iterator[str]:
    """Check the policy and sources files named in the environment are mounted from a ConfigMap that has them."""
    volumes = {v["name"]: v["configMap"]["name"] for v in pod.get("volumes", []) if "configMap" in v}
    mounted: dict[str, set[str]] = {}
    for mount in serve.get("volumeMounts", []):
        if mount["name"] in volumes:
            data = next((m.get("data", {}) for m in maps if m["metadata"]["name"] == volumes[mount["name"]]), None)
            if data is None:
                yield f"{where}: ConfigMap {volumes[mount['name']]} is mounted but not part of the manifests"
                continue
            mounted[mount["mountPath"]] = set(data)
    env = {e["name"]: e.get("value") for e in serve.get("env", [])}
    for setting in ("PROBLEMFRAME_JIRA_POLICY_FILE", "PROBLEMFRAME_METRIC_SOURCES_FILE"):
        path = env.get(setting)
        if path is None:
            yield f"{where}: {setting} is not set"
            continue
        folder, _, key = path.rpartition("/")
        if key not in mounted.get(folder, set()):
            yield f"{where}: {setting}={path} is not a file of a mounted ConfigMap"


def selector_problems(by_kind: dict[str, list[Manifest]], labels: dict[str, str], *, where: str) -> Iterator[str]:
    """Check the Service and the PodDisruptionBudget select the Deployment's pods."""
    selectors = [
        (f"Service/{s['metadata']['name']}", s["spec"].get("selector", {})) for s in by_kind.get("Service", [])
    ]
    selectors += [
        (f"PodDisruptionBudget/{p['metadata']['name']}", p["spec"]["selector"].get("matchLabels", {}))
        for p in by_kind.get("PodDisruptionBudget", [])
    ]
    if not by_kind.get("PodDisruptionBudget"):
        yield f"{where}: no PodDisruptionBudget"
    for name, selector in selectors:
        if not selector or any(labels.get(key) != value for key, value in selector.items()):
            yield f"{where}: {name} does not select the service's pods"


def ingress_problems(ingresses: list[Manifest], services: list[Manifest], *, where: str) -> Iterator[str]:
    """Check an Ingress with TLS routes both webhook paths, and nothing else, to a Service that exists."""
    if not ingresses:
        yield f"{where}: no Ingress"
    names = {s["metadata"]["name"] for s in services}
    for ingress in ingresses:
        spec = ingress["spec"]
        hosts = {rule.get("host") for rule in spec.get("rules", [])}
        tls_hosts = {host for tls in spec.get("tls", []) for host in tls.get("hosts", [])}
        if not hosts or not hosts <= tls_hosts:
            yield f"{where}: Ingress/{ingress['metadata']['name']} serves a host without TLS"
        paths = {p["path"]: p["backend"]["service"]["name"] for rule in spec.get("rules", [])
                 for p in rule.get("http", {}).get("paths", [])}
        if set(paths) != WEBHOOK_PATHS:
            yield f"{where}: the Ingress must route exactly {sorted(WEBHOOK_PATHS)}, not {sorted(paths)}"
        for path, service in paths.items():
            if service not in names:
                yield f"{where}: the Ingress sends {path} to Service {service}, which does not exist"


def cloudnative_pg_problems(objects: list[Manifest], *, where: str) -> Iterator[str]:
    """Check a CloudNativePG Cluster, when an overlay has one, matches the database URL the pods build."""
    clusters = [o for o in objects if o.get("apiVersion") == "postgresql.cnpg.io/v1" and o["kind"] == "Cluster"]
    for cluster in clusters:
        name = cluster["metadata"]["name"]
        spec = cluster["spec"]
        if spec.get("instances", 1) < 2:
            yield f"{where}: Cluster/{name} needs at least 2 instances to fail over"
        initdb = spec.get("bootstrap", {}).get("initdb", {})
        expected = f"@{name}-rw:5432/{initdb.get('database')}"
        for obj in objects:
            for pod in pod_specs(obj):
                for container in [*pod.get("initContainers", []), *pod["containers"]]:
                    env = {e["name"]: e for e in container.get("env", [])}
                    url = env.get("PROBLEMFRAME_DATABASE_URL", {}).get("value", "")
                    secret = env.get("DATABASE_PASSWORD", {}).get("valueFrom", {}).get("secretKeyRef", {})
                    if expected not in url or f"//{initdb.get('owner')}:" not in url:
                        yield f"{where}: {obj['kind']}/{obj['metadata']['name']} {container['name']} " \
                              f"does not use the database of Cluster/{name}"
                    elif secret.get("name") != f"{name}-app":
                        yield f"{where}: {container['name']} must read its password from Secret {name}-app"


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


# --- Dockerfile and lock file -----------------------------------------------------------------------------------


def hadolint_command() -> str:
    """Return the hadolint binary, from the venv of this Python first."""
    found = tool("hadolint")
    if found is None:
        raise ToolMissing("hadolint is not installed (pip install -e '.[deploy]')")
    return found


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


# --- compose ----------------------------------------------------------------------------------------------------

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


def main() -> int:
    """Run every check and print the problems."""
    os.chdir(ROOT)
    checks = {
        "kubernetes": kubernetes_problems,
        "config files": config_file_problems,
        "Dockerfile": dockerfile_problems,
        ".dockerignore": dockerignore_problems,
        "lock file": lock_problems,
        "compose": compose_problems,
    }
    failed = 0
    for name, check in checks.items():
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
