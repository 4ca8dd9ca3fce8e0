"""PROBLEMFRAME_* names in the environment or the .env file that no setting reads: most often a typing slip."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path

from webhooks.settings import Settings

PREFIX = "PROBLEMFRAME_"
# Read by name elsewhere: `setup jira --url` and the test suite.
OTHER_NAMES = frozenset({"PROBLEMFRAME_JIRA_WEBHOOK_URL", "PROBLEMFRAME_TEST_POSTGRES_URL"})
# Credentials of metric sources, named freely by the operator's sources file (headers_env, url_env).
METRIC_PREFIX = "PROBLEMFRAME_METRIC_"


def known_names() -> frozenset[str]:
    """Return every PROBLEMFRAME_* name the service reads."""
    return frozenset({PREFIX + name.upper() for name in Settings.model_fields} | OTHER_NAMES)


def _closest(name: str, known: frozenset[str], *, cutoff: float) -> str | None:
    # Compared without the shared prefix, which would make every two names look alike.
    found = difflib.get_close_matches(name.upper().removeprefix(PREFIX),
                                      [k.removeprefix(PREFIX) for k in known], n=1, cutoff=cutoff)
    return PREFIX + found[0] if found else None


def unknown_settings(environ: Mapping[str, str], env_file: Path) -> Iterator[str]:
    """Say, one line each, which PROBLEMFRAME_* names in the environment and the .env file no setting reads."""
    known = known_names()
    places: list[tuple[str, list[str]]] = [("", list(environ))]
    if env_file.is_file():
        from dotenv import dotenv_values

        places.append((f"{env_file}: ", list(dotenv_values(env_file))))
    for where, names in places:
        for name in sorted(names):
            upper = name.upper()
            if not upper.startswith(PREFIX) or upper in known:
                continue
            metric = upper.startswith(METRIC_PREFIX)
            suggestion = _closest(name, known, cutoff=0.85 if metric else 0.6)
            if suggestion is not None:
                yield f"{where}unknown setting {name} (did you mean {suggestion}?)"
            elif not metric:
                yield f"{where}unknown setting {name}: problemframe reads no such variable"
