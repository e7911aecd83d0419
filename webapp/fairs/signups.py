"""Enterprises at a fair: sign-up with posts, the organizer's decision, booths, and the posts a fair brings
(an application from a fair's page records the fair as its origin)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.fairs.services import get_public_fair, public_fairs, window_open
from webapp.models import (
    ApplicationSource,
    Enterprise,
    Fair,
    FairParticipation,
    FairPost,
    JobPost,
    ParticipationStatus,
    PostStatus,
    Role,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit
from webapp.services.applications import Origin

P = ParticipationStatus


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
        message = notify.Message(f"招聘会报名已通过：{fair.title}", body, "/enterprise/fairs", "fair")
    else:
        message = notify.Message(
            f"招聘会报名未通过：{fair.title}", f"原因：{participation.reason}", "/enterprise/fairs", "fair"
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


def application_source(fair_id: int | None, post_id: int) -> tuple[ApplicationSource, Origin | None]:
    """Where an application from a post page came from: a fair's page when the post is at that fair."""
    if fair_id and post_id in {p.id for p in open_posts_at(fair_id)}:
        return ApplicationSource.FAIR, Origin(fair_id=fair_id)
    return ApplicationSource.SEARCH, None
