"""GitHub Issues through PyGithub: the Tracker protocol with minimal, paced, retried writes."""

from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.retry import RetryPolicy

__all__ = ["MARKER", "GitHubTracker", "RetryPolicy"]
