"""The deployment's configuration checked as a whole: files, keys, credentials per tracker, database, trackers."""

from __future__ import annotations

import os
from collections.abc import Iterator

from integration.github.kind import GITHUB
from integration.jira.kind import JIRA
from integration.jira.policy_file import read_policies
from integration.kinds import KINDS, tracker_kind
from integration.tracker import PermanentTrackerError
from integration.tracker_kind import filled
from webhooks.config_probes import probe_database
from webhooks.findings import Finding
from webhooks.setting_names import unknown_settings
from webhooks.settings import ENV_FILE, Settings, digest_issue
from webhooks.source_check import source_problems
from webhooks.trackers import metric_sources


def _files(settings: Settings) -> Iterator[Finding]:
    try:
        read_policies(settings.jira_policy_file)
    except PermanentTrackerError as error:
        yield Finding("error", str(error))
    try:
        sources = metric_sources(settings)
    except PermanentTrackerError as error:
        yield Finding("error", str(error))
        return
    if settings.metric_sources_file is not None:
        for problem in source_problems(sources, os.environ, settings.metric_sources_file):
            yield Finding("error", problem)


def _names() -> Iterator[Finding]:
    for problem in unknown_settings(os.environ, ENV_FILE):
        yield Finding("warning", problem)


def _github_key(settings: Settings) -> Iterator[Finding]:
    app_id, key = filled(settings.github_app_id), filled(settings.github_private_key)
    if app_id != key:
        given, missing = ("APP_ID", "PRIVATE_KEY") if app_id else ("PRIVATE_KEY", "APP_ID")
        yield Finding("error", f"PROBLEMFRAME_GITHUB_{given} is set without PROBLEMFRAME_GITHUB_{missing}: "
                               "a GitHub App needs both")
    if not key:
        return
    try:
        pem = settings.github_private_key_pem()
    except ValueError as error:
        yield Finding("error", str(error))
        return
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        load_pem_private_key((pem or "").encode(), password=None)
    except (ValueError, TypeError):
        yield Finding("error", "PROBLEMFRAME_GITHUB_PRIVATE_KEY is not an unencrypted PEM private key "
                               "(download a new one from the App's settings page)")


def _credentials(settings: Settings) -> Iterator[Finding]:
    github_secret, jira_secret = filled(settings.github_webhook_secret), filled(settings.jira_webhook_secret)
    if github_secret and not GITHUB.has_credentials(settings):
        yield Finding("error", "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET is set but there are no GitHub credentials: "
                               "set PROBLEMFRAME_GITHUB_TOKEN, or PROBLEMFRAME_GITHUB_APP_ID and "
                               "PROBLEMFRAME_GITHUB_PRIVATE_KEY (every delivery would fail)")
    if GITHUB.has_credentials(settings) and not github_secret:
        yield Finding("warning", "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET is not set: /webhooks/github refuses every "
                                 "delivery (the command line still works)")
    if filled(settings.jira_email) != filled(settings.jira_api_token):
        given, missing = ("EMAIL", "API_TOKEN") if filled(settings.jira_email) else ("API_TOKEN", "EMAIL")
        yield Finding("error", f"PROBLEMFRAME_JIRA_{given} is set without PROBLEMFRAME_JIRA_{missing}")
    jira_named = jira_secret or filled(settings.jira_pat) or filled(settings.jira_api_token)
    if jira_named and not filled(settings.jira_url):
        yield Finding("error", "Jira credentials or a Jira webhook secret are set but PROBLEMFRAME_JIRA_URL is not")
    elif filled(settings.jira_url) and not JIRA.has_credentials(settings):
        yield Finding("error", "PROBLEMFRAME_JIRA_URL is set but there are no Jira credentials: set "
                               "PROBLEMFRAME_JIRA_EMAIL and PROBLEMFRAME_JIRA_API_TOKEN, or PROBLEMFRAME_JIRA_PAT")
    if JIRA.has_credentials(settings) and not jira_secret:
        yield Finding("warning", "PROBLEMFRAME_JIRA_WEBHOOK_SECRET is not set: /webhooks/jira refuses every delivery")
    if settings.jira_policy_file is not None and not filled(settings.jira_url):
        yield Finding("warning", "PROBLEMFRAME_JIRA_POLICY_FILE is set but PROBLEMFRAME_JIRA_URL is not: it has "
                                 "no effect")
    if not github_secret and not jira_secret and not any(kind.has_credentials(settings) for kind in KINDS.values()):
        # With credentials, the tracker's own warning above already says its door refuses every delivery.
        yield Finding("warning", "no webhook secret is set: every delivery is refused with 401")
    if settings.digest_post is not None:
        tracker = digest_issue(settings.digest_post)[0]
        if not tracker_kind(tracker).has_credentials(settings):
            yield Finding("error", f"PROBLEMFRAME_DIGEST_POST names a {tracker} issue but {tracker} has no "
                                   "credentials: the weekly digest could not be posted")


def _modes(settings: Settings) -> Iterator[Finding]:
    if settings.dry_run:
        yield Finding("warning", "PROBLEMFRAME_DRY_RUN is on: actions are logged, nothing is written to a tracker")


def check_config(settings: Settings, *, offline: bool = False, serving: bool = False) -> list[Finding]:
    """Return every problem of the configuration, errors first.

    `serving`: the check `serve` makes before it starts. It creates and migrates the database itself, so a missing
    or old schema is no problem there, and a tracker that does not answer may come back, so it is a warning;
    credentials the tracker refuses stay an error.
    """
    findings = [*_files(settings), *_github_key(settings), *_credentials(settings), *_modes(settings), *_names()]
    findings.extend(probe_database(settings, serving=serving))
    if not offline and not any(f.severity == "error" for f in findings):
        for kind in KINDS.values():
            if kind.has_credentials(settings):
                for problem in kind.probe(settings):
                    unreachable = problem.startswith("cannot reach")
                    findings.append(Finding("warning" if serving and unreachable else "error", problem))
    return sorted(findings, key=lambda f: f.severity != "error")
