"""GitHub Issues through PyGithub: the Tracker protocol with minimal, paced, retried writes."""

from integration.github.calls import RetryPolicy
from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker

__all__ = ["MARKER", "GitHubTracker", "RetryPolicy"]
