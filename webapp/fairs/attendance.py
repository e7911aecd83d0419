"""Seekers at a fair: registration with a check-in code, cancelling, check-in at the door, and the reminder
sent the day before."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.beijing import to_local
from webapp.extensions import db
from webapp.fairs.services import get_fair, get_public_fair, window_open
from webapp.models import (
    Fair,
    FairRegistration,
    FairStatus,
    Role,
    SeekerProfile,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: staff type these
CODE_LENGTH = 8
CHECK_IN_EARLY = timedelta(hours=2)  # doors open before the start
CHECK_IN_LATE = timedelta(hours=1)
REMIND_AHEAD = timedelta(hours=24)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What staff type or a scanner reads → the stored code (case, spaces, dashes, URL prefix removed)."""
    text = text.strip().rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:CODE_LENGTH]


def register(user: User, fair_id: int) -> tuple[FairRegistration, bool]:
    """Register a seeker for a fair; returns (registration, created). Respects the window and capacity."""
    if user.role != Role.SEEKER or user.profile is None:
        raise Forbidden("只有求职者可以报名参会")
    fair = get_public_fair(fair_id)
    existing = db.session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair.id, FairRegistration.seeker_id == user.profile.id
        )
    )
    if existing is not None and existing.cancelled_at is None:
        return existing, False
    if not window_open(fair.seeker_signup_from, fair.seeker_signup_until) or fair.ends_at < utcnow():
        raise ServiceError("不在报名时间内")
    if fair.capacity:
        taken = db.session.scalar(
            select(func.count())
            .select_from(FairRegistration)
            .where(FairRegistration.fair_id == fair.id, FairRegistration.cancelled_at.is_(None))
        )
        if taken >= fair.capacity:
            raise ServiceError("报名人数已满")
    if existing is not None:
        existing.cancelled_at, existing.code = None, new_code()
        registration = existing
    else:
        registration = FairRegistration(fair_id=fair.id, seeker_id=user.profile.id, code=new_code())
        db.session.add(registration)
    try:
        db.session.commit()
    except IntegrityError:  # a double click, or (very rarely) a code collision: answer with what is there
        db.session.rollback()
        return register(user, fair_id)
    return registration, True


def own_registration(user: User, registration_id: int) -> FairRegistration:
    """One of the seeker's own registrations (not cancelled)."""
    registration = db.session.get(FairRegistration, registration_id)
    if (
        registration is None
        or registration.cancelled_at is not None
        or user.profile is None
        or registration.seeker_id != user.profile.id
    ):
        raise NotFound("报名记录不存在")
    return registration


def cancel_registration(user: User, registration_id: int) -> FairRegistration:
    registration = own_registration(user, registration_id)
    if registration.checked_in_at is not None:
        raise ServiceError("已签到，不能取消报名")
    registration.cancelled_at = utcnow()
    db.session.commit()
    return registration


def registrations_of(user: User) -> list[FairRegistration]:
    if user.profile is None:
        return []
    return list(
        db.session.scalars(
            select(FairRegistration)
            .options(joinedload(FairRegistration.fair))
            .where(FairRegistration.seeker_id == user.profile.id, FairRegistration.cancelled_at.is_(None))
            .order_by(FairRegistration.id.desc())
        )
    )


def registration_for(user: User, fair_id: int) -> FairRegistration | None:
    if user.role != Role.SEEKER or user.profile is None:
        return None
    return db.session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair_id,
            FairRegistration.seeker_id == user.profile.id,
            FairRegistration.cancelled_at.is_(None),
        )
    )


@dataclass
class CheckIn:
    ok: bool
    message: str
    registration: FairRegistration | None = None
    repeat: bool = False


def check_in(staff: User, fair_id: int, code_text: str, ip: str = "") -> CheckIn:
    """Check a registered seeker in by the code on their QR code (typed or scanned)."""
    fair = get_fair(fair_id)
    now = utcnow()
    if now < fair.starts_at - CHECK_IN_EARLY:
        return CheckIn(False, f"签到将于 {to_local(fair.starts_at - CHECK_IN_EARLY):%m月%d日 %H:%M} 开放")
    if now > fair.ends_at + CHECK_IN_LATE:
        return CheckIn(False, "招聘会已结束，不能再签到")
    code = normalize_code(code_text)
    if len(code) != CODE_LENGTH:
        return CheckIn(False, "签到码应为 8 位字母或数字")
    registration = db.session.scalar(
        select(FairRegistration)
        .options(joinedload(FairRegistration.seeker))
        .where(FairRegistration.code == code)
    )
    if registration is None:
        return CheckIn(False, f"签到码 {code} 不存在")
    if registration.fair_id != fair.id:
        return CheckIn(False, f"签到码 {code} 属于另一场招聘会：{registration.fair.title}")
    if registration.cancelled_at is not None:
        return CheckIn(False, "该报名已取消", registration)
    if registration.checked_in_at is not None:
        return CheckIn(True, "已签到过", registration, repeat=True)
    registration.checked_in_at, registration.checked_in_by_id = utcnow(), staff.id
    audit.record(staff, "fair_check_in", "fair_registration", registration.id, code, ip)
    db.session.commit()
    return CheckIn(True, "签到成功", registration)


def remind_registrants(now: datetime | None = None) -> int:
    """The day before: remind registered seekers of fairs starting within ``REMIND_AHEAD`` (once each, hourly
    under ``flask serve``). Returns the number of reminders."""
    from webapp.services import notify

    now = now or utcnow()
    due = db.session.execute(  # one query: registration, its fair and the person (no query per reminder)
        select(FairRegistration, Fair, User)
        .join(Fair, FairRegistration.fair_id == Fair.id)
        .join(SeekerProfile, SeekerProfile.id == FairRegistration.seeker_id)
        .join(User, SeekerProfile.user_id == User.id)
        .where(
            Fair.status == FairStatus.PUBLISHED,
            Fair.starts_at > now,
            Fair.starts_at <= now + REMIND_AHEAD,
            FairRegistration.cancelled_at.is_(None),
            FairRegistration.reminded_at.is_(None),
        )
    ).all()
    for registration, fair, person in due:
        where = fair.venue or "线上"
        body = f"{to_local(fair.starts_at):%m月%d日 %H:%M}开始，地点：{where}。签到码 {registration.code}。"
        notify.send(person, notify.Message(f"明天参加招聘会：{fair.title}", body, "/me/fairs", "fair"))
        registration.reminded_at = now
    db.session.commit()
    return len(due)


def registrations_at(fair_id: int) -> tuple[int, int]:
    """(registered, checked in) for a fair."""
    registered, checked = db.session.execute(
        select(func.count(), func.count(FairRegistration.checked_in_at)).where(
            FairRegistration.fair_id == fair_id, FairRegistration.cancelled_at.is_(None)
        )
    ).one()
    return registered, checked
