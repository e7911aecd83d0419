"""Group commit for 边看边投: in a burst (hundreds of taps a second in a big live room) each process writes
the applications it receives in groups, one transaction per group, instead of one transaction per tap.

A tap's request checks what it can on its own (the seeker, consent, the minimum résumé, the room and the post
from the per-process room state), hands its row to this process's writer and waits for the group to commit.
The writer takes whatever queued while the previous group was being written: an idle room waits for nothing
extra, a busy one gets large groups. One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` per group lets the
same unique (seeker, post) constraint as a single apply decide repeats; rows already there are read back in
the same transaction. A group that fails is written again row by row, so one bad row fails alone.

The writer is a thread (a greenlet under gevent's monkey-patching), started on first use in each process.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask
from sqlalchemy import Engine, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Enterprise,
    JobPost,
)
from webapp.models.mixins import utcnow
from webapp.services import ServiceError, jobs

log = logging.getLogger(__name__)

MAX_GROUP = 500  # rows in one transaction
WAIT_SECONDS = 15.0  # a request gives up on its group after this long (the row may still land)


@dataclass(frozen=True)
class LiveRow:
    """One tap: who applies to which post, from which live session and segment."""

    seeker_id: int
    post_id: int
    actor_id: int
    live_session_id: int
    live_segment_id: int


class PostNotOpen(ServiceError):
    """The post closed (or its firm lost verification) since this process read the room's state."""

    def __init__(self) -> None:
        super().__init__("该岗位已停止招聘", code="closed")


@dataclass(frozen=True)
class Written:
    application_id: int
    created: bool  # False: the seeker had applied to this post before (a double tap, another device)
    created_at: datetime


@dataclass
class _Pending:
    row: LiveRow
    done: threading.Event = field(default_factory=threading.Event)
    result: Written | None = None
    error: BaseException | None = None


class GroupWriter:
    """This process's writer of live applications for one database."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name not in ("postgresql", "sqlite"):
            raise RuntimeError(f"group commit needs INSERT … ON CONFLICT: not on {engine.dialect.name}")
        self.engine = engine
        self.pid = os.getpid()
        self._queue: list[_Pending] = []
        self._wake = threading.Condition()
        self.groups = 0  # groups written (for tests and the benchmark)
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()  # made per writer, at request time: a gevent lock under gevent

    def submit(self, row: LiveRow) -> Written:
        """Queue the row and wait until its group has committed."""
        if self._thread is None:
            with self._starting:
                if self._thread is None:
                    thread = threading.Thread(target=self._run, name="live-apply-writer", daemon=True)
                    thread.start()
                    self._thread = thread
        pending = _Pending(row)
        with self._wake:
            self._queue.append(pending)
            self._wake.notify()
        if not pending.done.wait(WAIT_SECONDS):
            raise ServiceError("投递人数较多，请稍后在“我的投递”查看是否成功", code="busy")
        if pending.error is not None:
            raise pending.error
        assert pending.result is not None
        return pending.result

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait()
                group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
            try:
                self._write(group)
            except Exception:
                log.warning("a group of %d live applications failed; writing them one by one", len(group))
                for pending in group:
                    try:
                        self._write([pending])
                    except Exception as exc:  # this row's own failure, reported to its request
                        log.exception("live application %s failed", pending.row)
                        pending.error = exc
            finally:
                for pending in group:
                    pending.done.set()

    def _write(self, group: list[_Pending]) -> None:
        now = utcnow()
        apps, events = Application.__table__, ApplicationEvent.__table__
        rows = [
            {
                "seeker_id": p.row.seeker_id,
                "post_id": p.row.post_id,
                "status": ApplicationStatus.SUBMITTED,
                "source": ApplicationSource.LIVE,
                "live_session_id": p.row.live_session_id,
                "live_segment_id": p.row.live_segment_id,
                "source_note": "",
                "created_at": now,
                "updated_at": now,
            }
            for p in group
        ]
        dialect_insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        statement = (
            dialect_insert(apps)
            .on_conflict_do_nothing(index_elements=["seeker_id", "post_id"])
            .returning(apps.c.id, apps.c.seeker_id, apps.c.post_id)
        )
        with self.engine.begin() as conn:
            # the room's state a tap was checked against may be up to a second old: the posts are asked again
            open_ids = set(
                conn.scalars(
                    select(JobPost.id)
                    .join(Enterprise)
                    .where(JobPost.id.in_(sorted({p.row.post_id for p in group})), *jobs.open_clause())
                )
            )
            rows = [r for r in rows if r["post_id"] in open_ids]
            created = {(r.seeker_id, r.post_id): r.id for r in conn.execute(statement, rows)} if rows else {}
            actors = {(p.row.seeker_id, p.row.post_id): p.row.actor_id for p in group}
            if created:
                conn.execute(
                    insert(events),
                    [
                        {
                            "application_id": i,
                            "status": ApplicationStatus.SUBMITTED,
                            "actor_id": actors[key],
                            "note": "",
                            "at": now,
                        }
                        for key, i in created.items()
                    ],
                )
            missing = {(r["seeker_id"], r["post_id"]) for r in rows} - created.keys()
            existing = {}
            if missing:
                existing = {
                    (r.seeker_id, r.post_id): (r.id, r.created_at)
                    for r in conn.execute(
                        select(apps.c.id, apps.c.seeker_id, apps.c.post_id, apps.c.created_at).where(
                            tuple_(apps.c.seeker_id, apps.c.post_id).in_(missing)
                        )
                    )
                }
        self.groups += 1
        answered: set[tuple[int, int]] = set()
        for p in group:
            key = (p.row.seeker_id, p.row.post_id)
            if p.row.post_id not in open_ids:
                p.error = PostNotOpen()
            elif key in created and key not in answered:  # a double tap in the same group: the first creates
                p.result = Written(created[key], True, now)
                answered.add(key)
            elif key in created:
                p.result = Written(created[key], False, now)
            else:
                if key in existing:
                    p.result = Written(existing[key][0], False, existing[key][1])
                else:  # neither written nor there (cannot happen while the unique constraint stands)
                    p.error = ServiceError("投递未成功，请重试", code="not_written")


def writer(app: Flask, engine: Engine) -> GroupWriter:
    """This process's writer for the app's database (a forked worker makes its own). Two threads racing here
    at the first taps may each make one: both write correctly, the one not kept just goes idle."""
    current = app.extensions.get("live_group_writer")
    if current is None or current.pid != os.getpid() or current.engine is not engine:
        current = app.extensions["live_group_writer"] = GroupWriter(engine)
    return current
