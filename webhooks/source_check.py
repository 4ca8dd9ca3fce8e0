"""The operator's metric sources checked before an outcome falls due: an address each, and its variables set."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from integration.metrics.base import ENV_PREFIX
from problemframe.policy import MetricSource

# `${NAME}` as a shell or compose file writes it; the sources file names variables without it.
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def _variable_problem(variable: str, role: str, environ: Mapping[str, str]) -> str | None:
    placeholder = _PLACEHOLDER.fullmatch(variable.strip())
    if placeholder is not None:
        return f"{role} names the variable as {variable}: write its bare name, {placeholder[1]}"
    if not variable.startswith(ENV_PREFIX):
        return f"{role} names {variable}, which the service may not read: the name must start with {ENV_PREFIX}"
    if not environ.get(variable):
        return f"{role} names {variable}, which is not set"
    return None


def _source_problems(source: MetricSource, environ: Mapping[str, str]) -> Iterator[str]:
    if source.kind == "manual":
        return
    if source.url_env:
        problem = _variable_problem(source.url_env, "url_env", environ)
        if problem is not None:
            yield problem
    elif not source.url:
        yield f"a {source.kind} source needs a url, or url_env naming a {ENV_PREFIX}* variable that holds it"
    elif _PLACEHOLDER.search(source.url):
        yield (f"its url has a ${{…}} placeholder, which the sources file does not expand: put the URL in a "
               f"{ENV_PREFIX}* variable and name it with url_env")
    for header, variable in sorted(source.headers_env.items()):
        problem = _variable_problem(variable, f"headers_env {header}", environ)
        if problem is not None:
            yield problem


def source_problems(sources: Mapping[str, MetricSource], environ: Mapping[str, str], path: Path) -> Iterator[str]:
    """Say, one line each, which metric source has no address or names a variable the environment does not set."""
    for name, source in sorted(sources.items()):
        for problem in _source_problems(source, environ):
            yield f"{path}: metric source '{name}': {problem}"
