"""The operator's outbound settings turned into the outbox's plan and its senders."""

from __future__ import annotations

from collections.abc import Callable

from integration.outbound import AllowList, OutboundConfig, Senders
from integration.outbound.plan import github_html_host, host_of
from integration.outbound.send import CommentSender, SlackSender, WebhookSender
from integration.tracker import Tracker
from problemframe.events import TicketRef
from webhooks.settings import Settings


def outbound_config(settings: Settings) -> OutboundConfig:
    """Return what the settings let the service send: which places, and whether webhooks and Slack are set up."""
    hosts: dict[str, str] = {}
    github = github_html_host(settings.github_api_url)
    if github and (settings.github_token is not None or settings.github_app_id):
        hosts["github"] = github
    jira = host_of(settings.jira_url)
    if jira:
        hosts["jira"] = jira
    return OutboundConfig(
        allow=AllowList.parse(settings.close_loop_allow),
        webhook=bool(settings.outcome_webhook_url and settings.outcome_webhook_secret),
        slack=settings.slack_webhook_url is not None,
        hosts=hosts,
    )


def senders(settings: Settings, trackers: Callable[[TicketRef], Tracker], config: OutboundConfig) -> Senders:
    """Return a sender for each kind of message the settings configure."""
    webhook = None
    if settings.outcome_webhook_url and settings.outcome_webhook_secret is not None:
        webhook = WebhookSender(settings.outcome_webhook_url, settings.outcome_webhook_secret.get_secret_value())
    slack = SlackSender(settings.slack_webhook_url.get_secret_value()) if settings.slack_webhook_url else None
    comment = CommentSender(trackers, config) if config.hosts and config.allow else None
    return Senders(webhook=webhook, slack=slack, comment=comment)
