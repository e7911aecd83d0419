"""Graded handling of a firm that broke the rules (2026 notice): 警告 → 限制发布 (a daily posting limit for a
period) → 下架岗位 → 关闭账号. Each step has a reason and the evidence it rests on, is audited, reaches the
firm's members as a notice with how to appeal, and stays on the firm's record. Closing an account ends its
members' sessions, takes every post down and lists the firm's credit code and its people's phone (and ID
number, when the organizer has it) on the abnormal-entity list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Enterprise,
    Fair,
    FairParticipation,
    JobPost,
    ParticipationStatus,
    PostStatus,
    SanctionLevel,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, notify, sessions
from webapp.trust import blocklist
from webapp.trust.models import Sanction

MAX_THROTTLE_DAYS = 90
APPEAL = (
    "如有异议，可在「违规处理记录」中提交申诉（账号关闭的，请携带材料到人社局窗口申诉），"
    "人社局将在5个工作日内答复。"
)
TAKEN_DOWN = "违规下架："


def enterprise_of(enterprise_id: int) -> Enterprise:
    firm = db.session.get(Enterprise, enterprise_id)
    if firm is None:
        raise NotFound("企业不存在")
    return firm


def impose(
    actor: User,
    enterprise_id: int,
    level: SanctionLevel | str,
    reason: str,
    *,
    evidence: str = "",
    post_ids: list[int] | None = None,
    post_limit: int | None = None,
    days: int | None = None,
    id_number: str = "",
    commit: bool = True,
) -> Sanction:
    """Impose one step on a firm; ``post_ids`` for 下架 (its own posts), ``post_limit`` and ``days`` for
    限制发布, ``id_number`` (the poster's, optional) for 关闭账号."""
    firm = enterprise_of(enterprise_id)
    try:
        level = SanctionLevel(level)
    except ValueError:
        raise ServiceError("请选择处理方式") from None
    if not reason.strip():
        raise ServiceError("请填写处理理由（企业会看到）")
    if firm.closed_at is not None:
        raise ServiceError("该企业账号已关闭")
    sanction = Sanction(
        enterprise_id=firm.id,
        level=level,
        reason=reason.strip()[:500],
        evidence=evidence.strip(),
        created_by_id=actor.id,
        post_ids=[],
    )
    if level == SanctionLevel.THROTTLE:
        if not post_limit or not 0 <= post_limit <= 20:
            raise ServiceError("限制发布：每日可发布岗位数应为 0–20")
        if not days or not 1 <= days <= MAX_THROTTLE_DAYS:
            raise ServiceError(f"限制发布：期限应为 1–{MAX_THROTTLE_DAYS} 天")
        sanction.post_limit, sanction.until = post_limit, utcnow() + timedelta(days=days)
    elif level == SanctionLevel.TAKEDOWN:
        posts = _own_posts(firm, post_ids or [])
        if not posts:
            raise ServiceError("下架：请选择该企业要下架的岗位")
        sanction.post_ids = [p.id for p in posts]
        _take_down(posts, reason)
    elif level == SanctionLevel.CLOSURE and id_number.strip():
        error = blocklist.invalid("id_number", id_number)
        if error:
            raise ServiceError(error)
    db.session.add(sanction)
    db.session.flush()
    if level == SanctionLevel.CLOSURE:
        _close(actor, firm, sanction, id_number)
    audit.record(actor, f"sanction_{level.value}", "enterprise", firm.id, f"#{sanction.id} {reason.strip()}")
    _tell_members(firm, sanction)
    if commit:
        db.session.commit()
    return sanction


def _own_posts(firm: Enterprise, post_ids: list[int]) -> list[JobPost]:
    if not post_ids:
        return []
    posts = list(db.session.scalars(select(JobPost).where(JobPost.id.in_(post_ids))))
    if any(p.enterprise_id != firm.id for p in posts):
        raise ServiceError("只能下架该企业自己的岗位")
    return [p for p in posts if p.status != PostStatus.CLOSED]


def _take_down(posts: list[JobPost], reason: str) -> None:
    for post in posts:
        post.status = PostStatus.CLOSED
        post.status_reason = (TAKEN_DOWN + reason.strip())[:500]


def _close(actor: User, firm: Enterprise, sanction: Sanction, id_number: str) -> None:
    firm.closed_at = utcnow()
    firm.verification = Verification.REJECTED
    firm.verification_reason = f"账号因违规关闭：{sanction.reason}"[:500]
    open_posts = db.session.scalars(
        select(JobPost).where(JobPost.enterprise_id == firm.id, JobPost.status != PostStatus.CLOSED)
    )
    posts = list(open_posts)
    _take_down(posts, sanction.reason)
    sanction.post_ids = [p.id for p in posts]
    why = f"{firm.name} 账号关闭（处理 #{sanction.id}）：{sanction.reason}"
    if firm.credit_code:
        blocklist.add(actor, "credit_code", firm.credit_code, why, firm.id, sanction.id)
    phones = {m.account for m in firm.members if blocklist.invalid("phone", m.account) is None}
    if firm.contact_phone and blocklist.invalid("phone", firm.contact_phone) is None:
        phones.add(firm.contact_phone)
    for phone in sorted(phones):
        blocklist.add(actor, "phone", phone, why, firm.id, sanction.id)
    if id_number.strip():
        blocklist.add(actor, "id_number", id_number, why, firm.id, sanction.id)
    for member in firm.members:
        member.is_active_account = False
        sessions.end_all(member)
    db.session.execute(  # its booths at fairs still to come are given up
        update(FairParticipation)
        .where(
            FairParticipation.enterprise_id == firm.id,
            FairParticipation.status.in_((ParticipationStatus.PENDING, ParticipationStatus.APPROVED)),
            FairParticipation.fair_id.in_(select(Fair.id).where(Fair.ends_at > utcnow())),
        )
        .values(status=ParticipationStatus.WITHDRAWN, reason=f"账号因违规关闭（处理 #{sanction.id}）")
    )


def _tell_members(firm: Enterprise, sanction: Sanction) -> None:
    level = sanction.level.label
    if sanction.level == SanctionLevel.THROTTLE:
        until = beijing.to_local(sanction.until)
        detail = f"期间每日最多新发布 {sanction.post_limit} 个岗位，至 {until:%Y-%m-%d %H:%M}（北京时间）。"
    elif sanction.level == SanctionLevel.TAKEDOWN:
        detail = f"已下架岗位 {len(sanction.post_ids)} 个。"
    elif sanction.level == SanctionLevel.CLOSURE:
        detail = "企业账号已关闭，岗位全部下架。"
    else:
        detail = ""
    _tell(firm, f"违规处理：{level}", f"理由：{sanction.reason}。{detail}{APPEAL}")


def _tell(firm: Enterprise, title: str, body: str) -> None:
    """Every member of the firm hears it, with a link to its 违规处理记录."""
    for member in firm.members:
        notify.send(
            member, notify.Message(title=title, body=body, link="/enterprise/sanctions", kind="account")
        )


def lift(actor: User, sanction_id: int, reason: str) -> Sanction:
    """End a sanction early (an appeal upheld, an error): a closed account reopens for re-verification and
    its list entries are removed; posts taken down stay closed (the firm posts them again, through review)."""
    sanction = db.session.get(Sanction, sanction_id)
    if sanction is None:
        raise NotFound("处理记录不存在")
    if sanction.lifted_at is not None:
        raise ServiceError("该处理已撤销")
    if not reason.strip():
        raise ServiceError("撤销处理须填写理由")
    sanction.lifted_at, sanction.lifted_by_id, sanction.lift_reason = utcnow(), actor.id, reason.strip()[:500]
    firm = sanction.enterprise
    if sanction.level == SanctionLevel.CLOSURE:
        firm.closed_at = None
        firm.verification = Verification.PENDING
        firm.verification_reason = "关闭已撤销，待重新认证"
        for member in firm.members:
            member.is_active_account = True
        for entry in blocklist.entries(sanction_id=sanction.id):
            blocklist.remove(actor, entry.id, f"处理 #{sanction.id} 已撤销：{reason}", commit=False)
    audit.record(actor, "sanction_lift", "enterprise", firm.id, f"#{sanction.id} {reason.strip()}")
    _tell(firm, f"违规处理已撤销：{sanction.level.label}", f"撤销理由：{reason.strip()}")
    db.session.commit()
    return sanction


def appeal(user: User, sanction_id: int, text: str) -> Sanction:
    """A firm's member appeals a sanction against it (once; the organizers see it in their list)."""
    sanction = db.session.get(Sanction, sanction_id)
    if sanction is None or sanction.enterprise_id != user.enterprise_id:
        raise Forbidden("只能对本企业的处理提出申诉")
    if sanction.lifted_at is not None:
        raise ServiceError("该处理已撤销，无需申诉")
    if sanction.appealed_at is not None:
        raise ServiceError("已提交过申诉，请等待答复")
    text = text.strip()
    if len(text) < 10:
        raise ServiceError("请写明申诉理由（至少10个字）")
    sanction.appeal_text, sanction.appealed_at = text[:2000], utcnow()
    audit.record(user, "sanction_appeal", "enterprise", sanction.enterprise_id, f"#{sanction.id}")
    db.session.commit()
    return sanction


def of_enterprise(enterprise_id: int) -> list[Sanction]:
    return list(
        db.session.scalars(
            select(Sanction).where(Sanction.enterprise_id == enterprise_id).order_by(Sanction.id.desc())
        )
    )


def recent(limit: int = 100) -> list[Sanction]:
    """Newest first, unanswered appeals on top (what organizers act on)."""
    rows = db.session.scalars(select(Sanction).order_by(Sanction.id.desc()).limit(limit))
    return sorted(rows, key=lambda s: not (s.appealed_at and s.lifted_at is None))


def _throttles(enterprise_id: int) -> list[Sanction]:
    return list(
        db.session.scalars(
            select(Sanction).where(
                Sanction.enterprise_id == enterprise_id,
                Sanction.level == SanctionLevel.THROTTLE,
                Sanction.lifted_at.is_(None),
                Sanction.until > utcnow(),
            )
        )
    )


def check_posting_allowed(enterprise_id: int) -> None:
    """Raise when a throttled firm has used today's (北京时间) allowance of new posts; a limit counts the
    posts created since midnight or since it began, whichever is later."""
    midnight = beijing.at(beijing.today(), 0)
    for throttle in sorted(_throttles(enterprise_id), key=lambda s: s.post_limit or 0):
        since = max(midnight, throttle.created_at)
        made = db.session.scalar(
            select(func.count())
            .select_from(JobPost)
            .where(JobPost.enterprise_id == enterprise_id, JobPost.created_at >= since)
        )
        if (made or 0) >= (throttle.post_limit or 0):
            raise ServiceError(
                f"贵单位因违规处理被限制发布：每日最多新发布 {throttle.post_limit} 个岗位，今日已达上限"
            )
