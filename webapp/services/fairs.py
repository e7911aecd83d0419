"""Fairs: organizers create them, enterprises sign up with posts, organizers decide and assign booths,
seekers register and are checked in with a code."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.beijing import to_local
from webapp.extensions import db
from webapp.models import (
    ApplicationSource,
    Enterprise,
    Fair,
    FairMode,
    FairParticipation,
    FairPost,
    FairRegistration,
    FairStatus,
    JobPost,
    ParticipationStatus,
    PostStatus,
    Role,
    SeekerProfile,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit
from webapp.services.applications import Origin

P = ParticipationStatus
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: staff type these
CODE_LENGTH = 8
CHECK_IN_EARLY = timedelta(hours=2)  # doors open before the start
CHECK_IN_LATE = timedelta(hours=1)
REMIND_AHEAD = timedelta(hours=24)
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


# --- organizers: fairs ---------------------------------------------------------------------------


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

    message = notify.Message(title=f"{title}：{fair.title}", body=body, link=f"/fairs/{fair.id}")
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
            FairParticipation.status.in_([P.PENDING, P.APPROVED]),
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


# --- enterprises: sign-up --------------------------------------------------------------------------


def _own_enterprise(user: User) -> Enterprise:
    if user.role != Role.ENTERPRISE or user.enterprise is None:
        raise Forbidden("只有企业用户可以报名招聘会")
    if not user.enterprise.is_verified:
        raise ServiceError("企业通过认证后才能报名招聘会")
    return user.enterprise


def fairs_open_to_enterprises() -> list[Fair]:
    now = utcnow()
    return [
        f
        for f in public_fairs()
        if window_open(f.enterprise_signup_from, f.enterprise_signup_until, now) and f.ends_at > now
    ]


def participation_of(enterprise_id: int, fair_id: int) -> FairParticipation | None:
    return db.session.scalar(
        select(FairParticipation).where(
            FairParticipation.fair_id == fair_id, FairParticipation.enterprise_id == enterprise_id
        )
    )


def participations_of(enterprise_id: int) -> list[FairParticipation]:
    return list(
        db.session.scalars(
            select(FairParticipation)
            .options(joinedload(FairParticipation.fair), selectinload(FairParticipation.posts))
            .where(FairParticipation.enterprise_id == enterprise_id)
            .order_by(FairParticipation.id.desc())
        )
    )


def sign_up(
    user: User, fair_id: int, post_ids: list[int], note: str = "", wants_live_slot: bool = False
) -> FairParticipation:
    """Sign the user's enterprise up for a fair with some of its published posts (or change the posts)."""
    enterprise = _own_enterprise(user)
    fair = get_public_fair(fair_id)
    if not window_open(fair.enterprise_signup_from, fair.enterprise_signup_until):
        raise ServiceError("不在企业报名时间内")
    posts = _own_open_posts(enterprise, post_ids)
    if not posts:
        raise ServiceError("请至少选择一个已发布的岗位")
    participation = participation_of(enterprise.id, fair.id)
    if participation is None:
        participation = FairParticipation(fair_id=fair.id, enterprise_id=enterprise.id)
        db.session.add(participation)
    elif participation.status in (P.REJECTED, P.WITHDRAWN):
        participation.status, participation.reason = P.PENDING, ""
    participation.note = note.strip()[:500]
    participation.wants_live_slot = wants_live_slot
    wanted = {p.id for p in posts}
    for link in list(participation.posts):
        if link.post_id not in wanted:
            participation.posts.remove(link)
    have = {link.post_id for link in participation.posts}
    for post in posts:
        if post.id not in have:
            participation.posts.append(FairPost(post_id=post.id))
    audit.record(user, "fair_signup", "fair", fair.id, f"{len(posts)} posts")
    try:
        db.session.commit()
    except IntegrityError as exc:  # a double submit raced us
        db.session.rollback()
        raise ServiceError("报名已提交，请刷新页面") from exc
    return participation


def _own_open_posts(enterprise: Enterprise, post_ids: list[int]) -> list[JobPost]:
    if not post_ids:
        return []
    posts = list(
        db.session.scalars(
            select(JobPost).where(JobPost.id.in_(post_ids), JobPost.enterprise_id == enterprise.id)
        )
    )
    if len(posts) != len(set(post_ids)):
        raise Forbidden("只能选择本企业的岗位")
    closed = [p.title for p in posts if not p.is_open]
    if closed:
        raise ServiceError(f"只能带已发布且在有效期内的岗位：{'、'.join(closed)}")
    return posts


def withdraw(user: User, fair_id: int) -> FairParticipation:
    enterprise = _own_enterprise(user)
    participation = participation_of(enterprise.id, fair_id)
    if participation is None or participation.status == P.WITHDRAWN:
        raise NotFound("未报名该招聘会")
    participation.status, participation.booth = P.WITHDRAWN, ""
    audit.record(user, "fair_withdraw", "fair", fair_id, enterprise.name)
    db.session.commit()
    return participation


# --- organizers: decisions and booths ----------------------------------------------------------------


def decide(user: User, participation_id: int, approve: bool, reason: str = "") -> FairParticipation:
    participation = _participation(participation_id)
    if participation.status == P.WITHDRAWN:
        raise ServiceError("企业已退出，不能审核")
    if not approve and not reason.strip():
        raise ServiceError("不通过时请填写原因")
    participation.status = P.APPROVED if approve else P.REJECTED
    participation.reason = reason.strip()[:500]
    participation.decided_by_id, participation.decided_at = user.id, utcnow()
    if not approve:
        participation.booth = ""
    elif participation.fair.booth_count and not participation.booth:
        participation.booth = next(iter(free_booths(participation.fair)), "")
    audit.record(
        user, "fair_approve" if approve else "fair_reject", "fair_participation", participation.id, reason
    )
    _tell_firm(participation)
    db.session.commit()
    return participation


def _tell_firm(participation: FairParticipation) -> None:
    from webapp.services import notify

    fair = participation.fair
    if participation.status == P.APPROVED:
        body = f"展位：{participation.booth}。" if participation.booth else "请按时参会。"
        message = notify.Message(f"招聘会报名已通过：{fair.title}", body, "/enterprise/fairs")
    else:
        message = notify.Message(
            f"招聘会报名未通过：{fair.title}", f"原因：{participation.reason}", "/enterprise/fairs"
        )
    members = db.session.scalars(
        select(User).where(
            User.enterprise_id == participation.enterprise_id, User.is_active_account.is_(True)
        )
    )
    for member in members:
        notify.send(member, message)


def booth_label(number: int) -> str:
    return f"A{number:02d}" if number < 100 else f"A{number}"


def free_booths(fair: Fair) -> list[str]:
    used = {p.booth for p in fair.participations if p.booth}
    return [booth_label(n) for n in range(1, fair.booth_count + 1) if booth_label(n) not in used]


def assign_booth(user: User, participation_id: int, booth: str) -> FairParticipation:
    participation = _participation(participation_id)
    booth = booth.strip().upper()[:20]
    if participation.status != P.APPROVED:
        raise ServiceError("只能为已通过的企业分配展位")
    if booth:
        taken = next(
            (p for p in participation.fair.participations if p.booth == booth and p.id != participation.id),
            None,
        )
        if taken is not None:
            raise ServiceError(f"展位 {booth} 已分配给 {taken.enterprise.name}")
    participation.booth = booth
    audit.record(user, "fair_booth", "fair_participation", participation.id, booth)
    db.session.commit()
    return participation


def _participation(participation_id: int) -> FairParticipation:
    participation = db.session.get(FairParticipation, participation_id)
    if participation is None:
        raise NotFound("报名记录不存在")
    return participation


def approved_participations(fair_id: int) -> list[FairParticipation]:
    return list(
        db.session.scalars(
            select(FairParticipation)
            .options(
                joinedload(FairParticipation.enterprise),
                selectinload(FairParticipation.posts).joinedload(FairPost.post),
            )
            .where(FairParticipation.fair_id == fair_id, FairParticipation.status == P.APPROVED)
            .order_by(FairParticipation.booth, FairParticipation.id)
        )
    )


def open_posts_at(fair_id: int) -> list[JobPost]:
    """Published, unexpired posts the approved enterprises bring."""
    return [link.post for p in approved_participations(fair_id) for link in p.posts if link.post.is_open]


# --- seekers: registration and check-in --------------------------------------------------------------


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
        notify.send(person, notify.Message(f"明天参加招聘会：{fair.title}", body, "/me/fairs"))
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


def application_source(fair_id: int | None, post_id: int) -> tuple[ApplicationSource, Origin | None]:
    """Where an application from a post page came from: a fair's page when the post is at that fair."""
    if fair_id and post_id in {p.id for p in open_posts_at(fair_id)}:
        return ApplicationSource.FAIR, Origin(fair_id=fair_id)
    return ApplicationSource.SEARCH, None


def posts_for_signup(user: User) -> list[JobPost]:
    enterprise = user.enterprise
    if enterprise is None:
        return []
    return [
        p
        for p in db.session.scalars(
            select(JobPost)
            .where(JobPost.enterprise_id == enterprise.id, JobPost.status == PostStatus.PUBLISHED)
            .order_by(JobPost.id.desc())
        )
        if p.is_open
    ]
