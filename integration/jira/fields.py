"""Jira's custom fields as the service uses them: names to ids, the score fields `setup jira` creates."""

from __future__ import annotations

import logging

from integration.jira.connection import JiraConnection
from integration.jira.issue import FRAME_FIELDS
from integration.tracker import PermanentTrackerError
from problemframe.decide import EVIDENCE_SCORE_FIELD, EVIDENCE_STRENGTH_FIELD, OUTCOME_FIELD

log = logging.getLogger(__name__)

# The fields `problemframe setup jira` creates for the score; labels and the comment need none of them.
SCORE_FIELDS = (EVIDENCE_SCORE_FIELD, EVIDENCE_STRENGTH_FIELD, OUTCOME_FIELD)
# While fields are missing, Jira's field list is read again at most this often, to notice `setup jira` has run.
FIELD_RECHECK_SECONDS = 300.0


class FieldCatalogue:
    """The site's custom fields by display name, read once and again when one is missing."""

    def __init__(self, site: JiraConnection) -> None:
        self._site = site
        self._ids: dict[str, str] | None = None
        self.types: dict[str, str] = {}
        """Custom field id -> Jira's schema type ("number", "option", "string"...)."""
        self._read_at = 0.0
        self._told_missing: tuple[str, ...] = ()

    def ids(self, *, refresh: bool = False) -> dict[str, str]:
        """Return custom field display name -> id (the first field of each name wins)."""
        if self._ids is None or refresh:
            ids: dict[str, str] = {}
            for field in self._site.calls.read("fields", self._site.client.fields):
                if field.get("custom"):
                    ids.setdefault(str(field["name"]), str(field["id"]))
                    self.types[str(field["id"])] = str((field.get("schema") or {}).get("type", "string"))
            self._ids = ids
            self._read_at = self._site.calls.clock()
        return self._ids

    def missing_score_fields(self) -> tuple[str, ...]:
        """Return the score fields the site lacks until `setup jira` creates them; logs once what that means."""
        ids = self.ids()
        missing = tuple(name for name in SCORE_FIELDS if name not in ids)
        if missing and self._site.calls.clock() - self._read_at >= FIELD_RECHECK_SECONDS:
            ids = self.ids(refresh=True)
            missing = tuple(name for name in SCORE_FIELDS if name not in ids)
        if missing and missing != self._told_missing:
            log.warning("Jira at %s has no custom field %s: labels and the checklist comment are written, the "
                        "score only once `problemframe setup jira --project KEY` has run",
                        self._site.server_url, ", ".join(f"'{name}'" for name in missing))
        self._told_missing = missing
        return missing

    def id_of(self, name: str) -> str:
        """Return the id of the custom field called `name`, or raise a permanent error naming the set-up step."""
        ids = self.ids()
        if name not in ids:
            ids = self.ids(refresh=True)
        if name not in ids:
            raise PermanentTrackerError(f"Jira has no custom field '{name}': run `problemframe setup jira`")
        return ids[name]

    def frame_ids(self) -> dict[str, str]:
        """Return problem/evidence/metric -> custom field id, for the frame fields that exist."""
        ids = self.ids()
        return {part: ids[name] for name, part in FRAME_FIELDS.items() if name in ids}
