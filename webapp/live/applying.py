"""What viewers do in a live room: 边看边投 (apply to a post shown, the session and segment recorded as the
application's origin), and the viewer and post-view records behind the funnel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.live.models import LivePostView, LiveViewer
from webapp.live.rooms import apply_target, get_viewable
from webapp.models import (
    Application,
    ApplicationSource,
    JobPost,
    User,
)
from webapp.services import NotFound, ServiceError, applications


def apply_live(user: User, session_id: int, post_id: int, consent: bool = False) -> tuple[Application, bool]:
    """边看边投: apply to a post shown in this live room, recording the session and segment as the source."""
    target = apply_target(session_id)
    if not target.live:
        raise ServiceError("直播未在进行中，请在岗位页面投递", code="not_live")
    # loaded as applications.apply wants it, which then finds it in the session (one query, not two)
    post = db.session.get(JobPost, post_id, options=[joinedload(JobPost.enterprise)])
    if post is None:
        raise NotFound("岗位不存在")
    enterprise_id = post.enterprise_id
    segment_id = target.segment_of.get(enterprise_id)
    if segment_id is None:
        raise ServiceError("该岗位不在本场直播中")
    if target.current is not None and target.current[1] == enterprise_id:
        segment_id = target.current[0]
    return applications.apply(
        user,
        post_id,
        source=ApplicationSource.LIVE,
        origin=applications.Origin(live_session_id=session_id, live_segment_id=segment_id),
        consent=consent,
    )


def record_viewer(session_id: int, viewer_key: str, user_id: int | None) -> None:
    """Count someone who opened the room (once per session)."""
    exists = db.session.scalar(
        select(LiveViewer.id).where(LiveViewer.session_id == session_id, LiveViewer.viewer_key == viewer_key)
    )
    if exists:
        return
    db.session.add(LiveViewer(session_id=session_id, viewer_key=viewer_key, user_id=user_id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def record_post_view(session_id: int, post_id: int, viewer_key: str) -> None:
    session = get_viewable(session_id)
    exists = db.session.scalar(
        select(LivePostView.id).where(
            LivePostView.session_id == session_id,
            LivePostView.post_id == post_id,
            LivePostView.viewer_key == viewer_key,
        )
    )
    if exists:
        return
    db.session.add(
        LivePostView(
            session_id=session_id,
            segment_id=session.current_segment_id,
            post_id=post_id,
            viewer_key=viewer_key,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
