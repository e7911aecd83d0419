"""Live-room numbers: counters pushed to viewers (online, peak, applications per segment and post), the
funnel (viewers → post views → applications → interviews → hires) and the per-segment and per-post reports."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.live.models import LivePostView, LiveSession, LiveViewer
from webapp.live.rooms import broker, channel
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    JobPost,
)


def _live_applications(session_id: int):
    return select(Application).where(
        Application.source == ApplicationSource.LIVE, Application.live_session_id == session_id
    )


def counters(session_id: int, online: int | None = None, record_peak: bool = True) -> dict:
    """Viewers online (all workers), peak, applications in total, per segment and per post; with
    ``record_peak``, a new peak is stored on the session (the ticker does this; page loads need not)."""
    online = broker().online(channel(session_id)) if online is None else online
    by_segment = db.session.execute(
        select(Application.live_segment_id, Application.post_id, func.count())
        .where(Application.source == ApplicationSource.LIVE, Application.live_session_id == session_id)
        .group_by(Application.live_segment_id, Application.post_id)
    ).all()
    per_segment: dict[str, int] = {}
    per_post: dict[str, int] = {}
    for segment, post_id, n in by_segment:
        segment_id = str(segment or 0)
        per_segment[segment_id] = per_segment.get(segment_id, 0) + n
        per_post[str(post_id)] = per_post.get(str(post_id), 0) + n
    if record_peak:
        db.session.execute(
            update(LiveSession)
            .where(LiveSession.id == session_id, LiveSession.peak_viewers < online)
            .values(peak_viewers=online)
        )
        db.session.commit()
    peak = db.session.scalar(select(LiveSession.peak_viewers).where(LiveSession.id == session_id)) or 0
    return {
        "online": online,
        "peak": max(peak, online),
        "applications": sum(per_segment.values()),
        "per_segment": per_segment,
        "per_post": per_post,
        "ts": time.time(),
    }


@dataclass
class Funnel:
    viewers: int
    post_views: int
    applications: int
    interviews: int
    hires: int

    def steps(self) -> list[tuple[str, int]]:
        return [
            ("观看人数", self.viewers),
            ("查看岗位", self.post_views),
            ("投递简历", self.applications),
            ("邀请面试", self.interviews),
            ("录用", self.hires),
        ]


def funnel(session_id: int) -> Funnel:
    viewers = db.session.scalar(select(func.count()).where(LiveViewer.session_id == session_id)) or 0
    post_views = (
        db.session.scalar(
            select(func.count(func.distinct(LivePostView.viewer_key))).where(
                LivePostView.session_id == session_id
            )
        )
        or 0
    )
    applied = _live_applications(session_id).with_only_columns(Application.id).subquery()
    apps = db.session.scalar(select(func.count()).select_from(applied)) or 0
    return Funnel(
        viewers=viewers,
        post_views=post_views,
        applications=apps,
        interviews=_reached(applied, ApplicationStatus.INTERVIEW),
        hires=_reached(applied, ApplicationStatus.HIRED),
    )


def _reached(applied, status: ApplicationStatus) -> int:
    """Applications that were ever at ``status`` (an interview later turned down still counts)."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(ApplicationEvent.application_id))).where(
                ApplicationEvent.application_id.in_(select(applied.c.id)), ApplicationEvent.status == status
            )
        )
        or 0
    )


def segment_report(session: LiveSession) -> list[dict]:
    numbers = counters(session.id, record_peak=False)
    return [
        {
            "segment": s,
            "applications": numbers["per_segment"].get(str(s.id), 0),
        }
        for s in session.segments
    ]


def post_report(session_id: int) -> list[tuple[JobPost, int]]:
    rows = db.session.execute(
        select(JobPost, func.count(Application.id))
        .join(Application, Application.post_id == JobPost.id)
        .options(joinedload(JobPost.enterprise))
        .where(Application.source == ApplicationSource.LIVE, Application.live_session_id == session_id)
        .group_by(JobPost.id)
        .order_by(func.count(Application.id).desc())
    ).all()
    return [(post, n) for post, n in rows]
