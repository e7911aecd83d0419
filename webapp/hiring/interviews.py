"""Interview scheduling: the firm proposes one to three slots (on site, or a video link from any provider: the
video itself is not ours); the seeker accepts one, declines, or asks for another time; both get the .ics and a
reminder the day before; the firm records whether the seeker came. Each step is a notice to the other side.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from webapp import beijing
from webapp.extensions import db
from webapp.fairs.ical import escape_text, fold
from webapp.hiring.events import tell_firm
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Interview,
    InterviewStatus,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, notify
from webapp.services.applications import record_status

IS = InterviewStatus
OPEN = (IS.PROPOSED, IS.RESCHEDULE, IS.ACCEPTED)
MAX_SLOTS = 3
MODES = {"onsite": "现场面试", "video": "视频面试"}


def _application_of_firm(user: User, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.status == ApplicationStatus.WITHDRAWN:
        raise NotFound("投递记录不存在")
    if application.post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能安排本企业收到的投递")
    return application


def describe(interview: Interview) -> str:
    """Where and how, as the notices and pages say it."""
    where = interview.place if interview.mode == "onsite" else f"视频会议：{interview.link}"
    parts = [MODES.get(interview.mode, ""), where]
    if interview.contact:
        parts.append(f"联系人：{interview.contact}")
    return "；".join(p for p in parts if p)


def slot_text(moment: datetime) -> str:
    local = beijing.to_local(moment)
    return f"{local:%m月%d日} 周{'一二三四五六日'[local.weekday()]} {local:%H:%M}"


def propose(
    user: User,
    application_id: int,
    slots: list[datetime],
    mode: str,
    place: str = "",
    link: str = "",
    contact: str = "",
    note: str = "",
) -> Interview:
    """The firm proposes slots (北京时间 as entered; stored UTC). An earlier open proposal is replaced."""
    application = _application_of_firm(user, application_id)
    if application.status in (ApplicationStatus.UNSUITABLE, ApplicationStatus.HIRED):
        raise ServiceError(f"该投递已{application.status.label}，不能再安排面试")
    if mode not in MODES:
        raise ServiceError("请选择面试方式")
    now = utcnow()
    slots = sorted({s for s in slots if s is not None})
    if not slots:
        raise ServiceError("请至少填写一个面试时间")
    if len(slots) > MAX_SLOTS:
        raise ServiceError(f"最多提供 {MAX_SLOTS} 个可选时间")
    if any(s <= now + timedelta(minutes=30) for s in slots):
        raise ServiceError("面试时间须晚于当前时间至少 30 分钟")
    place, link, contact = place.strip()[:200], link.strip()[:300], contact.strip()[:100]
    if mode == "onsite" and not place:
        raise ServiceError("现场面试请填写地点")
    if mode == "video":
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.netloc:
            raise ServiceError("视频面试请填写以 https:// 开头的会议链接")
    for earlier in db.session.scalars(
        select(Interview).where(Interview.application_id == application.id, Interview.status.in_(OPEN))
    ):
        earlier.status = IS.CANCELLED
    interview = Interview(
        application_id=application.id,
        proposed_by_id=user.id,
        slots=[s.isoformat() for s in slots],
        mode=mode,
        place=place if mode == "onsite" else "",
        link=link if mode == "video" else "",
        contact=contact,
        note=note.strip()[:500],
    )
    db.session.add(interview)
    times = "、".join(slot_text(s) for s in slots)
    summary = f"可选时间：{times}；{describe(interview)}" + (f"；{interview.note}" if interview.note else "")
    if application.status != ApplicationStatus.INTERVIEW:
        record_status(application, ApplicationStatus.INTERVIEW, user, summary)  # notifies the seeker
    else:  # a new proposal (another time): the timeline and the seeker hear of it too
        application.events.append(
            ApplicationEvent(status=ApplicationStatus.INTERVIEW, actor_id=user.id, note=summary[:500])
        )
        post = application.post
        notify.send(
            application.seeker.user,
            notify.Message(
                f"面试时间更新：{post.title}",
                f"{post.enterprise.name} 重新提供了面试安排。\n{summary}",
                "/me/applications",
                "interview",
            ),
        )
    db.session.commit()
    return interview


def _seeker_interview(user: User, interview_id: int) -> Interview:
    interview = db.session.get(Interview, interview_id)
    if user.profile is None or interview is None or interview.application.seeker_id != user.profile.id:
        raise NotFound("面试安排不存在")
    return interview


def _tell_firm(interview: Interview, title: str, body: str) -> None:
    post = interview.application.post
    link = f"/enterprise/applications/{interview.application_id}"
    tell_firm(post.enterprise_id, notify.Message(f"{title}：{post.title}", body, link, "interview"))


def answer(user: User, interview_id: int, choice: str, slot: int | None = None, note: str = "") -> Interview:
    """The seeker accepts a slot, declines, or asks for another time (with what suits them)."""
    interview = _seeker_interview(user, interview_id)
    if interview.status not in (IS.PROPOSED, IS.ACCEPTED):
        raise ServiceError("该面试安排已结束或已取消")
    note = note.strip()[:300]
    now = utcnow()
    if choice == "accept":
        slots = [datetime.fromisoformat(s) for s in interview.slots]
        if slot is None or not 0 <= slot < len(slots):
            raise ServiceError("请选择一个面试时间")
        if slots[slot] <= now:
            raise ServiceError("该时间已过，请选择其他时间或申请改期")
        interview.status, interview.starts_at = IS.ACCEPTED, slots[slot]
        _tell_firm(interview, "求职者已确认面试", f"时间：{slot_text(slots[slot])}；{describe(interview)}")
    elif choice == "decline":
        interview.status = IS.DECLINED
        _tell_firm(interview, "求职者婉拒了面试", f"说明：{note}" if note else "求职者没有填写原因。")
    elif choice == "reschedule":
        if not note:
            raise ServiceError("请说明您方便的时间")
        interview.status, interview.starts_at = IS.RESCHEDULE, None
        _tell_firm(interview, "求职者申请改期", f"求职者方便的时间：{note}。请重新提供面试时间。")
    else:
        raise ServiceError("无效的操作")
    interview.seeker_note, interview.answered_at = note, now
    db.session.commit()
    return interview


def record_outcome(user: User, interview_id: int, attended: bool) -> Interview:
    """After the time: did the seeker come (到场 / 未到场)? No-shows count in the funnel reports."""
    interview = db.session.get(Interview, interview_id)
    if interview is None:
        raise NotFound("面试安排不存在")
    _application_of_firm(user, interview.application_id)
    if interview.status != IS.ACCEPTED or interview.starts_at is None or interview.starts_at > utcnow():
        raise ServiceError("面试开始后才能记录是否到场")
    interview.status = IS.ATTENDED if attended else IS.NO_SHOW
    db.session.commit()
    return interview


def remind_due(now: datetime | None = None) -> int:
    """Remind both sides of accepted interviews starting within the next 24 hours (once)."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Interview).where(
            Interview.status == IS.ACCEPTED,
            Interview.reminded_at.is_(None),
            Interview.starts_at > now,
            Interview.starts_at <= now + timedelta(hours=24),
        )
    ).all()
    for interview in due:
        post = interview.application.post
        when = slot_text(interview.starts_at)
        seeker = interview.application.seeker.user
        if seeker is not None:
            notify.send(
                seeker,
                notify.Message(
                    f"面试提醒：{post.title}",
                    f"{when}，{post.enterprise.name}。{describe(interview)}",
                    "/me/applications",
                    "interview",
                ),
            )
        _tell_firm(interview, "明天面试", f"{when}；{describe(interview)}")
        interview.reminded_at = now
    db.session.commit()
    return len(due)


def ics(interview: Interview, for_firm: bool) -> str:
    """The accepted interview as an iCalendar event (UTC times, a one-day-before alarm)."""
    if interview.starts_at is None:
        raise ServiceError("面试时间确认后才能加入日历")
    post = interview.application.post
    start = interview.starts_at
    end = start + timedelta(hours=1)

    summary = f"面试：{post.title}" + ("" if for_firm else f"（{post.enterprise.name}）")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//zjtx-zone//interviews//ZH",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:interview-{interview.id}@zjtx-zone",
        f"DTSTAMP:{utcnow():%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(interview.place or interview.link)}",
        f"DESCRIPTION:{escape_text(describe(interview))}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P1D",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def for_seeker(user: User, interview_id: int) -> Interview:
    return _seeker_interview(user, interview_id)


def for_firm(user: User, interview_id: int) -> Interview:
    interview = db.session.get(Interview, interview_id)
    if interview is None:
        raise NotFound("面试安排不存在")
    _application_of_firm(user, interview.application_id)
    return interview


def open_for(application_ids: list[int]) -> dict[int, Interview]:
    """Application id → its latest open interview (one query for a page of applications)."""
    found: dict[int, Interview] = {}
    if application_ids:
        rows = db.session.scalars(
            select(Interview)
            .where(
                Interview.application_id.in_(application_ids),
                Interview.status.in_((*OPEN, IS.ATTENDED, IS.NO_SHOW)),
            )
            .order_by(Interview.id)
        )
        for interview in rows:
            found[interview.application_id] = interview
    return found
