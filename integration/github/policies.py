"""Per-repository policy from `.github/problemframe.yml`: parsed over the defaults, cached for a few minutes."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import yaml

from integration.retry import Clock
from problemframe.policy import Policy, PolicyError
from problemframe.policy import load_policy as parse_policy

POLICY_PATH = ".github/problemframe.yml"


@dataclass(frozen=True)
class LoadedPolicy:
    """A repository's policy in force, and why the file was ignored if it was."""

    policy: Policy
    error: str | None = None


def policy_from_file(raw: bytes | None) -> LoadedPolicy:
    """Parse the policy file's bytes; a missing file gives the defaults, a broken one the defaults and an error."""
    if raw is None:
        return LoadedPolicy(Policy())
    try:
        document = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return LoadedPolicy(Policy(), f"{POLICY_PATH} is not valid YAML; using the defaults. {exc}")
    try:
        policy = parse_policy(document)
    except PolicyError as exc:
        return LoadedPolicy(Policy(), f"{POLICY_PATH} was ignored; using the defaults. {exc}")
    if policy.outcome.sources:
        # A repository must not choose what the service connects to or which of its credentials it sends there.
        kept = policy.model_copy(update={"outcome": policy.outcome.model_copy(update={"sources": {}})})
        return LoadedPolicy(kept, f"{POLICY_PATH}: outcome.sources was ignored; metric sources are defined in the "
                                  "service's configuration (PROBLEMFRAME_METRIC_SOURCES_FILE) and named in tickets.")
    return LoadedPolicy(policy)


class PolicyCache:
    """Remember each repository's loaded policy for `ttl` seconds."""

    def __init__(self, *, ttl: float, clock: Clock) -> None:
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, LoadedPolicy]] = {}
        self._lock = threading.Lock()

    def get(self, container: str) -> LoadedPolicy | None:
        """Return the cached policy while it is fresh."""
        with self._lock:
            entry = self._entries.get(container.lower())
        if entry is None or entry[0] <= self._clock():
            return None
        return entry[1]

    def put(self, container: str, loaded: LoadedPolicy) -> None:
        """Cache a freshly loaded policy."""
        with self._lock:
            self._entries[container.lower()] = (self._clock() + self._ttl, loaded)

    def last(self, container: str) -> LoadedPolicy | None:
        """Return the most recently loaded policy, fresh or not."""
        with self._lock:
            entry = self._entries.get(container.lower())
        return entry[1] if entry else None
