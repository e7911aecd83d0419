"""Livestream job fairs (直播带岗): the organizer's console actions, the state viewers see, live apply,
counters and the funnel.

Every change viewers see bumps ``LiveSession.version``, commits, then publishes the whole state on the
session's broker channel, so a client that missed events is repaired by the next one (or by polling).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.broker import LocalBroker
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    FairStatus,
    JobPost,
    LiveMessage,
    LivePostView,
    LiveSegment,
    LiveSession,
    LiveStatus,
    LiveViewer,
    ParticipationStatus,
    PostStatus,
    QuestionStatus,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, applications, audit
from webapp.services.fairs import get_fair, participation_of
from webapp.services.recommendations import mask_name

log = logging.getLogger(__name__)
TICK_SECONDS = 2.0
HLS_URL = re.compile(r"^https?://[^\s\"'<>]+$")
EMBED_URL = re.compile(r"^https://[^\s\"'<>]+$")


def broker(app: Flask | None = None) -> LocalBroker:
    return (app or current_app).extensions["live_broker"]


def channel(session_id: int) -> str:
    return f"live:{session_id}"


# --- sessions and the schedule ----------------------------------------------------------------------


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


def _check_urls(hls_url: str, embed_url: str, replay_url: str = "") -> None:
    if hls_url and not HLS_URL.match(hls_url):
        raise ServiceError("直播流地址应为 http(s) 开头的 HLS 地址（.m3u8）")
    if embed_url and not EMBED_URL.match(embed_url):
        raise ServiceError("嵌入地址必须以 https:// 开头")
    if replay_url and not HLS_URL.match(replay_url):
        raise ServiceError("回放地址应为 http(s) 开头的网址")


def save_session(user: User, session_id: int | None, fair_id: int, **fields) -> LiveSession:
    fair = get_fair(fair_id)
    title = str(fields.get("title", "")).strip()
    if not title:
        raise ServiceError("请填写直播间名称")
    if not fields.get("starts_at"):
        raise ServiceError("请填写开播时间")
    hls_url, embed_url = fields.get("hls_url", "").strip(), fields.get("embed_url", "").strip()
    _check_urls(hls_url, embed_url)
    session = LiveSession(fair_id=fair.id) if session_id is None else get_session(session_id)
    session.title, session.host, session.starts_at = (
        title,
        fields.get("host", "").strip(),
        fields["starts_at"],
    )
    session.hls_url, session.embed_url = hls_url, embed_url
    if session_id is None:
        db.session.add(session)
    _changed(session)
    db.session.flush()
    audit.record(user, "save_live_session", "live_session", session.id, title)
    db.session.commit()
    _publish_state(session)
    return session


def add_segment(
    user: User, session_id: int, enterprise_id: int, minutes: int = 10, presenter: str = ""
) -> LiveSegment:
    """Add an enterprise's turn; only enterprises approved for the fair can present."""
    session = get_session(session_id)
    participation = participation_of(enterprise_id, session.fair_id)
    if participation is None or participation.status != ParticipationStatus.APPROVED:
        raise ServiceError("只能安排已通过本场招聘会审核的企业")
    if not 1 <= minutes <= 240:
        raise ServiceError("时长应在 1 到 240 分钟之间")
    position = 1 + max((s.position for s in session.segments), default=0)
    segment = LiveSegment(
        enterprise_id=enterprise_id,
        position=position,
        planned_minutes=minutes,
        presenter=presenter.strip()[:60],
    )
    session.segments.append(segment)
    _changed(session)
    audit.record(user, "add_live_segment", "live_session", session.id, participation.enterprise.name)
    db.session.commit()
    _publish_state(session)
    return segment


def remove_segment(user: User, session_id: int, segment_id: int) -> None:
    session = get_session(session_id)
    segment = _segment(session, segment_id)
    if segment.started_at is not None:
        raise ServiceError("已开讲的环节不能删除")
    session.segments.remove(segment)
    _commit_change(session)


def move_segment(user: User, session_id: int, segment_id: int, step: int) -> None:
    session = get_session(session_id)
    ordered = list(session.segments)
    index = ordered.index(_segment(session, segment_id))
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = ordered[other].position, ordered[index].position
        _changed(session)
        db.session.commit()
        _publish_state(session)


def _segment(session: LiveSession, segment_id: int) -> LiveSegment:
    segment = next((s for s in session.segments if s.id == segment_id), None)
    if segment is None:
        raise NotFound("环节不存在")
    return segment


def _changed(session: LiveSession) -> None:
    session.version = (session.version or 0) + 1


def _commit_change(session: LiveSession) -> None:
    """A change viewers see: a new version, committed, then published."""
    _changed(session)
    db.session.commit()
    _publish_state(session)


# --- the console ----------------------------------------------------------------------------------------


def start(user: User, session_id: int) -> LiveSession:
    session = get_session(session_id)
    if session.status != LiveStatus.SCHEDULED:
        raise ServiceError("直播已开始或已结束")
    if session.fair.status != FairStatus.PUBLISHED:
        raise ServiceError("请先发布招聘会")
    if not (session.hls_url or session.embed_url):
        raise ServiceError("请先填写直播流地址或嵌入地址")
    session.status, session.started_at = LiveStatus.LIVE, utcnow()
    if session.segments and session.current_segment_id is None:
        _enter_segment(session, session.segments[0])
    _changed(session)
    audit.record(user, "live_start", "live_session", session.id, session.title)
    _tell_registered(session)
    db.session.commit()
    _publish_state(session)
    return session


def _tell_registered(session: LiveSession) -> None:
    """Seekers registered for the fair hear that its live room is on (in-app; SMS / e-mail if configured)."""
    from webapp.services import notify
    from webapp.services.fairs import people_of

    message = notify.Message(
        f"直播开始了：{session.title}", "主播正在讲岗，边看边投。", f"/live/{session.id}"
    )
    for person in people_of(session.fair_id, firms=False):
        notify.send(person, message)


def end(user: User, session_id: int, replay_url: str = "") -> LiveSession:
    session = _live(session_id)
    _check_urls("", "", replay_url.strip())
    now = utcnow()
    if session.current_segment is not None and session.current_segment.ended_at is None:
        session.current_segment.ended_at = now
    session.status, session.ended_at = LiveStatus.ENDED, now
    session.pinned_post_id = None
    session.replay_url = replay_url.strip()
    _changed(session)
    audit.record(user, "live_end", "live_session", session.id, session.title)
    db.session.commit()
    _publish_state(session)
    return session


def set_replay(user: User, session_id: int, replay_url: str) -> LiveSession:
    session = get_session(session_id)
    _check_urls("", "", replay_url.strip())
    session.replay_url = replay_url.strip()
    _commit_change(session)
    return session


def _live(session_id: int) -> LiveSession:
    session = get_session(session_id)
    if session.status != LiveStatus.LIVE:
        raise ServiceError("直播未在进行中")
    return session


def _enter_segment(session: LiveSession, segment: LiveSegment) -> None:
    now = utcnow()
    current = session.current_segment
    if current is not None and current.id != segment.id and current.ended_at is None:
        current.ended_at = now
    session.current_segment = segment
    if segment.started_at is None:
        segment.started_at = now
    segment.ended_at = None
    pinned = session.pinned_post
    if pinned is not None and pinned.enterprise_id != segment.enterprise_id:
        session.pinned_post_id = None


def switch(user: User, session_id: int, segment_id: int) -> LiveSession:
    """Hand the stage to another enterprise; a pinned post of the previous one is taken down."""
    session = _live(session_id)
    _enter_segment(session, _segment(session, segment_id))
    _commit_change(session)
    return session


def pinnable_posts(session: LiveSession) -> list[JobPost]:
    """Published, unexpired posts of the presenting enterprise, its fair posts first (a post is published only
    by an organizer's review: ``jobs.review_post``)."""
    segment = session.current_segment
    if segment is None:
        return []
    posts = db.session.scalars(
        select(JobPost)
        .where(JobPost.enterprise_id == segment.enterprise_id, JobPost.status == PostStatus.PUBLISHED)
        .order_by(JobPost.id.desc())
    ).all()
    participation = participation_of(segment.enterprise_id, session.fair_id)
    brought = {link.post_id for link in participation.posts} if participation else set()
    return sorted((p for p in posts if p.is_open), key=lambda p: p.id not in brought)


def pin(user: User, session_id: int, post_id: int | None) -> LiveSession:
    session = _live(session_id)
    if post_id is not None:
        if session.current_segment is None:
            raise ServiceError("请先切换到讲岗企业")
        post = db.session.get(JobPost, post_id)
        if post is None or post.id not in {p.id for p in pinnable_posts(session)}:
            raise ServiceError("只能置顶讲岗企业已审核发布的岗位")
    session.pinned_post_id = post_id
    _commit_change(session)
    return session


def announce(user: User, session_id: int, text: str) -> LiveSession:
    session = get_session(session_id)
    session.announcement = text.strip()[:300]
    _commit_change(session)
    return session


def ask(user: User, session_id: int, text: str) -> LiveMessage:
    session = get_viewable(session_id)
    text = text.strip()
    if not text:
        raise ServiceError("请输入问题")
    if len(text) > 300:
        raise ServiceError("问题不超过 300 字")
    if session.status == LiveStatus.ENDED:
        raise ServiceError("直播已结束")
    name = user.profile.name if user.profile and user.profile.name else (user.display_name or "用户")
    message = LiveMessage(session_id=session.id, user_id=user.id, author=mask_name(name), text=text)
    db.session.add(message)
    db.session.commit()
    return message


def moderate(user: User, session_id: int, message_id: int, action: str, answer: str = "") -> LiveMessage:
    message = db.session.get(LiveMessage, message_id)
    if message is None or message.session_id != session_id:
        raise NotFound("问题不存在")
    if action == "show":
        message.status = QuestionStatus.SHOWN
    elif action == "hide":
        message.status = QuestionStatus.HIDDEN
    elif action == "answer":
        if not answer.strip():
            raise ServiceError("请填写回答")
        message.status, message.answer = QuestionStatus.ANSWERED, answer.strip()[:300]
    else:
        raise ServiceError("未知操作")
    message.moderated_by_id = user.id
    db.session.commit()
    event = {"type": "question", "question": question_dict(message)}
    broker().publish(channel(session_id), event)
    return message


def questions(session_id: int, public_only: bool) -> list[LiveMessage]:
    stmt = select(LiveMessage).where(LiveMessage.session_id == session_id).order_by(LiveMessage.id.desc())
    if public_only:
        stmt = stmt.where(LiveMessage.status.in_([QuestionStatus.SHOWN, QuestionStatus.ANSWERED]))
    return list(db.session.scalars(stmt.limit(200)))


def question_dict(message: LiveMessage) -> dict:
    visible = message.status in (QuestionStatus.SHOWN, QuestionStatus.ANSWERED)
    return {
        "id": message.id,
        "author": message.author,
        "text": message.text,
        "answer": message.answer,
        "visible": visible,
    }


# --- what viewers see ------------------------------------------------------------------------------------


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


def _publish_state(session: LiveSession) -> None:
    _apply_targets.pop((str(db.engine.url), session.id), None)  # this process sees its own change at once
    try:
        broker().publish(channel(session.id), {"type": "state", "state": snapshot(session)})
    except Exception:  # (viewers repair by polling; the change itself is committed)
        log.exception("could not publish live state for session %s", session.id)


@dataclass(frozen=True)
class ApplyTarget:
    """What 边看边投 needs to know about a live room: read once a second per process, not per tap."""

    live: bool
    segment_of: dict[int, int]  # enterprise id → its segment in this session
    current: tuple[int, int] | None  # (segment id, enterprise id) presenting now


APPLY_TARGET_TTL = 1.0  # seconds; changes made in this process drop it at once (_publish_state)
_apply_targets: dict[tuple[str, int], tuple[float, ApplyTarget]] = {}  # (database, session id) → …


def apply_target(session_id: int) -> ApplyTarget:
    """The room's apply-relevant state. In a burst of taps (200/s in a big live room) reading the session,
    its fair and its segments for every tap was a fifth of the server's work; another worker's change
    reaches this one within a second."""
    now, key = time.monotonic(), (str(db.engine.url), session_id)
    cached = _apply_targets.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    session = get_viewable(session_id)
    current = session.current_segment
    target = ApplyTarget(
        live=session.status == LiveStatus.LIVE,
        segment_of={s.enterprise_id: s.id for s in sorted(session.segments, key=lambda s: -s.position)},
        current=(current.id, current.enterprise_id) if current is not None else None,
    )
    _apply_targets[key] = (now + APPLY_TARGET_TTL, target)
    return target


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


# --- counters and the funnel -------------------------------------------------------------------------------


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


# --- the counter ticker: one per process, pushes counters to this process's viewers -------------------


class CounterTicker(threading.Thread):
    def __init__(self, app: Flask) -> None:
        super().__init__(name="live-counters", daemon=True)
        self.app = app

    def run(self) -> None:
        hub = broker(self.app)
        while True:
            time.sleep(TICK_SECONDS)
            try:
                hub.flush_presence()
            except Exception:  # (Redis away: the next tick retries)
                log.exception("could not write viewer presence")
            for name in hub.local_channels():
                if not name.startswith("live:"):
                    continue
                session_id = int(name.split(":", 1)[1])
                try:
                    with self.app.app_context():
                        numbers = counters(session_id)
                        db.session.remove()
                    hub.deliver(name, {"type": "counters", "counters": numbers, "ts": time.time()})
                except Exception:  # (keep ticking; the next round retries)
                    log.exception("live counters failed for %s", name)


_ticker_lock = threading.Lock()


def ensure_ticker(app: Flask) -> None:
    """Start this process's counter ticker once (after a fork, the child starts its own)."""
    import os

    with _ticker_lock:
        ticker = app.extensions.get("live_ticker")
        if ticker is not None and ticker.is_alive() and app.extensions.get("live_ticker_pid") == os.getpid():
            return
        ticker = CounterTicker(app)
        ticker.start()
        app.extensions["live_ticker"], app.extensions["live_ticker_pid"] = ticker, os.getpid()
