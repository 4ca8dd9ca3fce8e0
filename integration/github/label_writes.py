"""SetLabels on GitHub: the smallest label change, creating missing repository labels in the policy's style."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from github import Github

from integration.github.calls import Calls, GitHubRefused, NotFoundError
from integration.github.issues import Issues
from integration.github.labels import RepoLabelCache, label_change
from integration.github.palette import label_style
from integration.github.policies import Policies
from integration.github.writes import Writer, Writes
from integration.retry import Clock
from integration.tracker import Written
from problemframe.actions import SetLabels
from problemframe.events import TicketRef

log = logging.getLogger(__name__)


class LabelWriter:
    """Set an issue's managed labels, with as few writes as GitHub allows."""

    def __init__(
        self, issues: Issues, calls: Calls, writer: Writer, policies: Policies, *, ttl: float, clock: Clock
    ) -> None:
        self._issues = issues
        self._calls = calls
        self._writer = writer
        self._policies = policies
        self._repo_labels = RepoLabelCache(ttl=ttl, clock=clock)

    def set_labels(self, action: SetLabels, writes: Writes) -> None:
        """Make the issue's managed labels the wanted ones, leaving other labels alone."""
        gh, issue = self._issues.fresh(action.ref)
        current = [label.name for label in issue.labels]
        change = label_change(current, wanted=action.wanted, managed=action.managed)
        if change.add:
            self._ensure_repo_labels(gh, action.ref, change.add, writes)
        told = Written.labels(action.ref.key, added=change.add, removed=change.remove)
        write = functools.partial(self._writer.rest, gh, writes, written=told)
        if (change.add and change.remove) or len(change.remove) > 1:
            # One PUT instead of a POST and DELETEs (a tier change would cost three writes). The issue was just
            # re-read, so the window in which a person's new label could be overwritten is one round trip.
            removed = {name.lower() for name in change.remove}
            final = [name for name in current if name.lower() not in removed] + list(change.add)
            write(f"set labels {final} on {action.ref}", lambda: issue.set_labels(*final))
        elif change.add:
            added = list(change.add)
            write(f"add labels {added} to {action.ref}", lambda: issue.add_to_labels(*added))
        elif change.remove:
            (name,) = change.remove
            try:
                write(f"remove label {name!r} from {action.ref}", functools.partial(issue.remove_from_labels, name))
            except NotFoundError:
                log.info("%s: label %r was already gone", action.ref, name)

    def _ensure_repo_labels(self, gh: Github, ref: TicketRef, names: Sequence[str], writes: Writes) -> None:
        container = ref.container
        missing = self._repo_labels.missing(container, names)
        repo = gh.get_repo(container)
        if missing is None:
            existing = self._calls.call(gh, lambda: [label.name for label in repo.get_labels()])
            self._repo_labels.replace(container, existing)
            missing = self._repo_labels.missing(container, names) or set()
        naming = self._policies.policy(container).labels
        for name in sorted(missing):
            style = label_style(name, naming)
            try:
                self._writer.rest(
                    gh,
                    writes,
                    f"create label {name!r} in {container}",
                    functools.partial(repo.create_label, name, style.color, style.description),
                    status=201,
                    written=Written(ref.key, "container", f"label {name} created"),
                )
            except GitHubRefused as exc:
                # Another replica (or a person) made it a moment ago: what was wanted is there.
                if "already_exists" not in exc.codes:
                    raise
                log.info("label %r already exists in %s", name, container)
            if not self._writer.dry_run:
                self._repo_labels.add(container, name)
