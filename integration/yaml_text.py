"""The operator's YAML files: read as one mapping, errors told by line and column of the file, not of PyYAML's
`<unicode string>`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from integration.tracker import NotConfigured


def yaml_problem(error: yaml.YAMLError) -> str:
    """Return a YAML error in one line: `line L, column C: what is wrong`."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    what = f"{context}, {problem}" if context else problem
    if mark is None:
        return what
    return f"line {mark.line + 1}, column {mark.column + 1}: {what}"


def read_mapping(path: Path, what: str) -> dict[Any, Any]:
    """Return the file's YAML mapping (empty for an empty file); NotConfigured says what is wrong.

    `what` names the file in the singular, as in "the {what} is not valid YAML".
    """
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NotConfigured(f"{path}: cannot read the {what} ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise NotConfigured(f"{path}: the {what} is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise NotConfigured(f"{path}: the {what} is not valid YAML ({yaml_problem(exc)})") from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise NotConfigured(f"{path}: the {what} must be a mapping")
    return document
