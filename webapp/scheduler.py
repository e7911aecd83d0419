"""Periodic jobs: one scheduler owns them (they used to ride in the search worker's loop, where a stalled
drain skipped them). ``flask serve`` runs it as a thread; production runs one ``flask scheduler`` process.

Each job runs in its own application context and its own try block: one failing job neither stops the others
nor the loop. A job runs at start and then every ``every``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask

from webapp.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


def _close_expired():
    from webapp.services.compliance import close_expired

    return close_expired()  # expired posts close (and leave the index) within the hour


def _reverify_reminders():
    from webapp.services.enterprise_admin import send_reverify_reminders

    return send_reverify_reminders()


def _saved_search_notices():
    from webapp.services.saved_searches import notify_new_matches

    return notify_new_matches()


def _fair_reminders():
    from webapp.fairs.attendance import remind_registrants

    return remind_registrants()


def _purge_outbox():
    from webapp.services.search_outbox import purge_processed

    return purge_processed()


def _purge_codes():
    from webapp.services.verification import purge_expired

    return purge_expired()


def _deliver_messages():
    from webapp.services.notify import deliver_due

    return deliver_due()


def _interview_reminders():
    from webapp.hiring.interviews import remind_due

    return remind_due()


def _code_occupations():
    from webapp.shortage.coding import code_pending

    return code_pending()  # posts and seekers counted by the shortage catalogue within ten minutes


HOURLY = timedelta(hours=1)
DEFAULT_JOBS = (
    PeriodicJob("close-expired", HOURLY, _close_expired),
    PeriodicJob("reverify-remind", HOURLY, _reverify_reminders),
    PeriodicJob("notify-searches", HOURLY, _saved_search_notices),
    PeriodicJob("fair-reminders", HOURLY, _fair_reminders),
    PeriodicJob("purge-outbox", HOURLY, _purge_outbox),
    PeriodicJob("purge-codes", HOURLY, _purge_codes),
    PeriodicJob("deliver-messages", timedelta(minutes=1), _deliver_messages),
    PeriodicJob("interview-reminders", timedelta(minutes=15), _interview_reminders),
    PeriodicJob("code-occupations", timedelta(minutes=10), _code_occupations),
)


class Scheduler(threading.Thread):
    def __init__(self, app: Flask, jobs: tuple[PeriodicJob, ...] = DEFAULT_JOBS, tick: float = 30.0) -> None:
        super().__init__(name="scheduler", daemon=True)
        self.app, self.jobs, self.tick = app, jobs, tick
        self.stopping = threading.Event()
        self.last_run: dict[str, float] = {}
        self.results: dict[str, object] = {}  # job name → last result, or the exception it raised

    def run_due(self, now: float | None = None) -> list[str]:
        """Run every job whose time has come; returns the names run."""
        now = time.monotonic() if now is None else now
        ran = []
        for job in self.jobs:
            last = self.last_run.get(job.name)
            if last is not None and now - last < job.every.total_seconds():
                continue
            with self.app.app_context():
                try:
                    self.results[job.name] = job.run()
                except Exception as exc:  # the next job and the next tick still run
                    log.exception("periodic job %s failed", job.name)
                    db.session.rollback()
                    self.results[job.name] = exc
                finally:
                    db.session.remove()
            self.last_run[job.name] = now
            ran.append(job.name)
        return ran

    def run(self) -> None:
        while not self.stopping.is_set():
            self.run_due()
            self.stopping.wait(self.tick)

    def stop(self) -> None:
        self.stopping.set()
