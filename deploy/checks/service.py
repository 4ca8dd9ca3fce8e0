"""The rules this service's manifests keep: locked-down pods, replicas, probes, migrations, routing, the database."""

from __future__ import annotations

from collections.abc import Iterator

from deploy.checks.tools import Manifest

POD_OWNERS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
WEBHOOK_PATHS = {"/webhooks/github", "/webhooks/jira"}


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
