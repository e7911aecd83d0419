"""举报: anyone signed in reports a post, an enterprise or a live room with a reason from the rules, free text
and optional evidence; they follow its status under 我的举报. Organizers work a queue ordered by the handling
deadline, see the target's history (earlier complaints, sanctions, the detector's findings) and dismiss or
uphold, optionally with a sanction. A target that draws open complaints from several people goes to manual
review by itself: a post is taken offline into the review queue, a firm back to verification."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select

from importers.compliance import check_post
from webapp.extensions import db
from webapp.models import (
    ComplaintStatus,
    Enterprise,
    JobPost,
    LiveSession,
    PostStatus,
    Role,
    SanctionLevel,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, notify, uploads
from webapp.trust import sanctions
from webapp.trust.models import AbnormalEntity, Complaint, Sanction

# reason code → (what the complainant picks, the rule it breaks)
REASONS: dict[str, tuple[str, str]] = {
    "discrimination": (
        "就业歧视（性别、民族、户籍、年龄、婚育、健康、残疾等）",
        "《就业促进法》第三条、第二十七至三十一条；《妇女权益保障法》第四十三条",
    ),
    "fee": (
        "收取费用、押金或扣押证件",
        "《就业服务与就业管理规定》第十四条；《网络招聘服务管理规定》第二十三条",
    ),
    "training_loan": ("招转培、培训贷", "《关于规范网络平台招聘类信息发布的通知》（2026）"),
    "fake_pay": ("虚假高薪、“保录”等诱导宣传", "《网络招聘服务管理规定》第十五条；2026年五部门通知"),
    "fake_info": ("岗位或企业信息虚假", "《网络招聘服务管理规定》第十四条、第十五条"),
    "not_own": ("发布非本单位岗位、冒用他人名义", "2026年五部门通知：用人单位账号只能发布本单位岗位"),
    "harassment": ("骚扰、辱骂或索要隐私", "《个人信息保护法》；平台服务协议"),
    "other": ("其他违法违规情形", ""),
}
TARGETS = {"post": "岗位", "enterprise": "企业", "live": "直播间"}
DUE_IN = timedelta(days=3)  # the handling deadline shown to both sides
REVIEW_AT = 3  # distinct people with open complaints about one target → manual review
DAILY_LIMIT = 10  # complaints one person may file a day


@dataclass
class Target:
    kind: str
    id: int
    title: str
    link: str
    enterprise: Enterprise | None
    post: JobPost | None = None


def target(kind: str, target_id: int) -> Target:
    if kind == "post":
        post = db.session.get(JobPost, target_id)
        if post is None or post.status == PostStatus.DRAFT:
            raise NotFound("岗位不存在")
        return Target(kind, post.id, post.title, f"/jobs/{post.id}", post.enterprise, post)
    if kind == "enterprise":
        firm = db.session.get(Enterprise, target_id)
        if firm is None:
            raise NotFound("企业不存在")
        return Target(kind, firm.id, firm.name, f"/enterprises/{firm.id}", firm)
    if kind == "live":
        room = db.session.get(LiveSession, target_id)
        if room is None:
            raise NotFound("直播间不存在")
        presenting = room.current_segment.enterprise if room.current_segment else None
        return Target(kind, room.id, room.title, f"/live/{room.id}", presenting)
    raise NotFound("举报对象不存在")


def file(
    user: User,
    kind: str,
    target_id: int,
    reason: str,
    detail: str,
    evidence: tuple[str, IO[bytes]] | None = None,
) -> Complaint:
    """Record a complaint (with its evidence file checked like a licence) and, if it is one of several,
    send the target to manual review."""
    about = target(kind, target_id)
    if reason not in REASONS:
        raise ServiceError("请选择举报理由")
    detail = detail.strip()
    if reason == "other" and len(detail) < 5:
        raise ServiceError("选择“其他”时请说明具体情况")
    if about.enterprise is not None and about.enterprise.id == user.enterprise_id:
        raise ServiceError("不能举报本企业")
    since = utcnow() - timedelta(days=1)
    mine = select(func.count()).select_from(Complaint).where(Complaint.complainant_id == user.id)
    if (db.session.scalar(mine.where(Complaint.created_at >= since)) or 0) >= DAILY_LIMIT:
        raise ServiceError(f"每人每天最多举报{DAILY_LIMIT}次，请明天再试")
    same = mine.where(
        Complaint.target_kind == kind,
        Complaint.target_id == target_id,
        Complaint.status == ComplaintStatus.OPEN,
    )
    if db.session.scalar(same):
        raise ServiceError("您已举报过该" + TARGETS[kind] + "，正在处理中，可在“我的举报”查看进度")
    complaint = Complaint(
        complainant_id=user.id,
        target_kind=kind,
        target_id=about.id,
        enterprise_id=about.enterprise.id if about.enterprise else None,
        reason=reason,
        detail=detail[:2000],
        due_at=utcnow() + DUE_IN,
    )
    if evidence is not None:
        _store_evidence(complaint, *evidence)
    db.session.add(complaint)
    db.session.flush()
    audit.record(user, "complaint_file", "complaint", complaint.id, f"{TARGETS[kind]} #{about.id} {reason}")
    _review_if_many(about)
    db.session.commit()
    return complaint


def _store_evidence(complaint: Complaint, filename: str, stream: IO[bytes]) -> None:
    stored = uploads.store_document(stream, filename, "complaints")
    complaint.evidence_name, complaint.evidence_path = stored.name, stored.path
    complaint.evidence_type, complaint.evidence_sha256 = stored.content_type, stored.sha256


def _open_complainants(kind: str, target_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(Complaint.complainant_id))).where(
                Complaint.target_kind == kind,
                Complaint.target_id == target_id,
                Complaint.status == ComplaintStatus.OPEN,
            )
        )
        or 0
    )


def _review_if_many(about: Target) -> None:
    if about.kind == "live" or _open_complainants(about.kind, about.id) < REVIEW_AT:
        return
    why = f"被 {REVIEW_AT} 人以上举报，转人工复核"
    if about.post is not None and about.post.status == PostStatus.PUBLISHED:
        about.post.status, about.post.status_reason = PostStatus.PENDING, why
        audit.record(None, "complaint_review", "job_post", about.post.id, why)
    elif about.kind == "enterprise" and about.enterprise.verification == Verification.VERIFIED:
        about.enterprise.verification, about.enterprise.verification_reason = Verification.PENDING, why
        audit.record(None, "complaint_review", "enterprise", about.enterprise.id, why)


def open_about(kind: str, target_ids: list[int]) -> dict[int, list[Complaint]]:
    """The open complaints about each of these targets (one query for a page of the review queue)."""
    found: dict[int, list[Complaint]] = {}
    rows = db.session.scalars(
        select(Complaint)
        .where(
            Complaint.target_kind == kind,
            Complaint.target_id.in_(target_ids),
            Complaint.status == ComplaintStatus.OPEN,
        )
        .order_by(Complaint.id)
    )
    for complaint in rows:
        found.setdefault(complaint.target_id, []).append(complaint)
    return found


def mine(user: User) -> list[tuple[Complaint, Target | None]]:
    rows = db.session.scalars(
        select(Complaint).where(Complaint.complainant_id == user.id).order_by(Complaint.id.desc())
    )
    return [(c, _target_or_none(c)) for c in rows]


def _target_or_none(c: Complaint) -> Target | None:
    try:
        return target(c.target_kind, c.target_id)
    except NotFound:
        return None


def queue(status: str = "open") -> list[tuple[Complaint, Target | None]]:
    """Open complaints by deadline (overdue first), or the handled ones newest first, with their targets."""
    query = select(Complaint)
    if status == "open":
        query = query.where(Complaint.status == ComplaintStatus.OPEN).order_by(Complaint.due_at, Complaint.id)
    else:
        query = query.where(Complaint.status != ComplaintStatus.OPEN).order_by(Complaint.handled_at.desc())
    return [(c, _target_or_none(c)) for c in db.session.scalars(query.limit(200))]


def counts() -> dict[str, int]:
    now = utcnow()
    open_ = Complaint.status == ComplaintStatus.OPEN
    total = select(func.count()).select_from(Complaint)
    return {
        "open": db.session.scalar(total.where(open_)) or 0,
        "overdue": db.session.scalar(total.where(open_, Complaint.due_at < now)) or 0,
        "appeals": db.session.scalar(
            select(func.count())
            .select_from(Sanction)
            .where(Sanction.appealed_at.is_not(None), Sanction.lifted_at.is_(None))
        )
        or 0,
    }


@dataclass
class FirmRecord:
    """What the zone knows against a firm: complaints, sanctions, posts still up, its list entries."""

    complaints: list[Complaint] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    posts: list[JobPost] = field(default_factory=list)  # not closed: what 下架 can choose from
    entries: list[AbnormalEntity] = field(default_factory=list)


def firm_record(enterprise_id: int, leave_out: int | None = None) -> FirmRecord:
    return FirmRecord(
        complaints=list(
            db.session.scalars(
                select(Complaint)
                .where(Complaint.enterprise_id == enterprise_id, Complaint.id != (leave_out or 0))
                .order_by(Complaint.id.desc())
            )
        ),
        sanctions=sanctions.of_enterprise(enterprise_id),
        posts=list(
            db.session.scalars(
                select(JobPost)
                .where(JobPost.enterprise_id == enterprise_id, JobPost.status != PostStatus.CLOSED)
                .order_by(JobPost.id.desc())
            )
        ),
        entries=list(
            db.session.scalars(select(AbnormalEntity).where(AbnormalEntity.enterprise_id == enterprise_id))
        ),
    )


@dataclass
class Case:
    """A complaint as the organizer handles it: the target, the firm's record, what the detector finds."""

    complaint: Complaint
    target: Target | None
    record: FirmRecord | None
    findings: list[Any] = field(default_factory=list)


def case(complaint_id: int) -> Case:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound("举报不存在")
    about = _target_or_none(complaint)
    firm_id = complaint.enterprise_id
    record = firm_record(firm_id, leave_out=complaint.id) if firm_id is not None else None
    result = Case(complaint, about, record)
    if about is not None and about.post is not None:
        result.findings = check_post(about.post.title, about.post.description, about.post.requirements)
    return result


def open_evidence(viewer: User, complaint_id: int, ip: str = "") -> tuple[Complaint, bytes]:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or not complaint.evidence_path:
        raise NotFound("没有证据文件")
    audit.record(viewer, "view_complaint_evidence", "complaint", complaint.id, complaint.evidence_name, ip)
    db.session.commit()
    return complaint, Path(complaint.evidence_path).read_bytes()


def _handled(actor: User, complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound("举报不存在")
    if complaint.status != ComplaintStatus.OPEN:
        raise ServiceError("该举报已处理")
    if not actor.has_role(Role.ORGANIZER, Role.ADMIN):
        raise Forbidden()
    return complaint


def dismiss(actor: User, complaint_id: int, resolution: str) -> Complaint:
    complaint = _handled(actor, complaint_id)
    if len(resolution.strip()) < 4:
        raise ServiceError("请填写核查结论（举报人会看到）")
    _close(actor, complaint, ComplaintStatus.DISMISSED, resolution)
    db.session.commit()
    return complaint


def uphold(
    actor: User,
    complaint_id: int,
    resolution: str,
    level: str = "",
    sanction_reason: str = "",
    **sanction_args: Any,
) -> Complaint:
    """Find a complaint true; with ``level``, impose that sanction on the firm (its evidence names the
    complaint), in the same transaction."""
    complaint = _handled(actor, complaint_id)
    if len(resolution.strip()) < 4:
        raise ServiceError("请填写核查结论（举报人会看到）")
    if level:
        if complaint.enterprise_id is None:
            raise ServiceError("该举报没有对应企业，不能处罚；请在直播间或企业页处理")
        evidence = f"举报 #{complaint.id}（{REASONS[complaint.reason][0]}）：{complaint.detail}"
        if complaint.evidence_name:
            evidence += f"；证据文件 {complaint.evidence_name}（sha256 {complaint.evidence_sha256[:12]}…）"
        sanction = sanctions.impose(
            actor,
            complaint.enterprise_id,
            SanctionLevel(level),
            sanction_reason or resolution,
            evidence=evidence,
            commit=False,
            **sanction_args,
        )
        complaint.sanction_id = sanction.id
    _close(actor, complaint, ComplaintStatus.UPHELD, resolution)
    db.session.commit()
    return complaint


def _close(actor: User, complaint: Complaint, status: ComplaintStatus, resolution: str) -> None:
    complaint.status = status
    complaint.resolution = resolution.strip()[:500]
    complaint.handled_by_id, complaint.handled_at = actor.id, utcnow()
    audit.record(actor, f"complaint_{status.value}", "complaint", complaint.id, resolution.strip())
    if complaint.complainant is not None:
        notify.send(
            complaint.complainant,
            notify.Message(
                title=f"您的举报已处理：{status.label}",
                body=complaint.resolution,
                link="/me/reports",
                kind="account",
            ),
        )
