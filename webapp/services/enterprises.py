"""Enterprises: profile editing, verification by organizers, the featured list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AccountLabel, Enterprise, JobPost, PostStatus, Tier, User, Verification
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, audit

REVERIFY_AFTER = timedelta(days=183)  # 人社部令第44号: re-check periodically


def review_enterprise(reviewer: User, enterprise_id: int, approve: bool, reason: str = "") -> Enterprise:
    """Verify or reject an enterprise; a rejection needs a reason; both are audited."""
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    if not approve and not reason.strip():
        raise ServiceError("驳回时请填写原因")
    if approve and not enterprise.credit_code:
        raise ServiceError("缺少统一社会信用代码，不能通过认证")
    if approve and enterprise.is_agency and not enterprise.agency_licence_no:
        raise ServiceError("人力资源服务机构须先填写人力资源服务许可证编号")
    if approve and enterprise.closed_at is not None:
        raise ServiceError("该企业账号已因违规关闭；如申诉成立，请先在「违规处理」中撤销关闭")
    now = utcnow()
    enterprise.verification = Verification.VERIFIED if approve else Verification.REJECTED
    enterprise.verification_reason = reason.strip()
    enterprise.verified_by_id = reviewer.id
    if approve:
        enterprise.verified_at = now
        enterprise.reverify_due = now + REVERIFY_AFTER
    audit.record(
        reviewer,
        "verify_enterprise" if approve else "reject_enterprise",
        "enterprise",
        enterprise.id,
        reason,
    )
    db.session.commit()
    return enterprise


def update_profile(user: User, **fields: object) -> Enterprise:
    """Edit the descriptive fields of the user's own enterprise."""
    enterprise = user.enterprise
    if enterprise is None:
        raise NotFound("企业不存在")
    allowed = {"name", "tier", "industry_code", "adcode", "address", "size_band", "introduction"}
    allowed |= {"agency_licence_no", "agency_fees"}
    for name, value in fields.items():
        if name in allowed:
            setattr(enterprise, name, value.strip() if isinstance(value, str) else value)
    if not (enterprise.name or "").strip():
        raise ServiceError("请填写企业名称")
    try:
        label = fields.get("account_label")
        if label is not None:
            _change_label(user, enterprise, AccountLabel(label), by_organizer=False)
        if enterprise.is_agency and not (enterprise.agency_licence_no and len(enterprise.agency_fees) >= 4):
            raise ServiceError("人力资源服务机构须填写许可证编号和收费项目与标准（2026年五部门通知）")
    except ServiceError:
        db.session.rollback()  # nothing of a refused edit stays in the session
        raise
    db.session.commit()
    return enterprise


def _change_label(actor: User, enterprise: Enterprise, label: AccountLabel, by_organizer: bool) -> None:
    """A firm may call itself 用人单位 or 人力资源服务机构; only organizers give or take 公共招聘. A verified
    firm that changes what it is goes back to verification (the organizer checks the licence)."""
    if label == enterprise.account_label:
        return
    if not by_organizer and AccountLabel.PUBLIC in (label, enterprise.account_label):
        raise ServiceError("“公共招聘”账号类型由人社局设置，如需变更请联系组织方")
    before = enterprise.account_label
    enterprise.account_label = label
    if not by_organizer and enterprise.verification == Verification.VERIFIED:
        enterprise.verification = Verification.PENDING
        enterprise.verification_reason = f"账号类型变更为“{label.label}”，待重新认证"
    audit.record(actor, "account_label", "enterprise", enterprise.id, f"{before.label} → {label.label}")


def set_label(organizer: User, enterprise_id: int, label: str) -> Enterprise:
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    try:
        value = AccountLabel(label)
    except ValueError:
        raise ServiceError("请选择账号类型") from None
    _change_label(organizer, enterprise, value, by_organizer=True)
    db.session.commit()
    return enterprise


def pending_enterprises(page: int = 1, per_page: int = 50) -> tuple[list[Enterprise], int]:
    """One page of the verification queue (oldest first) and the queue's length."""
    where = Enterprise.verification == Verification.PENDING
    total = db.session.scalar(select(func.count()).select_from(Enterprise).where(where)) or 0
    items = db.session.scalars(
        select(Enterprise)
        .where(where)
        .order_by(Enterprise.created_at, Enterprise.id)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    return list(items), total


def featured(limit_per_tier: int = 4) -> dict[Tier, list[tuple[Enterprise, int]]]:
    """Verified enterprises by tier (highest first) with their open post counts, for the landing page."""
    open_count = (
        select(JobPost.enterprise_id, func.count().label("n"))
        .where(JobPost.status == PostStatus.PUBLISHED)
        .group_by(JobPost.enterprise_id)
        .subquery()
    )
    result: dict[Tier, list[tuple[Enterprise, int]]] = {}
    for tier in (Tier.LITTLE_GIANT, Tier.SPECIALIZED, Tier.INNOVATIVE):
        rows = db.session.execute(
            select(Enterprise, open_count.c.n)
            .join(open_count, open_count.c.enterprise_id == Enterprise.id)
            .where(Enterprise.tier == tier, Enterprise.verification == Verification.VERIFIED)
            .order_by(open_count.c.n.desc(), Enterprise.id)
            .limit(limit_per_tier)
        )
        result[tier] = [(e, n) for e, n in rows]
    return result
