"""The talent pool's use cases: searching it, opening a card, inviting — each with its consent checked, its
daily budget counted and its audit entry written.

Firms: verified firms only; searches, opened cards and invitations are counted per firm and Beijing day
from the audit log (every member counts towards the firm's budget). The bureau (organizers, 服务专员) gives a
purpose for every search and card, which the audit log keeps beside the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Application,
    AuditLog,
    Fair,
    FairStatus,
    InvitationStatus,
    JobPost,
    PostStatus,
    Role,
    SeekerProfile,
    TalentInvitation,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, notify
from webapp.talent.documents import employed_ids, is_findable, resume_document
from webapp.talent.search import BUREAU, FIRMS, TalentQuery, TalentResult, search_talent

SEARCH, VIEW, INVITE = "talent_search", "talent_view", "talent_invite"
BUREAU_SEARCH, BUREAU_VIEW, FAIR_INVITE = "talent_search_bureau", "talent_view_bureau", "talent_fair_invite"
PURPOSES = ("招聘会邀约", "就业见习", "政策找人", "职业指导", "其他")
MAX_FAIR_INVITES = 200  # one cohort invitation at most


def _firm_of(user: User):
    firm = user.enterprise
    if user.role != Role.ENTERPRISE or firm is None:
        raise Forbidden("只有企业用户可以搜索人才")
    if not firm.is_verified:
        raise Forbidden("企业认证通过后才能搜索人才库")
    return firm


def used_today(enterprise_id: int, action: str) -> int:
    """How many times the firm's members did ``action`` since 00:00 北京时间."""
    since = beijing.at(beijing.today(), 0)
    return (
        db.session.scalar(
            select(func.count(AuditLog.id))
            .join(User, AuditLog.actor_id == User.id)
            .where(User.enterprise_id == enterprise_id, AuditLog.action == action, AuditLog.at >= since)
        )
        or 0
    )


def _within_budget(enterprise_id: int, action: str, setting: str, what: str) -> None:
    limit = current_app.config[setting]
    if used_today(enterprise_id, action) >= limit:
        raise ServiceError(f"今日{what}次数已达上限（{limit} 次），请明天再试", code="limit")


def firm_search(user: User, query: TalentQuery, ip: str = "") -> TalentResult:
    firm = _firm_of(user)
    _within_budget(firm.id, SEARCH, "TALENT_SEARCHES_PER_DAY", "搜索人才")
    audit.record(user, SEARCH, "enterprise", firm.id, query.describe(), ip)
    db.session.commit()
    return search_talent(query, FIRMS)


def _purpose(purpose: str, note: str = "") -> str:
    if purpose not in PURPOSES:
        raise ServiceError("请选择查询用途", code="purpose")
    note = note.strip()[:100]
    if purpose == "其他" and not note:
        raise ServiceError("用途为“其他”时请填写说明", code="purpose")
    return f"{purpose}（{note}）" if note else purpose


def bureau_search(user: User, query: TalentQuery, purpose: str, note: str = "", ip: str = "") -> TalentResult:
    if not user.has_role(Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN):
        raise Forbidden("只有人社工作人员可以查询求职者")
    why = _purpose(purpose, note)
    audit.record(user, BUREAU_SEARCH, "talent_pool", None, f"用途：{why}；条件：{query.describe()}", ip)
    db.session.commit()
    return search_talent(query, BUREAU)


@dataclass
class Card:
    """A masked résumé as the pool shows it: exactly the index document's fields (no name or contact)."""

    id: int
    document: dict
    invitations: list[TalentInvitation]
    applied_post_ids: set[int]


def _findable(profile_id: int, audience: str) -> SeekerProfile:
    profile = db.session.get(SeekerProfile, profile_id)
    allowed = profile is not None and is_findable(profile)
    if allowed and audience == FIRMS:
        allowed = profile.open_to_recommendation
    if allowed and audience == BUREAU:
        allowed = profile.bureau_consent_at is not None
    if not allowed:
        raise NotFound("该求职者不在人才库中（可能已关闭公开或注销）")
    return profile


def _card(profile: SeekerProfile, audience: str, enterprise_id: int | None = None) -> Card:
    document = resume_document(profile, None, profile.id in employed_ids([profile.id]))
    for key in ("_vectors", "for_firms", "for_bureau", "education_rank", "updated_ms", "title_words"):
        document.pop(key, None)
    if audience == FIRMS:
        document.pop("target_groups"), document.pop("job_status")
    invited = select(TalentInvitation).where(TalentInvitation.seeker_id == profile.id)
    if enterprise_id is not None:
        invited = invited.where(TalentInvitation.enterprise_id == enterprise_id)
    applied = select(Application.post_id).where(Application.seeker_id == profile.id)
    return Card(
        profile.id,
        document,
        list(db.session.scalars(invited.order_by(TalentInvitation.id.desc()))),
        set(db.session.scalars(applied)),
    )


def firm_card(user: User, profile_id: int, ip: str = "") -> Card:
    """Open a masked résumé (audited, counted against the firm's daily budget)."""
    firm = _firm_of(user)
    profile = _findable(profile_id, FIRMS)
    _within_budget(firm.id, VIEW, "TALENT_VIEWS_PER_DAY", "查看人才")
    audit.record(user, VIEW, "seeker_profile", profile.id, "", ip)
    db.session.commit()
    return _card(profile, FIRMS, firm.id)


def bureau_card(user: User, profile_id: int, purpose: str, note: str = "", ip: str = "") -> Card:
    if not user.has_role(Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN):
        raise Forbidden("只有人社工作人员可以查看")
    why = _purpose(purpose, note)
    profile = _findable(profile_id, BUREAU)
    audit.record(user, BUREAU_VIEW, "seeker_profile", profile.id, f"用途：{why}", ip)
    db.session.commit()
    return _card(profile, BUREAU)


def firm_posts(user: User) -> list[JobPost]:
    """The firm's published posts (a card is matched against one; an invitation names one)."""
    return list(
        db.session.scalars(
            select(JobPost)
            .where(JobPost.enterprise_id == user.enterprise_id, JobPost.status == PostStatus.PUBLISHED)
            .order_by(JobPost.id.desc())
        )
    )


def invite_to_post(
    user: User, profile_id: int, post_id: int, message: str = "", ip: str = ""
) -> TalentInvitation:
    """邀请投递: the seeker (still masked to the firm) gets a notice with the post; once per post."""
    firm = _firm_of(user)
    post = db.session.get(JobPost, post_id)
    if post is None or post.enterprise_id != firm.id:
        raise NotFound("岗位不存在")
    if post.status != PostStatus.PUBLISHED:
        raise ServiceError("只能邀请投递已发布的岗位")
    profile = _findable(profile_id, FIRMS)
    earlier = db.session.scalar(
        select(TalentInvitation).where(
            TalentInvitation.seeker_id == profile.id, TalentInvitation.post_id == post.id
        )
    )
    if earlier is not None:
        if earlier.status == InvitationStatus.DECLINED:
            raise ServiceError("对方已婉拒该岗位的邀请，不能重复邀请", code="declined")
        raise ServiceError("已邀请过该求职者投递此岗位", code="repeat")
    applied = db.session.scalar(
        select(Application.id).where(Application.seeker_id == profile.id, Application.post_id == post.id)
    )
    if applied:
        raise ServiceError("对方已投递该岗位", code="applied")
    _within_budget(firm.id, INVITE, "TALENT_INVITES_PER_DAY", "邀请投递")
    invitation = TalentInvitation(
        seeker_id=profile.id,
        post_id=post.id,
        enterprise_id=firm.id,
        invited_by_id=user.id,
        message=message.strip()[:300],
    )
    db.session.add(invitation)
    body = f"{firm.name} 在人才库中看到了您的简历，邀请您投递“{post.title}”。"
    if invitation.message:
        body += f"\n企业留言：{invitation.message}"
    body += "\n您的姓名和联系方式只有在您投递后才会提供给企业。不感兴趣可在“我的邀请”中婉拒。"
    notify.send(
        profile.user, notify.Message(f"企业邀请您投递：{post.title}", body, f"/jobs/{post.id}", "invitation")
    )
    audit.record(user, INVITE, "seeker_profile", profile.id, f"post {post.id}", ip)
    db.session.commit()
    return invitation


def invitations_for_post(post_id: int) -> dict[int, str]:
    """Résumé id → how the invitation to this post stands (待回复 / 已婉拒), for 推荐人才."""
    rows = db.session.scalars(select(TalentInvitation).where(TalentInvitation.post_id == post_id))
    return {i.seeker_id: f"已邀请·{i.status.label}" for i in rows}


def open_fairs() -> list[Fair]:
    """Published fairs that have not ended: what a cohort can be invited to."""
    return list(
        db.session.scalars(
            select(Fair)
            .where(Fair.status == FairStatus.PUBLISHED, Fair.ends_at >= utcnow())
            .order_by(Fair.starts_at)
        )
    )


@dataclass
class FairInvitations:
    sent: int
    already: int
    skipped: int  # no longer in the pool


def invite_to_fair(
    user: User, profile_ids: list[int], fair_id: int, purpose: str, note: str = "", ip: str = ""
) -> FairInvitations:
    """Invite a cohort found in the pool to a fair: one notice each, never twice for the same fair."""
    if not user.has_role(Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN):
        raise Forbidden("只有人社工作人员可以发送邀请")
    why = _purpose(purpose, note)
    fair = db.session.get(Fair, fair_id)
    if fair is None or fair.status != FairStatus.PUBLISHED or fair.ends_at < utcnow():
        raise ServiceError("请选择一场已发布、尚未结束的招聘会")
    ids = sorted(set(profile_ids))
    if not ids:
        raise ServiceError("请先勾选要邀请的求职者")
    if len(ids) > MAX_FAIR_INVITES:
        raise ServiceError(f"一次最多邀请 {MAX_FAIR_INVITES} 人")
    already = set(
        db.session.scalars(
            select(TalentInvitation.seeker_id).where(
                TalentInvitation.fair_id == fair.id, TalentInvitation.seeker_id.in_(ids)
            )
        )
    )
    result = FairInvitations(0, len(already), 0)
    starts = beijing.to_local(fair.starts_at)
    cohort = select(SeekerProfile).options(selectinload(SeekerProfile.user)).where(SeekerProfile.id.in_(ids))
    for profile in db.session.scalars(cohort):
        if profile.id in already:
            continue
        if not (is_findable(profile) and profile.bureau_consent_at is not None):
            result.skipped += 1
            continue
        db.session.add(TalentInvitation(seeker_id=profile.id, fair_id=fair.id, invited_by_id=user.id))
        message = notify.Message(
            f"邀请您参加：{fair.title}",
            f"人社部门根据您的求职意向，邀请您参加 {starts:%m月%d日 %H:%M} 开始的“{fair.title}”。",
            f"/fairs/{fair.id}",
            "invitation",
        )
        notify.send(profile.user, message)
        result.sent += 1
    result.skipped += len(ids) - result.sent - result.already - result.skipped
    audit.record(
        user,
        FAIR_INVITE,
        "fair",
        fair.id,
        f"用途：{why}；邀请 {result.sent} 人（{','.join(map(str, ids))}）",
        ip,
    )
    db.session.commit()
    return result


# --- the seeker's side -------------------------------------------------------------------------------


def my_invitations(user: User) -> list[tuple[TalentInvitation, bool]]:
    """The seeker's invitations, newest first, each with whether they applied to the post since."""
    profile = user.profile
    if profile is None:
        raise Forbidden("只有求职者有邀请")
    invitations = list(
        db.session.scalars(
            select(TalentInvitation)
            .where(
                TalentInvitation.seeker_id == profile.id,
                TalentInvitation.created_at >= utcnow() - timedelta(days=365),
            )
            .order_by(TalentInvitation.id.desc())
        )
    )
    applied = set(db.session.scalars(select(Application.post_id).where(Application.seeker_id == profile.id)))
    return [(i, i.post_id in applied) for i in invitations]


def apply_to_invitation(user: User, invitation_id: int, consent: bool = False):
    """一键投递 from 我的邀请: the application records that the firm's invitation brought it, and the
    invitation reads 已投递. Returns (application, created) as ``applications.apply`` does."""
    from webapp.models import ApplicationSource
    from webapp.services.applications import Origin, apply

    profile = user.profile
    invitation = db.session.get(TalentInvitation, invitation_id)
    if (
        profile is None
        or invitation is None
        or invitation.seeker_id != profile.id
        or invitation.post_id is None
    ):
        raise NotFound("邀请不存在")
    application, created = apply(
        user,
        invitation.post_id,
        source=ApplicationSource.INVITATION,
        origin=Origin(note=f"invitation {invitation.id}"),
        consent=consent,
    )
    invitation = db.session.get(TalentInvitation, invitation_id)
    if invitation.status != InvitationStatus.APPLIED:
        invitation.status, invitation.answered_at = InvitationStatus.APPLIED, utcnow()
        db.session.commit()
    return application, created


def decline(user: User, invitation_id: int) -> TalentInvitation:
    profile = user.profile
    invitation = db.session.get(TalentInvitation, invitation_id)
    if profile is None or invitation is None or invitation.seeker_id != profile.id:
        raise NotFound("邀请不存在")
    if invitation.status == InvitationStatus.SENT:
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, utcnow()
        db.session.commit()
    return invitation
