"""GitHub Projects fields: what a project item should hold, read from the actions a decision produced. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from problemframe.actions import Action, ScheduleOutcome, SetField, SetLabels
from problemframe.decide import EVIDENCE_SCORE_FIELD, EVIDENCE_STRENGTH_FIELD, OUTCOME_FIELD
from problemframe.events import TicketRef
from problemframe.evidence import Tier
from problemframe.policy import Labels

SCORE = "Evidence score"
EVIDENCE = "Evidence"
OUTCOME = "Outcome"
OUTCOME_DUE = "Outcome due"

OUTCOME_OPTIONS = ("pending", "review", "met", "partial", "missed", "inconclusive", "skipped")


class FieldKind(StrEnum):
    """The kinds of project field the service writes (GitHub's ProjectV2CustomFieldType names)."""

    NUMBER = "NUMBER"
    SINGLE_SELECT = "SINGLE_SELECT"
    DATE = "DATE"


class OptionSpec(BaseModel):
    """One single-select option as the service creates it."""

    model_config = ConfigDict(frozen=True)

    name: str
    color: str
    description: str


class FieldSpec(BaseModel):
    """One field the service needs in a project."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: FieldKind
    options: tuple[OptionSpec, ...] = ()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(name=SCORE, kind=FieldKind.NUMBER),
    FieldSpec(
        name=EVIDENCE,
        kind=FieldKind.SINGLE_SELECT,
        options=(
            OptionSpec(name="none", color="GRAY", description="No customer evidence yet"),
            OptionSpec(name="weak", color="RED", description="Little customer evidence"),
            OptionSpec(name="moderate", color="YELLOW", description="Some customer evidence"),
            OptionSpec(name="strong", color="GREEN", description="Strong customer evidence"),
        ),
    ),
    FieldSpec(
        name=OUTCOME,
        kind=FieldKind.SINGLE_SELECT,
        options=(
            OptionSpec(name="pending", color="BLUE", description="Shipped; the metric's window is running"),
            OptionSpec(name="review", color="PURPLE", description="Measured; waiting for the outcome review"),
            OptionSpec(name="met", color="GREEN", description="Reviewed: the target was met"),
            OptionSpec(name="partial", color="YELLOW", description="Reviewed: part of the way to the target"),
            OptionSpec(name="missed", color="RED", description="Reviewed: the target was missed"),
            OptionSpec(name="inconclusive", color="GRAY", description="Reviewed: the data cannot tell"),
            OptionSpec(name="skipped", color="ORANGE", description="The review was skipped, with a reason"),
        ),
    ),
    FieldSpec(name=OUTCOME_DUE, kind=FieldKind.DATE),
)

BOARD_VIEWS: tuple[str, ...] = (
    "Table 'Evidence': sort by Evidence score (descending); show Evidence, Outcome, Outcome due.",
    "Board 'Outcomes': group by Outcome (column field: Outcome); sort by Outcome due (ascending).",
    "Table 'Due for review': filter Outcome:review; sort by Outcome due (ascending).",
)


class Unset(StrEnum):
    """A value the actions say nothing about: the item keeps what it holds."""

    KEEP = "keep"


KEEP = Unset.KEEP
Value = float | str | dt.date | Literal[Unset.KEEP] | None


@dataclass(frozen=True)
class ItemFields:
    """What a ticket's project item should hold; KEEP leaves a field as it is, None empties it."""

    score: float | Literal[Unset.KEEP] | None = KEEP
    evidence: str | Literal[Unset.KEEP] | None = KEEP
    outcome: str | Literal[Unset.KEEP] | None = KEEP
    outcome_due: dt.date | Literal[Unset.KEEP] | None = KEEP

    def by_field(self) -> dict[str, Value]:
        """Return the wanted values keyed by project field name, leaving out those to keep."""
        values: dict[str, Value] = {
            SCORE: self.score, EVIDENCE: self.evidence, OUTCOME: self.outcome, OUTCOME_DUE: self.outcome_due,
        }
        return {name: value for name, value in values.items() if value is not KEEP}

    def touches(self) -> bool:
        """Return whether any field is to be set or emptied."""
        return bool(self.by_field())


def _outcome_option(value: float | str | None) -> str | None:
    # "closed" (not planned) and "framed" are no outcome on a board: the field is emptied.
    return value if isinstance(value, str) and value in OUTCOME_OPTIONS else None


def _outcome_from_labels(action: SetLabels, labels: Labels) -> str | Literal[Unset.KEEP] | None:
    managed = {labels.outcome(name) for name in OUTCOME_OPTIONS}
    if not managed & action.managed:
        return KEEP
    shown = [name for name in OUTCOME_OPTIONS if labels.outcome(name) in action.wanted]
    return shown[0] if shown else None


@dataclass
class _Seen:
    score: float | Literal[Unset.KEEP] | None = KEEP
    evidence: str | Literal[Unset.KEEP] | None = KEEP
    outcome: str | Literal[Unset.KEEP] | None = KEEP
    label_outcome: str | Literal[Unset.KEEP] | None = KEEP
    due: dt.date | Literal[Unset.KEEP] | None = KEEP


def item_fields(actions: Iterable[Action], *, labels: Labels) -> dict[TicketRef, ItemFields]:
    """Return, per ticket, the project item values the actions imply.

    Score and tier follow every framing update; Outcome follows the decision's Outcome field or, when only the
    outcome labels move (the window ending), those labels; shipping sets the due date; stopping the loop (no
    outcome label left, or an outcome that is no option such as "closed") empties Outcome and Outcome due.
    A framing update without an outcome leaves Outcome alone: `backfill` judges tickets without their stored
    outcome, and a new item's Outcome is empty anyway. Tickets the actions do not frame or move are left out.
    """
    found: dict[TicketRef, _Seen] = {}
    for action in actions:
        seen = found.setdefault(action.ref, _Seen())
        if isinstance(action, SetField):
            if action.name == EVIDENCE_SCORE_FIELD and isinstance(action.value, int | float):
                seen.score = float(action.value)
            elif action.name == EVIDENCE_STRENGTH_FIELD and isinstance(action.value, str):
                seen.evidence = action.value if action.value in {tier.value for tier in Tier} else None
            elif action.name == OUTCOME_FIELD:
                seen.outcome = _outcome_option(action.value)
        elif isinstance(action, SetLabels):
            from_labels = _outcome_from_labels(action, labels)
            if from_labels is not KEEP:
                seen.label_outcome = from_labels
        elif isinstance(action, ScheduleOutcome):
            seen.due = action.due.date()
    result: dict[TicketRef, ItemFields] = {}
    for ref, seen in found.items():
        outcome = seen.outcome if seen.outcome is not KEEP else seen.label_outcome
        fields = ItemFields(
            score=seen.score, evidence=seen.evidence, outcome=outcome, outcome_due=None if outcome is None else seen.due
        )
        if fields.touches():
            result[ref] = fields
    return result


def same_value(current: Value, wanted: Value) -> bool:
    """Return whether a field already holds the wanted value (numbers compare as numbers)."""
    if isinstance(current, int | float) and isinstance(wanted, int | float):
        return float(current) == float(wanted)
    return current == wanted


def missing_options(spec: FieldSpec, present: Mapping[str, str]) -> list[OptionSpec]:
    """Return the options of a spec a field lacks; `present` maps option names (any case) to their ids."""
    have = {name.casefold() for name in present}
    return [option for option in spec.options if option.name.casefold() not in have]
