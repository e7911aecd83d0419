"""The organizer's side of a live room (直播带岗): the schedule of enterprise segments, the console (start,
switch, pin, announce, end) and the questions viewers ask and organizers moderate."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import select

from importers.compliance import blocking, check_post
from importers.identifiers import mask_name
from webapp.extensions import db
from webapp.fairs.services import get_fair
from webapp.fairs.signups import participation_of
from webapp.live.models import LiveMessage, LiveSegment, LiveSession
from webapp.live.rooms import broker, channel, get_session, get_viewable, publish_state, question_dict
from webapp.models import (
    FairStatus,
    JobPost,
    LiveStatus,
    ParticipationStatus,
    PostStatus,
    QuestionStatus,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, audit, compliance

HLS_URL = re.compile(r"^https?://[^\s\"'<>]+$")
EMBED_URL = re.compile(r"^https://[^\s\"'<>]+$")


def _embed_sources() -> list[str]:
    return current_app.config.get("LIVE_EMBED_SOURCES", "").split()


def _allowed_embed(url: str) -> bool:
    """The page's CSP lets only these platforms into the player frame; another one would stay blank."""
    return any(url == source or url.startswith(source.rstrip("/") + "/") for source in _embed_sources())


def _check_urls(hls_url: str, embed_url: str, replay_url: str = "") -> None:
    if hls_url and not HLS_URL.match(hls_url):
        raise ServiceError("直播流地址应为 http(s) 开头的 HLS 地址（.m3u8）")
    if embed_url and not EMBED_URL.match(embed_url):
        raise ServiceError("嵌入地址必须以 https:// 开头")
    if embed_url and not _allowed_embed(embed_url):
        raise ServiceError("嵌入地址须来自允许的直播平台：" + "、".join(_embed_sources()))
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
    publish_state(session)
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
    publish_state(session)
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
        publish_state(session)


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
    publish_state(session)


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
    publish_state(session)
    return session


def _tell_registered(session: LiveSession) -> None:
    """Seekers registered for the fair hear that its live room is on (in-app; SMS / e-mail if configured)."""
    from webapp.fairs.services import people_of
    from webapp.services import notify

    message = notify.Message(
        f"直播开始了：{session.title}", "主播正在讲岗，边看边投。", f"/live/{session.id}", "fair"
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
    publish_state(session)
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
        flagged = blocking(check_post(post.title, post.description, post.requirements))
        if flagged and not compliance.overridden(post):
            # the verdict of the post form and the review queue: the room shows no unlawful text
            raise ServiceError(
                "该岗位含疑似违规内容（" + "、".join(f.message for f in flagged) + "），不能置顶"
            )
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
