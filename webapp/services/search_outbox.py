"""Deliver the search outbox to Meilisearch: claim due rows, send them, settle them.

Rows are *claimed* with a lease (their ``next_attempt_at`` moves past the lease) in one conditional UPDATE,
on PostgreSQL over ``FOR UPDATE SKIP LOCKED``, so two workers (the ``flask serve`` thread and ``flask search
worker``, or several production workers) never send the same row. A round is sent, waited for and marked
done. When a round fails for a reason other than an outage, its rows are split in halves and re-sent until
the failing rows are alone (bisection): one row that cannot be sent never holds the others back. A failing
row backs off on its own and is *parked* after ``PARK_AFTER`` failures with the reason, for an organizer to
see (``queue_status``) and re-queue (``retry_parked``). An outage (Meilisearch unreachable) parks nothing:
rows back off and are retried until they land.

Tasks sent by one worker run in the order sent, but two workers' rounds may interleave. After a round lands,
each post whose database state moved past what was sent gets a fresh row, so the index converges whatever
the order.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import delete, func, select, update

from search.gateway import IndexTaskFailed, SearchGateway, SearchUnavailable
from webapp.extensions import db
from webapp.models import SearchOutbox
from webapp.models.mixins import utcnow
from webapp.services import search_index, search_sync

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than any round's wait: a dead worker's rows come back after it
PARK_AFTER = 8  # failures of a row (not outages) before it is parked
MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 12)), MAX_BACKOFF)


@dataclass(frozen=True)
class Claimed:
    id: int
    index: str
    entity_id: int


@dataclass
class DrainResult:
    rows: int = 0
    upserted: int = 0
    deleted: int = 0
    failed: bool = False  # an outage stopped the drain; its rows will be retried
    error: str = ""
    row_failures: int = 0  # rows that failed on their own (backed off or parked)
    parked: int = 0


def _due():
    now = utcnow()
    return (
        SearchOutbox.processed_at.is_(None),
        SearchOutbox.parked_at.is_(None),
        SearchOutbox.next_attempt_at <= now,
    )


def claim(limit: int) -> list[Claimed]:
    """Lease up to ``limit`` due rows to this caller (committed at once), oldest first."""
    candidates = (
        select(SearchOutbox.id)
        .where(*_due())
        .order_by(SearchOutbox.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer and ignores it
        .scalar_subquery()
    )
    rows = db.session.execute(
        update(SearchOutbox)
        .where(SearchOutbox.id.in_(candidates), *_due())  # re-checked: another worker may have won
        .values(next_attempt_at=utcnow() + LEASE)
        .returning(SearchOutbox.id, SearchOutbox.index, SearchOutbox.entity_id),
        execution_options={"synchronize_session": False},
    ).all()
    db.session.commit()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def _processed(rows: list[Claimed]) -> None:
    db.session.execute(
        update(SearchOutbox)
        .where(SearchOutbox.id.in_([r.id for r in rows]))
        .values(processed_at=utcnow(), last_error=""),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _outage(rows: list[Claimed], error: Exception) -> None:
    """Meilisearch unreachable: every row backs off and stays queued (never parked)."""
    now = utcnow()
    for row in db.session.scalars(select(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows]))):
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = str(error)[:1000]
    db.session.commit()
    log.warning("search unavailable for %d outbox rows, will retry: %s", len(rows), error)


def _row_failed(rows: list[Claimed], error: Exception) -> int:
    """Rows that fail on their own back off; after PARK_AFTER failures they are parked. Returns parked."""
    now, parked = utcnow(), 0
    for row in db.session.scalars(select(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows]))):
        row.attempts += 1
        row.failures += 1
        row.last_error = f"{type(error).__name__}: {error}"[:1000]
        row.next_attempt_at = now + backoff(row.failures)
        if row.failures >= PARK_AFTER:
            row.parked_at = now
            parked += 1
    db.session.commit()
    log.error("search outbox rows %s failed on their own (%s)", [r.id for r in rows], error)
    return parked


@dataclass
class _Round:
    rows: list[Claimed]
    tasks: list[int] = field(default_factory=list)
    upserted: int = 0
    deleted: int = 0
    sent: dict[int, int | None] = field(default_factory=dict)  # post id → version sent (None: deleted)


def _send(gw: SearchGateway, rows: list[Claimed], chunk: int) -> _Round:
    sent = search_sync.send_rows(gw, rows, chunk)
    return _Round(rows, sent.tasks, sent.upserted, sent.deleted, sent.versions)


def _wait(gw: SearchGateway, sent: _Round, wait_ms: int) -> None:
    for task in sent.tasks:
        gw.wait(task, timeout_ms=wait_ms)


def _requeue_moved(sent: _Round) -> None:
    """Posts whose searchable state changed after it was read for this round get a fresh outbox row."""
    if sent.sent:
        moved = [
            pid
            for pid, version in search_sync.current_versions(sent.sent).items()
            if version != sent.sent[pid]
        ]
        if moved:
            search_sync.enqueue_posts(moved)
            db.session.commit()


class _Stop(Exception):
    """An outage: stop draining (the rows have been backed off)."""


def _isolate(gw: SearchGateway, rows: list[Claimed], chunk: int, wait_ms: int, total: DrainResult) -> None:
    """Send ``rows`` one half at a time until each failure is down to its own rows (bisection)."""
    entities = sorted({(r.index, r.entity_id) for r in rows})
    if len(entities) <= 1:
        try:
            sent = _send(gw, rows, chunk)
            _wait(gw, sent, wait_ms)
        except SearchUnavailable as exc:
            _outage(rows, exc)
            raise _Stop(str(exc)) from exc
        except Exception as exc:  # a poison row: a bad document, a model error, a task Meilisearch failed
            db.session.rollback()
            total.row_failures += len(rows)
            total.parked += _row_failed(rows, exc)
            return
        _settled(sent, total)
        return
    half = set(entities[: len(entities) // 2])
    _isolate(gw, [r for r in rows if (r.index, r.entity_id) in half], chunk, wait_ms, total)
    _isolate(gw, [r for r in rows if (r.index, r.entity_id) not in half], chunk, wait_ms, total)


def _settled(sent: _Round, total: DrainResult) -> None:
    _processed(sent.rows)
    total.upserted += sent.upserted
    total.deleted += sent.deleted
    _requeue_moved(sent)


def drain(
    gw: SearchGateway,
    batch_size: int = 1000,
    pipeline: int = 8,
    in_flight: int = 2,
    max_rounds: int = 1000,
    wait_ms: int = 300_000,
) -> DrainResult:
    """Send due outbox rows in rounds of up to ``batch_size × pipeline`` and mark each round done once
    Meilisearch reports its tasks succeeded; never raises on an outage or a bad row.

    Up to ``in_flight`` rounds are sent before the oldest is waited for, so Meilisearch indexes one round
    while the next is read and serialised. A round that fails is bisected down to its failing rows; an
    outage backs every claimed row off and stops the drain.
    """
    total, flying = DrainResult(), deque()
    try:
        for _ in range(max_rounds):
            rows = claim(batch_size * pipeline)
            if rows:
                total.rows += len(rows)
                try:
                    flying.append(_send(gw, rows, batch_size))
                except SearchUnavailable as exc:
                    _outage(rows, exc)
                    raise _Stop(str(exc)) from exc
                except Exception:
                    db.session.rollback()
                    _isolate(gw, rows, batch_size, wait_ms, total)
            if flying and (not rows or len(flying) >= in_flight):
                _settle(gw, flying.popleft(), batch_size, wait_ms, total)
            if not rows and not flying:
                break
    except _Stop as stop:
        total.failed, total.error = True, str(stop)
        for sent in flying:  # sent but not confirmed: release them to be sent again later
            _outage(sent.rows, stop)
    return total


def _settle(gw: SearchGateway, sent: _Round, chunk: int, wait_ms: int, total: DrainResult) -> None:
    try:
        _wait(gw, sent, wait_ms)
    except SearchUnavailable as exc:
        _outage(sent.rows, exc)
        raise _Stop(str(exc)) from exc
    except IndexTaskFailed:
        _isolate(gw, sent.rows, chunk, wait_ms, total)
        return
    _settled(sent, total)


def drain_once(gw: SearchGateway, batch_size: int = 1000, pipeline: int = 8) -> DrainResult:
    """One round: send up to ``batch_size × pipeline`` due rows and wait for them (progress bars, tests)."""
    return drain(gw, batch_size, pipeline, in_flight=1, max_rounds=1)


def repair(gw: SearchGateway, drift: search_sync.Drift) -> DrainResult:
    """Queue every drifted post through the outbox and send it now."""
    search_sync.enqueue_posts([*drift.missing, *drift.extra, *drift.stale])
    db.session.commit()
    return drain(gw)


# --- what organizers and `flask search status` see ------------------------------------------------


@dataclass
class QueueStatus:
    pending: int  # not yet delivered (parked rows excluded)
    parked: int
    oldest_pending_at: datetime | None
    parked_rows: list[SearchOutbox]

    def oldest_age(self, now: datetime | None = None) -> timedelta | None:
        if self.oldest_pending_at is None:
            return None
        return (now or utcnow()) - self.oldest_pending_at


def _parked():
    return SearchOutbox.processed_at.is_(None), SearchOutbox.parked_at.is_not(None)


def queue_status(parked_limit: int = 50) -> QueueStatus:
    """Queue length and age, and the parked rows with their reasons (newest first)."""
    waiting = (SearchOutbox.processed_at.is_(None), SearchOutbox.parked_at.is_(None))
    pending, oldest = db.session.execute(
        select(func.count(), func.min(SearchOutbox.created_at)).where(*waiting)
    ).one()
    parked_q = select(SearchOutbox).where(
        SearchOutbox.processed_at.is_(None), SearchOutbox.parked_at.is_not(None)
    )
    parked = db.session.scalar(select(func.count()).select_from(parked_q.subquery()))
    rows = list(db.session.scalars(parked_q.order_by(SearchOutbox.parked_at.desc()).limit(parked_limit)))
    return QueueStatus(pending, parked, oldest, rows)


def retry_parked(row_ids: list[int] | None = None) -> int:
    """Put parked rows (all, or these) back in the queue with a fresh failure count."""
    stmt = update(SearchOutbox).where(
        SearchOutbox.processed_at.is_(None), SearchOutbox.parked_at.is_not(None)
    )
    if row_ids is not None:
        stmt = stmt.where(SearchOutbox.id.in_(row_ids))
    result = db.session.execute(
        stmt.values(parked_at=None, failures=0, next_attempt_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount


def pending_count() -> int:
    return queue_status(parked_limit=0).pending


def purge_processed(older_than: timedelta = timedelta(days=7)) -> int:
    """Delete outbox rows delivered more than ``older_than`` ago (a periodic job)."""
    result = db.session.execute(delete(SearchOutbox).where(SearchOutbox.processed_at < utcnow() - older_than))
    db.session.commit()
    return result.rowcount


# --- the worker ------------------------------------------------------------------------------------


class SyncWorker(threading.Thread):
    """The drain loop: ``flask serve`` runs it as a thread, production as ``flask search worker``.

    It only drains the outbox; periodic jobs belong to ``webapp.scheduler``.
    """

    def __init__(self, app: Flask, interval: float = 1.0) -> None:
        super().__init__(name="search-sync", daemon=True)
        self.app, self.interval = app, interval
        self.stopping = threading.Event()
        self.rounds = 0  # completed loop iterations (tests wait on it)

    def run(self) -> None:
        gw = search_index.gateway(self.app)
        if gw is None:
            return
        ready = False
        while not self.stopping.is_set():
            with self.app.app_context():
                try:
                    if not ready:
                        search_index.ensure_index(gw)
                        search_sync.ensure_enterprise_index(gw)
                        ready = True
                    drain(gw)
                except SearchUnavailable as exc:
                    log.warning("search unavailable: %s", exc)
                except Exception:  # never dies: rows stay queued and are retried
                    log.exception("search sync iteration failed")
                    db.session.rollback()
                finally:
                    db.session.remove()
            self.rounds += 1
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()


def run_forever(app: Flask, interval: float = 1.0) -> None:
    """Foreground worker loop (``flask search worker``)."""
    worker = SyncWorker(app, interval)
    worker.start()
    try:
        while worker.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        worker.stop()
