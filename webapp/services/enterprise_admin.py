"""Enterprise onboarding beyond registration: licence and tier evidence uploads, member accounts under one
owner, the assigned 服务专员, and re-verification reminders every six months."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import select

from importers.identifiers import is_phone
from webapp.display import DOCUMENT_KINDS
from webapp.extensions import db
from webapp.models import Enterprise, EnterpriseDocument, Role, User, Verification
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, notify, sessions, uploads
from webapp.trust import blocklist

KINDS = {"licence": "营业执照", "tier_evidence": "梯度认定文件", "authorisation": "委托招聘授权书"}
REMIND_BEFORE = timedelta(days=30)
REMIND_EVERY = timedelta(days=7)


def _owned_enterprise(user: User) -> Enterprise:
    if user.enterprise is None:
        raise Forbidden("请先完成企业注册")
    return user.enterprise


def upload_document(user: User, kind: str, filename: str, stream: IO[bytes]) -> EnterpriseDocument:
    """Store a licence, tier evidence or (an agency's) client authorisation after ``uploads`` checked it."""
    enterprise = _owned_enterprise(user)
    if kind not in KINDS:
        raise ServiceError("请选择文件类型")
    stored = uploads.store_document(stream, filename, "documents", str(enterprise.id))
    doc = EnterpriseDocument(
        enterprise_id=enterprise.id,
        kind=kind,
        filename=stored.name,
        stored_path=stored.path,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=user.id,
    )
    db.session.add(doc)
    audit.record(user, "upload_document", "enterprise", enterprise.id, f"{kind} {doc.filename}")
    db.session.commit()
    return doc


def open_document(viewer: User, doc_id: int, ip: str = "") -> tuple[EnterpriseDocument, bytes]:
    """An organizer opens a document: audited."""
    doc = db.session.get(EnterpriseDocument, doc_id)
    if doc is None:
        raise NotFound("文件不存在")
    audit.record(
        viewer,
        "view_document",
        "enterprise",
        doc.enterprise_id,
        f"{DOCUMENT_KINDS.get(doc.kind, doc.kind)} #{doc.id}",
        ip,
    )
    db.session.commit()
    return doc, Path(doc.stored_path).read_bytes()


def members(user: User) -> list[User]:
    enterprise = _owned_enterprise(user)
    return sorted(enterprise.members, key=lambda u: (not u.is_enterprise_owner, u.id))


def _require_owner(user: User) -> Enterprise:
    enterprise = _owned_enterprise(user)
    if not user.is_enterprise_owner:
        raise Forbidden("只有企业管理员（账号所有者）可以管理成员")
    return enterprise


def add_member(owner: User, account: str, name: str) -> tuple[User, str]:
    """A member account (a 手机号) with a one-time password shown to the owner once."""
    enterprise = _require_owner(owner)
    account = account.strip()
    if not is_phone(account):
        raise ServiceError("成员账号应为11位手机号")
    if db.session.scalar(select(User.id).where(User.account == account)):
        raise ServiceError("该手机号已注册")
    blocklist.refuse_if_listed(phone=account)
    password = secrets.token_urlsafe(9)
    member = User(account=account, display_name=(name or account).strip()[:64], role=Role.ENTERPRISE)
    member.set_password(password)
    member.must_change_password = True  # the owner saw this one: the member replaces it at first sign-in
    member.enterprise_id = enterprise.id
    db.session.add(member)
    audit.record(owner, "add_member", "enterprise", enterprise.id, account)
    db.session.commit()
    return member, password


def remove_member(owner: User, member_id: int) -> None:
    enterprise = _require_owner(owner)
    member = db.session.get(User, member_id)
    if member is None or member.enterprise_id != enterprise.id:
        raise NotFound("成员不存在")
    if member.id == owner.id:
        raise ServiceError("不能移除自己；如需交接请先转让管理员")
    member.is_active_account = False
    member.enterprise_id = None
    sessions.end_all(member)
    audit.record(owner, "remove_member", "enterprise", enterprise.id, member.account)
    db.session.commit()


def transfer_ownership(owner: User, member_id: int) -> None:
    enterprise = _require_owner(owner)
    member = db.session.get(User, member_id)
    if member is None or member.enterprise_id != enterprise.id or not member.is_active_account:
        raise NotFound("成员不存在")
    owner.is_enterprise_owner, member.is_enterprise_owner = False, True
    audit.record(owner, "transfer_owner", "enterprise", enterprise.id, member.account)
    db.session.commit()


def assign_specialist(actor: User, enterprise_id: int, specialist_id: int | None) -> Enterprise:
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    if specialist_id is not None:
        specialist = db.session.get(User, specialist_id)
        if specialist is None or specialist.role != Role.SPECIALIST:
            raise ServiceError("请选择人社服务专员")
    enterprise.specialist_id = specialist_id
    audit.record(actor, "assign_specialist", "enterprise", enterprise.id, str(specialist_id or ""))
    db.session.commit()
    return enterprise


def specialists() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.SPECIALIST).order_by(User.id)))


def reverify_due(within: timedelta = REMIND_BEFORE) -> list[Enterprise]:
    """Verified enterprises whose six-monthly re-check is due within ``within`` or overdue, soonest first."""
    limit = utcnow() + within
    return list(
        db.session.scalars(
            select(Enterprise)
            .where(Enterprise.verification == Verification.VERIFIED, Enterprise.reverify_due <= limit)
            .order_by(Enterprise.reverify_due)
        )
    )


def send_reverify_reminders() -> int:
    """Remind members of firms due for re-verification (at most weekly); returns how many firms were told."""
    now = utcnow()
    told = 0
    for enterprise in reverify_due():
        if enterprise.reverify_reminded_at and now - enterprise.reverify_reminded_at < REMIND_EVERY:
            continue
        overdue = enterprise.reverify_due < now
        message = notify.Message(
            title="企业信息复核" + ("已逾期" if overdue else "即将到期"),
            body=(
                "根据《网络招聘服务管理规定》，平台每六个月复核一次企业信息。"
                f"请于 {enterprise.reverify_due:%Y-%m-%d} 前在“企业信息”中核对资料并上传最新营业执照。"
            ),
            link="/enterprise/profile",
            kind="account",
        )
        for member in enterprise.members:
            if member.is_active_account:
                notify.send(member, message)
        enterprise.reverify_reminded_at = now
        told += 1
    db.session.commit()
    return told
