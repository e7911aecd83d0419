"""A live room's state: finding a session, the snapshot viewers and partner platforms see, publishing it on
the session's broker channel, and the apply-relevant state cached per process for 边看边投.

Every change viewers see bumps ``LiveSession.version``, commits, then publishes the whole state on the
session's channel, so a client that missed events is repaired by the next one (or by polling).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.live.broker import LocalBroker
from webapp.live.models import LiveMessage, LiveSession
from webapp.models import (
    Enterprise,
    FairStatus,
    JobPost,
    LiveStatus,
    QuestionStatus,
)
from webapp.services import NotFound, jobs

log = logging.getLogger(__name__)


def broker(app: Flask | None = None) -> LocalBroker:
    return (app or current_app).extensions["live_broker"]


def channel(session_id: int) -> str:
    return f"live:{session_id}"


def get_session(session_id: int) -> LiveSession:
    session = db.session.get(LiveSession, session_id)
    if session is None:
        raise NotFound("直播间不存在")
    return session


def get_viewable(session_id: int) -> LiveSession:
    session = db.session.get(
        LiveSession,
        session_id,
        options=[joinedload(LiveSession.fair), selectinload(LiveSession.segments)],
    )
    if session is None:
        raise NotFound("直播间不存在")
    if session.fair.status != FairStatus.PUBLISHED:
        raise NotFound("直播间不存在或尚未发布")
    return session


def post_card(post: JobPost) -> dict:
    from webapp.reference import place_name

    return {
        "id": post.id,
        "title": post.title,
        "pay": post.pay_text,
        "place": place_name(post.adcode),
        "education": post.education.label,
        "experience": post.experience_text,
        "headcount": post.headcount_text,
        "enterprise": post.enterprise.name,
        "url": url_for("public.job_detail", post_id=post.id),
    }


def snapshot(session: LiveSession) -> dict:
    """The live room's state as viewers and partner platforms see it."""
    segment = session.current_segment
    return {
        "id": session.id,
        "fair_id": session.fair_id,
        "title": session.title,
        "status": session.status.value,
        "status_label": session.status.label,
        "version": session.version,
        "presenting": (
            {
                "segment_id": segment.id,
                "enterprise_id": segment.enterprise_id,
                "enterprise": segment.enterprise.name,
                "tier": segment.enterprise.tier.label,
                "presenter": segment.presenter,
            }
            if segment
            else None
        ),
        "pinned_post": post_card(session.pinned_post) if session.pinned_post else None,
        "announcement": session.announcement,
        "replay_url": session.replay_url if session.status == LiveStatus.ENDED else "",
        "schedule": [
            {
                "segment_id": s.id,
                "enterprise_id": s.enterprise_id,
                "enterprise": s.enterprise.name,
                "minutes": s.planned_minutes,
                "done": s.ended_at is not None,
            }
            for s in session.segments
        ],
    }


def question_dict(message: LiveMessage) -> dict:
    visible = message.status in (QuestionStatus.SHOWN, QuestionStatus.ANSWERED)
    return {
        "id": message.id,
        "author": message.author,
        "text": message.text,
        "answer": message.answer,
        "visible": visible,
    }


@dataclass(frozen=True)
class OpenPost:
    """A post of a firm in the room that can be applied to now (open, verified firm)."""

    id: int
    enterprise_id: int
    title: str
    enterprise: str


@dataclass(frozen=True)
class ApplyTarget:
    """What 边看边投 needs to know about a live room: read once a second per process, not per tap."""

    live: bool
    segment_of: dict[int, int]  # enterprise id → its segment in this session
    current: tuple[int, int] | None  # (segment id, enterprise id) presenting now
    open_posts: dict[int, OpenPost]  # the room's firms' posts that can be applied to, by id

    def segment_for(self, enterprise_id: int) -> int | None:
        """The segment an application to this firm's post is recorded under: the one presenting now when it
        is this firm's, else the firm's segment in the schedule."""
        if self.current is not None and self.current[1] == enterprise_id:
            return self.current[0]
        return self.segment_of.get(enterprise_id)


APPLY_TARGET_TTL = 1.0  # seconds; changes made in this process drop it at once (publish_state)


_apply_targets: dict[tuple[str, int], tuple[float, ApplyTarget]] = {}  # (database, session id) → …


def apply_target(session_id: int) -> ApplyTarget:
    """The room's apply-relevant state. In a burst of taps (200/s in a big live room) reading the session,
    its fair and its segments for every tap was a fifth of the server's work; another worker's change
    (a segment switched, a post closed, a firm's verification withdrawn) reaches this one within a second."""
    now, key = time.monotonic(), (str(db.engine.url), session_id)
    cached = _apply_targets.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    session = get_viewable(session_id)
    current = session.current_segment
    segment_of = {s.enterprise_id: s.id for s in sorted(session.segments, key=lambda s: -s.position)}
    posts = db.session.execute(
        select(JobPost.id, JobPost.enterprise_id, JobPost.title, Enterprise.name)
        .join(Enterprise)
        .where(JobPost.enterprise_id.in_(list(segment_of)), *jobs.open_clause())
    )
    target = ApplyTarget(
        live=session.status == LiveStatus.LIVE,
        segment_of=segment_of,
        current=(current.id, current.enterprise_id) if current is not None else None,
        open_posts={row.id: OpenPost(*row) for row in posts},
    )
    _apply_targets[key] = (now + APPLY_TARGET_TTL, target)
    return target


def publish_state(session: LiveSession) -> None:
    _apply_targets.pop((str(db.engine.url), session.id), None)  # this process sees its own change at once
    try:
        broker().publish(channel(session.id), {"type": "state", "state": snapshot(session)})
    except Exception:  # (viewers repair by polling; the change itself is committed)
        log.exception("could not publish live state for session %s", session.id)
