"""The abnormal-entity list (异常名录): identifiers that may not register an enterprise account, create an
enterprise (by registration, by an organizer's import) or join one as a member.

Entries come from closing an account (the firm's credit code, its members' phones, and the ID number the
organizer has from the licence or the poster's real-name check) or are added by an organizer with a reason.
Phone and ID numbers are kept only as a SHA-256 digest with a masked form: the list can say "this number is
listed" without holding the numbers. (A digest of an 11-digit phone number can be brute-forced by whoever
holds the database; the list keeps no more than that and shows no more than the masked form.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from importers.identifiers import (
    id_number_error,
    is_phone,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_uscc,
    uscc_error,
)
from webapp.extensions import db
from webapp.models import User
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, audit
from webapp.trust.models import AbnormalEntity

KINDS = {"credit_code": "统一社会信用代码", "phone": "手机号", "id_number": "身份证号"}
# What the person stopped is told; the organizer sees the entry and its reason.
REFUSAL = "该{what}已被列入本专区异常名录，不能注册或新建企业。如有异议，请携带材料到人社局窗口申诉。"


def normalize(kind: str, value: str) -> str:
    if kind == "credit_code":
        return normalize_uscc(value)
    if kind == "id_number":
        return normalize_id_number(value)
    return (value or "").strip().replace(" ", "").replace("-", "")


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{normalize(kind, value)}".encode()).hexdigest()


def _shown(kind: str, value: str) -> str:
    value = normalize(kind, value)
    if kind == "phone":
        return mask_phone(value)
    if kind == "id_number":
        return mask_id_number(value)
    return value


def invalid(kind: str, value: str) -> str | None:
    value = normalize(kind, value)
    if kind == "credit_code":
        return uscc_error(value)
    if kind == "phone":
        return None if is_phone(value) else "请输入正确的11位手机号"
    if kind == "id_number":
        return id_number_error(value)
    return "请选择名录类型"


def entry_for(kind: str, value: str) -> AbnormalEntity | None:
    """The active entry listing this identifier, if any."""
    if not value or not value.strip():
        return None
    return db.session.scalar(
        select(AbnormalEntity)
        .where(
            AbnormalEntity.kind == kind,
            AbnormalEntity.digest == _digest(kind, value),
            AbnormalEntity.removed_at.is_(None),
        )
        .order_by(AbnormalEntity.id)
        .limit(1)
    )


@dataclass(frozen=True)
class Hit:
    entry: AbnormalEntity

    @property
    def refusal(self) -> str:
        """What the person trying to register is told (not why: that is for the organizer)."""
        return REFUSAL.format(what=KINDS[self.entry.kind])

    @property
    def for_organizer(self) -> str:
        e = self.entry
        return f"{KINDS[e.kind]} {e.shown} 在异常名录中（第 {e.id} 条：{e.reason}）"


def check(**identifiers: str | None) -> Hit | None:
    """The first listed identifier among ``credit_code=…, phone=…, id_number=…``; counts the stop."""
    for kind, value in identifiers.items():
        entry = entry_for(kind, value or "")
        if entry is not None:
            entry.hits += 1
            return Hit(entry)
    return None


def refuse_if_listed(**identifiers: str | None) -> None:
    """Raise the refusal a registering person sees when any identifier is listed (the stop is recorded)."""
    hit = check(**identifiers)
    if hit is not None:
        audit.record(None, "blocklist_stop", "abnormal_entity", hit.entry.id, hit.for_organizer)
        db.session.commit()
        raise ServiceError(hit.refusal)


def add(
    actor: User | None,
    kind: str,
    value: str,
    reason: str,
    enterprise_id: int | None = None,
    sanction_id: int | None = None,
    commit: bool = False,
) -> AbnormalEntity:
    """List an identifier (committed with ``commit``, else in the caller's transaction); an identifier
    already listed keeps its first entry."""
    if kind not in KINDS:
        raise ServiceError("请选择名录类型")
    error = invalid(kind, value)
    if error:
        raise ServiceError(error)
    if not reason.strip():
        raise ServiceError("请填写列入原因")
    existing = entry_for(kind, value)
    if existing is not None:
        return existing
    entry = AbnormalEntity(
        kind=kind,
        digest=_digest(kind, value),
        shown=_shown(kind, value),
        reason=reason.strip()[:500],
        enterprise_id=enterprise_id,
        sanction_id=sanction_id,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        actor, "blocklist_add", "abnormal_entity", entry.id, f"{KINDS[kind]} {entry.shown}：{reason}"
    )
    if commit:
        db.session.commit()
    return entry


def remove(actor: User, entry_id: int, reason: str, commit: bool = True) -> AbnormalEntity:
    entry = db.session.get(AbnormalEntity, entry_id)
    if entry is None or entry.removed_at is not None:
        raise NotFound("名录条目不存在或已移出")
    if not reason.strip():
        raise ServiceError("移出名录须填写理由（如申诉成立）")
    entry.removed_at, entry.removed_by_id, entry.removed_reason = utcnow(), actor.id, reason.strip()[:500]
    audit.record(actor, "blocklist_remove", "abnormal_entity", entry.id, f"{entry.shown}：{reason}")
    if commit:
        db.session.commit()
    return entry


def entries(include_removed: bool = False, sanction_id: int | None = None) -> list[AbnormalEntity]:
    query = select(AbnormalEntity).order_by(AbnormalEntity.id.desc())
    if sanction_id is not None:
        query = query.where(AbnormalEntity.sanction_id == sanction_id)
    if not include_removed:
        query = query.where(AbnormalEntity.removed_at.is_(None))
    return list(db.session.scalars(query))
