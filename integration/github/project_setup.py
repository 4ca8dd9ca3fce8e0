"""Prepare a GitHub Project (v2) for the service: create the missing fields and options, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

from integration.github import project_queries as q
from integration.github.graphql import GraphQL
from integration.github.projects import Board, BoardField, Write, read_board
from integration.tracker import PermanentTrackerError
from problemframe.policy import ProjectRef
from problemframe.projects import FIELDS, FieldSpec, missing_options


@dataclass
class SetupReport:
    """What setting up a project changed and found in place."""

    board: Board
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _options(spec: FieldSpec) -> list[dict[str, str]]:
    return [{"name": o.name, "color": o.color, "description": o.description} for o in spec.options]


def _add_options(found: BoardField, spec: FieldSpec, *, write: Write, report: SetupReport) -> None:
    missing = missing_options(spec, {o.name: o.id for o in found.options})
    if not missing:
        report.unchanged.append(f"field {spec.name!r} with its options")
        return
    # updateProjectV2Field replaces the whole list, so the options people already have are sent again as they are.
    kept = [{"name": o.name, "color": o.color, "description": o.description} for o in found.options]
    added = [{"name": o.name, "color": o.color, "description": o.description} for o in missing]
    write(f"add options {[o.name for o in missing]} to {spec.name!r}", q.SET_OPTIONS,
          {"field": found.id, "options": kept + added})
    report.changed.append(
        f"added options {', '.join(o.name for o in missing)} to field {spec.name!r} (GitHub gives every option a new "
        f"id, so items' {spec.name!r} values are emptied; the service sets them again as tickets change; "
        "`problemframe backfill --apply` sets Evidence at once)"
    )


def setup_board(graphql: GraphQL, ref: ProjectRef, *, write: Write) -> SetupReport:
    """Create the fields (and single-select options) the service writes that the project lacks.

    A field of the right name but another type is an error: the service will not rename or delete people's fields.
    """
    board = read_board(graphql, ref)
    report = SetupReport(board)
    for spec in FIELDS:
        found = board.field(spec.name)
        if found is not None and found.data_type != spec.kind.value:
            raise PermanentTrackerError(
                f"project {ref.owner}/{ref.number} has a field {found.name!r} of type {found.data_type}, not "
                f"{spec.kind.value}: rename or delete it, then run this again"
            )
    for spec in FIELDS:
        found = board.field(spec.name)
        if found is None:
            options = _options(spec) or None
            write(f"create field {spec.name!r}", q.CREATE_FIELD,
                  {"project": board.id, "name": spec.name, "type": spec.kind.value, "options": options})
            report.changed.append(f"created field {spec.name!r} ({spec.kind.value.lower().replace('_', ' ')})")
        elif spec.options:
            _add_options(found, spec, write=write, report=report)
        else:
            report.unchanged.append(f"field {spec.name!r}")
    return report
