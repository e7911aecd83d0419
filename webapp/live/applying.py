"""What viewers do in a live room: 边看边投 (apply to a post shown, the session and segment recorded as the
application's origin), and the viewer and post-view records behind the funnel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.live import intake
from webapp.live.models import LivePostView, LiveViewer
from webapp.live.rooms import ApplyTarget, OpenPost, apply_target, get_viewable
from webapp.models import (
    Application,
    ApplicationSource,
    JobPost,
    User,
)
from webapp.services import NotFound, ServiceError, applications


@dataclass(frozen=True)
class LiveApplied:
    """The answer to a tap: the application, and whether this tap made it (False: applied before)."""

    application_id: int
    created: bool
    application: Application | None = None  # loaded unless the group writer made it
    post: OpenPost | None = None  # made by the group writer: the room's post, and when
    at: datetime | None = None


def apply_live(user: User, session_id: int, post_id: int, consent: bool = False) -> LiveApplied:
    """边看边投: apply to a post shown in this live room, recording the session and segment as the source.

    A tap on an open post of the room, by a seeker who consented before and whose résumé is complete, is
    checked against the per-process room state and written by this process's group writer (see
    ``live.intake``); anything else (first consent, a closed or foreign post, a repeat) takes the ordinary
    apply, which says what is wrong or answers with the application already there."""
    target = apply_target(session_id)
    if not target.live:
        raise ServiceError("直播未在进行中，请在岗位页面投递", code="not_live")
    post = target.open_posts.get(post_id)
    profile = applications.applicant(user)
    if post is None or profile.resume_consent_at is None:
        return _apply_ordinarily(user, target, session_id, post_id, consent)
    applications.check_complete(profile)
    row = intake.LiveRow(
        seeker_id=profile.id,
        post_id=post_id,
        actor_id=user.id,
        live_session_id=session_id,
        live_segment_id=target.segment_for(post.enterprise_id),
    )
    db.session.close()  # the pool's connection goes back while the group commits (hundreds wait at once)
    try:
        written = intake.writer(current_app._get_current_object(), db.engine).submit(row)
    except intake.PostNotOpen:  # closed since the room's state was read: the ordinary apply answers
        user = db.session.get(User, row.actor_id)  # (the closed session let the first one go)
        return _apply_ordinarily(user, target, session_id, post_id, consent)
    if not written.created:
        repeat = db.session.get(
            Application,
            written.application_id,
            options=[
                joinedload(Application.post).joinedload(JobPost.enterprise),
                selectinload(Application.events),
            ],
        )
        return LiveApplied(written.application_id, False, repeat)
    return LiveApplied(written.application_id, True, post=post, at=written.created_at)


def _apply_ordinarily(
    user: User, target: ApplyTarget, session_id: int, post_id: int, consent: bool
) -> LiveApplied:
    post = db.session.get(JobPost, post_id, options=[joinedload(JobPost.enterprise)])
    if post is None:
        raise NotFound("岗位不存在")
    segment_id = target.segment_for(post.enterprise_id)
    if segment_id is None:
        raise ServiceError("该岗位不在本场直播中")
    application, created = applications.apply(
        user,
        post_id,
        source=ApplicationSource.LIVE,
        origin=applications.Origin(live_session_id=session_id, live_segment_id=segment_id),
        consent=consent,
    )
    return LiveApplied(application.id, created, application)


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
