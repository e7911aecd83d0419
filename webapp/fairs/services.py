"""Fairs: organizers create, check and publish them; who is told; the public lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.beijing import to_local
from webapp.extensions import db
from webapp.models import (
    Fair,
    FairMode,
    FairParticipation,
    FairRegistration,
    FairStatus,
    ParticipationStatus,
    SeekerProfile,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, audit

FAIR_FIELDS = {
    "title",
    "brand_id",
    "mode",
    "description",
    "target_groups",
    "industries",
    "adcode",
    "venue",
    "address",
    "booth_count",
    "capacity",
    "starts_at",
    "ends_at",
    "enterprise_signup_from",
    "enterprise_signup_until",
    "seeker_signup_from",
    "seeker_signup_until",
}


def save_fair(user: User, fair_id: int | None, **fields) -> Fair:
    """Create or edit a fair (times are UTC); checks the dates and windows make sense."""
    fair = Fair(created_by_id=user.id, status=FairStatus.DRAFT) if fair_id is None else get_fair(fair_id)
    before = (fair.starts_at, fair.ends_at, fair.venue)
    for name, value in fields.items():
        if name in FAIR_FIELDS:
            setattr(fair, name, value.strip() if isinstance(value, str) else value)
    _check_fair(fair)
    if fair_id is None:
        db.session.add(fair)
    db.session.flush()
    audit.record(user, "save_fair", "fair", fair.id, fair.title)
    if fair_id is not None and fair.is_public and before != (fair.starts_at, fair.ends_at, fair.venue):
        when = f"{to_local(fair.starts_at):%Y-%m-%d %H:%M}（北京时间）"
        _tell_everyone(
            fair, "招聘会时间或地点调整", f"新的时间：{when}；地点：{fair.venue or fair.mode.label}。"
        )
    db.session.commit()
    return fair


def _check_fair(fair: Fair) -> None:
    if not (fair.title or "").strip():
        raise ServiceError("请填写招聘会名称")
    if not fair.starts_at or not fair.ends_at:
        raise ServiceError("请填写开始和结束时间")
    if fair.ends_at <= fair.starts_at:
        raise ServiceError("结束时间必须晚于开始时间")
    for start, end, what in (
        (fair.enterprise_signup_from, fair.enterprise_signup_until, "企业报名"),
        (fair.seeker_signup_from, fair.seeker_signup_until, "求职者报名"),
    ):
        if start and end and end <= start:
            raise ServiceError(f"{what}截止时间必须晚于开始时间")
        if end and end > fair.ends_at:
            raise ServiceError(f"{what}截止时间不能晚于招聘会结束时间")
    if fair.mode in (FairMode.OFFLINE, FairMode.HYBRID) and not (fair.venue or "").strip():
        raise ServiceError("线下或混合招聘会请填写场馆")
    if (fair.booth_count or 0) < 0 or (fair.capacity is not None and fair.capacity < 0):
        raise ServiceError("展位数和容量不能为负数")
    if fair.id is not None:
        used = db.session.scalar(
            select(func.count())
            .select_from(FairParticipation)
            .where(FairParticipation.fair_id == fair.id, FairParticipation.booth != "")
        )
        if fair.booth_count and used and used > fair.booth_count:
            raise ServiceError(f"已分配 {used} 个展位，展位数不能少于此数")


def set_fair_status(user: User, fair_id: int, status: FairStatus) -> Fair:
    fair = get_fair(fair_id)
    was_published = fair.status == FairStatus.PUBLISHED
    fair.status = status
    audit.record(user, f"fair_{status.value}", "fair", fair.id, fair.title)
    if status == FairStatus.CANCELLED and was_published:
        _tell_everyone(fair, "招聘会已取消", f"您报名的“{fair.title}”已取消，给您带来不便，敬请谅解。")
    db.session.commit()
    return fair


def _tell_everyone(fair: Fair, title: str, body: str) -> None:
    """An in-app notice (and SMS / e-mail where configured) to registered seekers and signed-up firms."""
    from webapp.services import notify

    message = notify.Message(title=f"{title}：{fair.title}", body=body, link=f"/fairs/{fair.id}", kind="fair")
    for person in people_of(fair.id):
        notify.send(person, message)


def people_of(fair_id: int, firms: bool = True) -> list[User]:
    """Users to tell about a fair: registered seekers and (with ``firms``) members of firms signed up (not
    withdrawn)."""
    seekers = (
        select(User)
        .join(SeekerProfile, SeekerProfile.user_id == User.id)
        .join(FairRegistration, FairRegistration.seeker_id == SeekerProfile.id)
        .where(FairRegistration.fair_id == fair_id, FairRegistration.cancelled_at.is_(None))
    )
    firm_members = (
        select(User)
        .join(FairParticipation, FairParticipation.enterprise_id == User.enterprise_id)
        .where(
            FairParticipation.fair_id == fair_id,
            FairParticipation.status.in_([ParticipationStatus.PENDING, ParticipationStatus.APPROVED]),
            User.is_active_account.is_(True),
        )
    )
    people = list(db.session.scalars(seekers))
    return people + list(db.session.scalars(firm_members)) if firms else people


def get_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound("招聘会不存在")
    return fair


def get_public_fair(fair_id: int) -> Fair:
    fair = get_fair(fair_id)
    if fair.status != FairStatus.PUBLISHED:
        raise NotFound("招聘会不存在或尚未发布")
    return fair


def all_fairs() -> list[Fair]:
    return list(
        db.session.scalars(select(Fair).options(joinedload(Fair.brand)).order_by(Fair.starts_at.desc()))
    )


def public_fairs(
    brand_id: int | None = None, mode: str | None = None, include_past: bool = False, limit: int | None = None
) -> list[Fair]:
    """Published fairs, soonest first, with their brand and live sessions loaded (the cards show both)."""
    stmt = (
        select(Fair)
        .options(joinedload(Fair.brand), selectinload(Fair.sessions))
        .where(Fair.status == FairStatus.PUBLISHED)
        .order_by(Fair.starts_at)
    )
    if not include_past:
        stmt = stmt.where(Fair.ends_at >= utcnow())
    if brand_id:
        stmt = stmt.where(Fair.brand_id == brand_id)
    if mode in {m.value for m in FairMode}:
        stmt = stmt.where(Fair.mode == FairMode(mode))
    return list(db.session.scalars(stmt.limit(limit)))


def window_open(start: datetime | None, end: datetime | None, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (start is None or start <= now) and (end is None or now <= end)
