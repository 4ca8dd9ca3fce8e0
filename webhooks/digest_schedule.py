"""The weekly digest `serve` posts on one issue: once a week, by whichever process claims the week first."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Literal

from integration.retry import Clock, Sleep, WriteLedger
from integration.store import ScheduleRuns, utcnow
from integration.store.lease import default_worker_id
from integration.store.outcomes import OutcomeStore
from integration.tracker import PermanentTrackerError, TrackerError
from integration.tracker_kind import Connection
from webhooks.periodic import PeriodicJob
from webhooks.settings import Settings, digest_issue
from webhooks.sources import SourceError, State, connect_source, post_digest, read_rows

log = logging.getLogger(__name__)

JOB = "weekly-digest"
WEEK = dt.timedelta(days=7)
TOP = 5

Status = Literal["early", "finished", "busy", "posted", "retry", "failed"]
"""What one tick did: before the slot, week already done, another process on it, posted, will retry, gave up."""


def weekly_slot(now: dt.datetime, *, weekday: int, hour: int) -> dt.datetime:
    """Return this ISO week's slot (weekday 0 = Monday, hour in UTC) for the week `now` falls in."""
    now = now.astimezone(dt.UTC)
    monday = (now - dt.timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday + dt.timedelta(days=weekday, hours=hour)


def week_of(moment: dt.datetime) -> str:
    """Return the ISO week of a moment as text that sorts in time order, such as 2026-W48."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


class DigestSchedule(PeriodicJob):
    """Posts the last 7 days' digest on PROBLEMFRAME_DIGEST_POST once a week; any number may share one database."""

    def __init__(
        self,
        settings: Settings,
        runs: ScheduleRuns,
        outcomes: OutcomeStore,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        tracker_clock: Clock = time.time,
        tracker_sleep: Sleep | None = None,
        ledger: WriteLedger | None = None,
        worker: str | None = None,
        lease: dt.timedelta = dt.timedelta(hours=1),
        top: int = TOP,
    ) -> None:
        super().__init__()
        if settings.digest_post is None:
            raise ValueError("the weekly digest needs PROBLEMFRAME_DIGEST_POST")
        self.tracker, self.container, self.key = digest_issue(settings.digest_post)
        self.settings = settings
        self.runs = runs
        self.outcomes = outcomes
        self.clock = clock
        self.tracker_clock = tracker_clock
        self.tracker_sleep = tracker_sleep or self._sleep
        self.ledger = ledger
        self.worker = worker or default_worker_id()
        self.lease = lease
        self.top = top

    def run_once(self, now: dt.datetime) -> Status:
        """Post this week's digest if its slot has passed and no process has posted it; errors are logged."""
        try:
            return self._run(now)
        except Exception:
            log.exception("weekly digest on %s: the run failed", self.settings.digest_post)
            return "retry"

    def _run(self, now: dt.datetime) -> Status:
        slot = weekly_slot(now, weekday=self.settings.digest_weekday, hour=self.settings.digest_hour)
        if now < slot:
            return "early"
        period = week_of(slot)
        done = self.runs.done(JOB)
        if done is not None and done >= period:
            return "finished"
        if not self.runs.claim(JOB, period, worker=self.worker, now=now, lease=self.lease):
            return "busy"
        try:
            self._post(now, since=slot - WEEK, until=slot)
        except (PermanentTrackerError, SourceError) as error:
            # Retrying every tick would not help (the issue is gone, credentials are missing): skip this week.
            log.error("weekly digest %s on %s not posted: %s", period, self.settings.digest_post, error)
            self.runs.finish(JOB, period, worker=self.worker)
            return "failed"
        except TrackerError as error:
            self.runs.release(JOB, worker=self.worker)
            log.warning("weekly digest %s on %s: %s; retrying at the next tick", period, self.settings.digest_post,
                        error)
            return "retry"
        except Exception:
            with contextlib.suppress(Exception):
                self.runs.release(JOB, worker=self.worker)
            raise
        if not self.runs.finish(JOB, period, worker=self.worker):
            log.warning("weekly digest %s: the claim ran out before the week was recorded", period)
        log.info("weekly digest %s posted on %s", period, self.settings.digest_post)
        return "posted"

    def _post(self, now: dt.datetime, *, since: dt.datetime, until: dt.datetime) -> None:
        connection = Connection(clock=self.tracker_clock, sleep=self.tracker_sleep, ledger=self.ledger)
        source = connect_source(self.settings, self.tracker, self.container, state_dir=None, connection=connection)
        rows = read_rows(source, state=State.ALL, today=now.date(), outcomes=self.outcomes)
        target = source.container.model_copy(update={"key": self.key})
        post_digest(source, target, rows, since=since, until=until, top=self.top)

    def tick(self) -> None:
        """Post this week's digest if its slot has passed."""
        self.run_once(self.clock())
