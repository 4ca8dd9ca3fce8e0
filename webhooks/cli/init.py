"""`problemframe init github`: write the issue form and a commented policy file into a repository."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from problemframe.policy import Policy
from webhooks.cli.common import fail

FORM_PATH = Path(".github/ISSUE_TEMPLATE/problem.yml")
POLICY_PATH = Path(".github/problemframe.yml")
# Keys a repository may not set: the service ignores them there (they live in the service's configuration).
# The file says so where the key would be, so nobody adds it back by hand.
OPERATOR_ONLY = {
    "outcome.sources": (
        "sources: not set here. Metric sources are set up by the service's operator (its metric sources file); "
        "an issue's Data source names one as '[kind] <source name>: <query>', or 'manual' to report with /measure."
    ),
}


def _sorted_sets(value: Any) -> Any:
    """Return a JSON-ready value with every set sorted, so the written file is the same on every run."""
    if isinstance(value, BaseModel):
        return _sorted_sets(value.model_dump())
    if isinstance(value, frozenset | set):
        return sorted(_sorted_sets(item) for item in value)
    if isinstance(value, dict):
        return {key: _sorted_sets(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_sorted_sets(item) for item in value]
    return value


def _yaml_value(value: Any) -> str:
    plain = _sorted_sets(value)
    text = yaml.safe_dump(to_jsonable_python(plain), default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _summary(cls: type) -> str:
    return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


def _model_yaml(model: BaseModel, indent: int, *, path: str = "") -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for name, info in type(model).model_fields.items():
        if f"{path}{name}" in OPERATOR_ONLY:
            lines.append(f"{pad}# {OPERATOR_ONLY[f'{path}{name}']}")
            continue
        value = getattr(model, name)
        if info.description:
            lines.append(f"{pad}# {info.description}")
        if isinstance(value, BaseModel):
            lines.append(f"{pad}{name}:  # {_summary(type(value))}")
            lines.extend(_model_yaml(value, indent + 2, path=f"{path}{name}."))
            continue
        lines.append(f"{pad}{name}: {_yaml_value(value)}")
    return lines


def policy_yaml(policy: Policy | None = None) -> str:
    """Return a policy as a commented YAML document, generated from the Policy model so it never drifts."""
    header = [
        "# problemframe policy for this repository, read from the default branch.",
        "# Every key is optional and these are the defaults: keep only what you change.",
    ]
    return "\n".join([*header, *_model_yaml(policy or Policy(), 0)]) + "\n"


def issue_form() -> str:
    """Return the GitHub issue form shipped with the package."""
    return resources.files("webhooks.templates").joinpath("problem.yml").read_text(encoding="utf-8")


def init_github(
    directory: Annotated[Path, typer.Option("--dir", help="Repository root to write into.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")] = False,
) -> None:
    """Write the issue form and a commented policy file into a repository."""
    if not directory.exists():
        fail(f"{directory} does not exist; create it or pass an existing repository")
    if not directory.is_dir():
        fail(f"{directory} is not a directory; pass the root of a repository")
    files = {directory / FORM_PATH: issue_form(), directory / POLICY_PATH: policy_yaml()}
    existing = [str(path) for path in files if path.exists()]
    if existing and not force:
        fail("not overwriting " + ", ".join(existing) + " (use --force to replace)")
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"{path}: cannot write ({exc.strerror or exc})")
        typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add `init github` to the command line."""
    init_app = typer.Typer(help="Write starter files into a repository.", no_args_is_help=True)
    init_app.command("github")(init_github)
    app.add_typer(init_app, name="init")


__all__ = ["issue_form", "policy_yaml", "register"]
