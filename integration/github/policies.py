"""Per-repository policy from `.github/problemframe.yml`: parsed over the defaults, cached for a few minutes."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import yaml
from cachetools import TTLCache

from integration.github.calls import Calls, NotFoundError
from integration.github.issues import Issues
from integration.retry import Clock
from problemframe.policy import Policy, PolicyError
from problemframe.policy import load_policy as parse_policy

POLICY_PATH = ".github/problemframe.yml"
CACHED_REPOSITORIES = 4096
log = logging.getLogger(__name__)


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
    """Remember each repository's loaded policy for `ttl` seconds, and the last one loaded for its error."""

    def __init__(self, *, ttl: float, clock: Clock, size: int = CACHED_REPOSITORIES) -> None:
        self._fresh: TTLCache[str, LoadedPolicy] = TTLCache(maxsize=size, ttl=ttl, timer=clock)
        self._last: dict[str, LoadedPolicy] = {}
        self._lock = threading.Lock()

    def get(self, container: str) -> LoadedPolicy | None:
        """Return the cached policy while it is fresh."""
        with self._lock:
            return self._fresh.get(container.lower())

    def put(self, container: str, loaded: LoadedPolicy) -> None:
        """Cache a freshly loaded policy."""
        with self._lock:
            self._fresh[container.lower()] = loaded
            self._last[container.lower()] = loaded

    def last(self, container: str) -> LoadedPolicy | None:
        """Return the most recently loaded policy, fresh or not."""
        with self._lock:
            return self._last.get(container.lower())


class Policies:
    """Each repository's policy, read from its default branch and kept for `ttl` seconds."""

    def __init__(self, issues: Issues, calls: Calls, *, ttl: float, clock: Clock) -> None:
        self._issues = issues
        self._calls = calls
        self._cache = PolicyCache(ttl=ttl, clock=clock)

    def policy(self, container: str) -> Policy:
        """Return the repository's policy; defaults when the file is missing or broken (see `error`)."""
        return self.loaded(container).policy

    def error(self, container: str) -> str | None:
        """Return why the repository's policy file was ignored at the last load, or None if it was fine."""
        loaded = self._cache.last(container)
        return loaded.error if loaded else None

    def loaded(self, container: str) -> LoadedPolicy:
        """Return the policy in force and why the file was ignored, reading it when the cached one is stale."""
        cached = self._cache.get(container)
        if cached is not None:
            return cached
        loaded = self._calls.retrying(lambda: self._read(container), what=f"policy of {container}")
        if loaded.error:
            log.warning("%s: %s", container, loaded.error)
        self._cache.put(container, loaded)
        return loaded

    def _read(self, container: str) -> LoadedPolicy:
        gh = self._issues.client(container)
        repo = gh.get_repo(container)
        # Without `ref`, GitHub reads the default branch, which is where the policy lives.
        # https://docs.github.com/rest/repos/contents#get-repository-content
        try:
            content = self._calls.call(gh, lambda: repo.get_contents(POLICY_PATH))
        except NotFoundError:
            return policy_from_file(None)
        if isinstance(content, list):
            return LoadedPolicy(Policy(), f"{POLICY_PATH} is a directory; using the defaults.")
        return policy_from_file(content.decoded_content)
