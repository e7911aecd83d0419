"""Declarations, the proposed matches between firms, and the placements a specialist records.

A proposal pairs a shortage with an open surplus of another firm whose window overlaps it. Its score is the
occupation's closeness times the place's: the same 大典 细类 1, the same 小类 (first three segments) 0.7, the
same 中类 0.4, otherwise the titles' character similarity at most 0.3 (rapidfuzz); the same district 1, the
same city 0.8, the same province 0.5, elsewhere 0.2 (lending staff across provinces is rare). Weights are
stated, not fitted: there is no labelled history of placements to fit them on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload
from werkzeug.exceptions import Forbidden, NotFound

from webapp.casework.services import may_work
from webapp.extensions import db
from webapp.models import Enterprise, PlacementStatus, Role, SharingKind, User
from webapp.services import ServiceError, audit
from webapp.services.compliance import suggest_occupation
from webapp.sharing.models import SharingPlacement, StaffingDeclaration, SurplusWorker

MAX_DAYS = 366  # a sharing is temporary


@dataclass(frozen=True)
class WorkerEntry:
    name: str
    phone: str
    consent: str  # how the worker agreed; empty: no consent, not declared


def declare(
    user: User,
    kind: str,
    title: str,
    headcount: int,
    starts_on: date,
    ends_on: date,
    adcode: str,
    note: str,
    workers: list[WorkerEntry] | None = None,
) -> StaffingDeclaration:
    """A firm declares a shortage (``headcount`` people) or a surplus (its consenting ``workers``)."""
    enterprise = user.enterprise
    if enterprise is None or not enterprise.is_verified:
        raise ServiceError("企业通过认证后才能参加用工余缺调剂")
    try:
        sharing = SharingKind(kind)
    except ValueError:
        raise ServiceError("请选择富余员工或缺工") from None
    if not title.strip():
        raise ServiceError("请填写岗位或工种")
    if ends_on < starts_on:
        raise ServiceError("结束日期应不早于开始日期")
    if (ends_on - starts_on).days > MAX_DAYS:
        raise ServiceError("用工余缺调剂为临时性安排，期限不超过一年")
    if not (len(adcode or "") in (6, 12) and adcode.isdigit()):
        raise ServiceError("请选择工作地点")
    listed: list[WorkerEntry] = []
    if sharing == SharingKind.SURPLUS:
        listed = [w for w in workers or [] if w.name.strip()]
        unwilling = [w.name for w in listed if not w.consent.strip()]
        if unwilling:
            raise ServiceError("以下员工未记录本人同意，不能列入调剂：" + "、".join(unwilling[:5]))
        if not listed:
            raise ServiceError("请至少列出一名本人同意参加调剂的员工")
        headcount = len(listed)
    elif not (1 <= (headcount or 0) <= 1000):
        raise ServiceError("缺工人数应在 1 到 1000 之间")
    found = suggest_occupation(title)
    declaration = StaffingDeclaration(
        enterprise_id=enterprise.id, kind=sharing, title=title.strip()[:100],
        occupation_code=found[0] if found else "", headcount=headcount, starts_on=starts_on, ends_on=ends_on,
        adcode=adcode, note=note.strip()[:2000], created_by_id=user.id,
    )  # fmt: skip
    declaration.workers = [
        SurplusWorker(name=w.name.strip()[:32], phone=w.phone.strip()[:20], consent=w.consent.strip()[:200])
        for w in listed
    ]
    db.session.add(declaration)
    db.session.flush()
    audit.record(
        user, "sharing_declare", "staffing_declaration", declaration.id,
        f"{sharing.label} {declaration.title} {headcount} 人 {starts_on}–{ends_on}",
    )  # fmt: skip
    db.session.commit()
    return declaration


def close(user: User, declaration_id: int) -> StaffingDeclaration:
    declaration = db.session.get(StaffingDeclaration, declaration_id)
    if declaration is None:
        raise NotFound("登记不存在")
    if declaration.enterprise_id != user.enterprise_id:
        raise Forbidden("只能关闭本企业的登记")
    declaration.open = False
    audit.record(user, "sharing_close", "staffing_declaration", declaration.id)
    db.session.commit()
    return declaration


def declarations_of(enterprise_id: int) -> list[StaffingDeclaration]:
    return list(
        db.session.scalars(
            select(StaffingDeclaration)
            .where(StaffingDeclaration.enterprise_id == enterprise_id)
            .order_by(StaffingDeclaration.created_at.desc(), StaffingDeclaration.id.desc())
        )
    )


# --- proposals ----------------------------------------------------------------------------------------------


def occupation_closeness(a: StaffingDeclaration, b: StaffingDeclaration) -> float:
    if a.occupation_code and b.occupation_code:
        x, y = a.occupation_code.split("-"), b.occupation_code.split("-")
        if x == y:
            return 1.0
        if x[:3] == y[:3]:
            return 0.7
        if x[:2] == y[:2]:
            return 0.4
    return 0.3 * fuzz.ratio(a.title, b.title) / 100


def place_closeness(a: str, b: str) -> float:
    if a[:6] == b[:6]:
        return 1.0
    if a[:4] == b[:4]:
        return 0.8
    if a[:2] == b[:2]:
        return 0.5
    return 0.2


@dataclass
class Proposal:
    surplus: StaffingDeclaration
    score: float
    overlap_days: int


def proposals(shortage: StaffingDeclaration, limit: int = 5) -> list[Proposal]:
    """Open surpluses of other firms whose windows overlap the shortage's, closest first."""
    found = []
    for surplus in db.session.scalars(
        select(StaffingDeclaration)
        .options(joinedload(StaffingDeclaration.enterprise))
        .where(
            StaffingDeclaration.kind == SharingKind.SURPLUS,
            StaffingDeclaration.open.is_(True),
            StaffingDeclaration.enterprise_id != shortage.enterprise_id,
            StaffingDeclaration.starts_on <= shortage.ends_on,
            StaffingDeclaration.ends_on >= shortage.starts_on,
        )
    ):
        overlap = (
            min(surplus.ends_on, shortage.ends_on) - max(surplus.starts_on, shortage.starts_on)
        ).days + 1
        score = occupation_closeness(shortage, surplus) * place_closeness(shortage.adcode, surplus.adcode)
        if score >= 0.1:
            found.append(Proposal(surplus, round(score, 3), overlap))
    found.sort(key=lambda p: (p.score, p.overlap_days, -p.surplus.id), reverse=True)
    return found[:limit]


# --- the specialist's side ----------------------------------------------------------------------------------


def open_shortages(user: User) -> list[StaffingDeclaration]:
    """The open shortages the user may broker: a specialist's own firms', every firm's for organizers."""
    stmt = (
        select(StaffingDeclaration)
        .options(contains_eager(StaffingDeclaration.enterprise))
        .join(Enterprise, StaffingDeclaration.enterprise_id == Enterprise.id)
        .where(StaffingDeclaration.kind == SharingKind.SHORTAGE, StaffingDeclaration.open.is_(True))
        .order_by(StaffingDeclaration.starts_on, StaffingDeclaration.id)
    )
    if not user.has_role(Role.ORGANIZER, Role.ADMIN):
        stmt = stmt.where(Enterprise.specialist_id == user.id)
    return list(db.session.scalars(stmt))


def placements(user: User) -> list[SharingPlacement]:
    stmt = (
        select(SharingPlacement)
        .join(StaffingDeclaration, SharingPlacement.shortage_id == StaffingDeclaration.id)
        .join(Enterprise, StaffingDeclaration.enterprise_id == Enterprise.id)
        .order_by(SharingPlacement.created_at.desc(), SharingPlacement.id.desc())
    )
    if not user.has_role(Role.ORGANIZER, Role.ADMIN):
        stmt = stmt.where(Enterprise.specialist_id == user.id)
    return list(db.session.scalars(stmt))


def place(
    user: User, shortage_id: int, surplus_id: int, workers: int, starts_on: date, ends_on: date, note: str
) -> SharingPlacement:
    """The specialist of the short firm records the placement both firms agreed to."""
    shortage, surplus = (
        db.session.get(StaffingDeclaration, shortage_id),
        db.session.get(StaffingDeclaration, surplus_id),
    )
    if shortage is None or surplus is None:
        raise NotFound("登记不存在")
    if not may_work(user, shortage.enterprise):
        raise Forbidden("该企业不在您的服务范围内")
    if shortage.kind != SharingKind.SHORTAGE or surplus.kind != SharingKind.SURPLUS:
        raise ServiceError("须由一方缺工、另一方有富余员工")
    if surplus.enterprise_id == shortage.enterprise_id:
        raise ServiceError("不能在同一企业内调剂")
    if not (shortage.open and surplus.open):
        raise ServiceError("登记已关闭")
    if not (1 <= workers <= min(surplus.headcount, shortage.headcount)):
        raise ServiceError(f"调剂人数应在 1 到 {min(surplus.headcount, shortage.headcount)} 之间")
    if not (
        max(shortage.starts_on, surplus.starts_on)
        <= starts_on
        <= ends_on
        <= min(shortage.ends_on, surplus.ends_on)
    ):
        raise ServiceError("调剂期限应在双方登记的时间段内")
    placement = SharingPlacement(
        surplus_id=surplus.id, shortage_id=shortage.id, workers=workers, starts_on=starts_on, ends_on=ends_on,
        note=note.strip()[:2000], brokered_by_id=user.id,
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    audit.record(
        user, "sharing_place", "sharing_placement", placement.id,
        f"{surplus.enterprise.name} → {shortage.enterprise.name} {workers} 人 {starts_on}–{ends_on}",
    )  # fmt: skip
    db.session.commit()
    return placement


def set_status(user: User, placement_id: int, status: str) -> SharingPlacement:
    placement = db.session.get(SharingPlacement, placement_id)
    if placement is None:
        raise NotFound("调剂记录不存在")
    if not may_work(user, placement.shortage.enterprise):
        raise Forbidden("该企业不在您的服务范围内")
    try:
        placement.status = PlacementStatus(status)
    except ValueError:
        raise ServiceError("未知的调剂状态") from None
    audit.record(user, "sharing_status", "sharing_placement", placement.id, placement.status.label)
    db.session.commit()
    return placement
