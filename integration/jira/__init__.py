"""Jira adapter: the Tracker protocol over the `jira` library, plus project set-up."""

from integration.jira.comments import MARKER
from integration.jira.issue import FRAME_FIELDS
from integration.jira.tracker import JiraTracker

__all__ = ["FRAME_FIELDS", "MARKER", "JiraTracker"]
