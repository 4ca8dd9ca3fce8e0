"""Telling the world about reviewed outcomes: loop-closing comments, signed webhooks and Slack, via the outbox."""

from integration.outbound.allow import AllowList
from integration.outbound.plan import OutboundConfig, plan_outbound
from integration.outbound.send import Senders, deliver_due

__all__ = ["AllowList", "OutboundConfig", "Senders", "deliver_due", "plan_outbound"]
