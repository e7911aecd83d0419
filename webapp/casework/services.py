"""The specialist's caseload, the firm's file (一企一档) and its needs (企业吹哨). A specialist sees and works
only the firms assigned to them; organizers and admins see every firm and the overdue needs per specialist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from webapp import beijing
from webapp.casework.models import EnterpriseNeed, ServiceRecord
from webapp.extensions import db
from webapp.fairs.models import FairParticipation
from webapp.models import (
    ContactKind,
    Enterprise,
    JobPost,
    NeedKind,
    NeedStatus,
    PostStatus,
    Role,
    User,
)
from webapp.models.enums import ParticipationStatus
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, notify
from webapp.subsidies.models import SubsidyClaim

RESPONSE_DAYS = 3  # a raised need is answered within three days (企业吹哨，专员服务)
ACTIONS = {
    "talent": "推荐人才（按需求搜索人才库并推送）",
    "fair": "邀请参加招聘会",
    "policy": "推送政策",
    "": "仅答复",
}


def may_work(user: User, enterprise: Enterprise) -> bool:
    if user.has_role(Role.ORGANIZER, Role.ADMIN):
        return True
    return user.has_role(Role.SPECIALIST) and enterprise.specialist_id == user.id


def enterprise_for(user: User, enterprise_id: int) -> Enterprise:
    """The firm, if ``user`` may work on it (its specialist, an organizer, an admin)."""
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    if not may_work(user, enterprise):
        raise Forbidden("该企业不在您的服务范围内")
    return enterprise


@dataclass
class CaseRow:
    enterprise: Enterprise
    last_contact: date | None
    open_needs: int
    overdue_needs: int
    live_posts: int
    claims: int
    fairs: int


def caseload(user: User, specialist_id: int | None = None) -> list[CaseRow]:
    """The firms ``user`` serves (a specialist: their own; staff above: all, or one specialist's), with the
    figures of the workbench: overdue needs first, then open ones, then the longest without contact."""
    query = select(Enterprise).where(Enterprise.closed_at.is_(None))
    if user.has_role(Role.SPECIALIST):
        query = query.where(Enterprise.specialist_id == user.id)
    elif specialist_id:
        query = query.where(Enterprise.specialist_id == specialist_id)
    firms = list(db.session.scalars(query.order_by(Enterprise.name)))
    ids = [f.id for f in firms]
    if not ids:
        return []
    now = utcnow()

    def counted(firm_column, *where) -> dict[int, int]:
        """Rows per firm of the table ``firm_column`` belongs to, under ``where``."""
        query = select(firm_column, func.count()).where(firm_column.in_(ids), *where)
        return dict(db.session.execute(query.group_by(firm_column)).all())

    last = dict(
        db.session.execute(
            select(ServiceRecord.enterprise_id, func.max(ServiceRecord.happened_on))
            .where(ServiceRecord.enterprise_id.in_(ids))
            .group_by(ServiceRecord.enterprise_id)
        ).all()
    )
    open_needs = counted(EnterpriseNeed.enterprise_id, EnterpriseNeed.status == NeedStatus.OPEN)
    overdue = counted(
        EnterpriseNeed.enterprise_id, EnterpriseNeed.status == NeedStatus.OPEN, EnterpriseNeed.due_at < now
    )
    posts = counted(JobPost.enterprise_id, JobPost.status == PostStatus.PUBLISHED)
    claims = counted(SubsidyClaim.enterprise_id)
    fairs = counted(FairParticipation.enterprise_id, FairParticipation.status == ParticipationStatus.APPROVED)
    rows = [
        CaseRow(
            f,
            last.get(f.id),
            open_needs.get(f.id, 0),
            overdue.get(f.id, 0),
            posts.get(f.id, 0),
            claims.get(f.id, 0),
            fairs.get(f.id, 0),
        )
        for f in firms
    ]
    return sorted(rows, key=lambda r: (-r.overdue_needs, -r.open_needs, r.last_contact or date.min))


def records(enterprise: Enterprise) -> list[ServiceRecord]:
    return list(
        db.session.scalars(
            select(ServiceRecord)
            .where(ServiceRecord.enterprise_id == enterprise.id)
            .order_by(ServiceRecord.happened_on.desc(), ServiceRecord.id.desc())
        )
    )


def needs(enterprise: Enterprise) -> list[EnterpriseNeed]:
    return list(
        db.session.scalars(
            select(EnterpriseNeed)
            .where(EnterpriseNeed.enterprise_id == enterprise.id)
            .order_by(EnterpriseNeed.status, EnterpriseNeed.due_at)
        )
    )


def add_record(
    user: User,
    enterprise_id: int,
    *,
    kind: str,
    happened_on: date | None,
    contact_person: str,
    asked: str,
    promised: str,
) -> ServiceRecord:
    enterprise = enterprise_for(user, enterprise_id)
    if kind not in {k.value for k in ContactKind}:
        raise ServiceError("请选择联系方式")
    day = happened_on or beijing.today()
    if day > beijing.today():
        raise ServiceError("联系日期不能晚于今天")
    if not (asked.strip() or promised.strip()):
        raise ServiceError("请写明企业提出了什么、您答应了什么")
    record = ServiceRecord(
        enterprise_id=enterprise.id,
        specialist_id=user.id,
        kind=ContactKind(kind),
        happened_on=day,
        contact_person=contact_person.strip()[:64],
        asked=asked.strip()[:2000],
        promised=promised.strip()[:2000],
    )
    db.session.add(record)
    db.session.flush()
    audit.record(user, "service_record", "enterprise", enterprise.id, f"{record.kind.label} {day}")
    db.session.commit()
    return record


def raise_need(user: User, kind: str, detail: str, enterprise_id: int | None = None) -> EnterpriseNeed:
    """A need raised by the firm's own user (its firm) or noted by its specialist (``enterprise_id``)."""
    if enterprise_id is None:
        if not user.has_role(Role.ENTERPRISE) or user.enterprise_id is None:
            raise Forbidden("只有企业用户可以提出需求")
        enterprise = db.session.get(Enterprise, user.enterprise_id)
    else:
        enterprise = enterprise_for(user, enterprise_id)
    if kind not in {k.value for k in NeedKind}:
        raise ServiceError("请选择需求类型")
    if len(detail.strip()) < 5:
        raise ServiceError("请具体说明需求（至少5个字）")
    open_count = db.session.scalar(
        select(func.count())
        .select_from(EnterpriseNeed)
        .where(EnterpriseNeed.enterprise_id == enterprise.id, EnterpriseNeed.status == NeedStatus.OPEN)
    )
    if open_count >= 20:
        raise ServiceError("待响应的需求已有20条，请等服务专员答复后再提")
    need = EnterpriseNeed(
        enterprise_id=enterprise.id,
        raised_by_id=user.id,
        kind=NeedKind(kind),
        detail=detail.strip()[:2000],
        due_at=utcnow() + timedelta(days=RESPONSE_DAYS),
    )
    db.session.add(need)
    db.session.flush()
    audit.record(user, "raise_need", "enterprise", enterprise.id, need.kind.label)
    if enterprise.specialist is not None and enterprise.specialist.id != user.id:
        notify.send(
            enterprise.specialist,
            notify.Message(
                title=f"{enterprise.name}提出需求：{need.kind.label}",
                body=f"{need.detail[:200]}（请于 {beijing.to_local(need.due_at):%m月%d日 %H:%M} 前响应）",
                link=f"/organizer/caseload/{enterprise.id}",
            ),
        )
    db.session.commit()
    return need


def answer_need(user: User, need_id: int, response: str, action: str, close: bool = False) -> EnterpriseNeed:
    need = db.session.get(EnterpriseNeed, need_id)
    if need is None:
        raise NotFound("需求不存在")
    enterprise_for(user, need.enterprise_id)
    if action not in ACTIONS:
        raise ServiceError("请选择办理方式")
    if len(response.strip()) < 2:
        raise ServiceError("请填写给企业的答复")
    need.response = response.strip()[:2000]
    need.action = action
    need.status = NeedStatus.CLOSED if close else NeedStatus.ANSWERED
    need.answered_by_id, need.answered_at = user.id, utcnow()
    audit.record(
        user, "answer_need", "enterprise", need.enterprise_id, f"{need.kind.label}：{ACTIONS[action]}"
    )
    for member in need.enterprise.members:
        notify.send(
            member,
            notify.Message(
                title=f"服务专员已响应您的需求：{need.kind.label}",
                body=need.response[:300],
                link="/enterprise/needs",
            ),
        )
    db.session.commit()
    return need


def my_needs(user: User) -> list[EnterpriseNeed]:
    if user.enterprise_id is None:
        return []
    return list(
        db.session.scalars(
            select(EnterpriseNeed)
            .where(EnterpriseNeed.enterprise_id == user.enterprise_id)
            .order_by(EnterpriseNeed.id.desc())
        )
    )


@dataclass
class OverdueRow:
    specialist: User | None
    open_needs: int
    overdue: int
    oldest_due: datetime | None


def overdue_by_specialist() -> list[OverdueRow]:
    """Open needs and overdue ones per specialist (firms without a specialist under None), worst first."""
    now = utcnow()
    rows = db.session.execute(
        select(
            Enterprise.specialist_id,
            func.count(),
            func.sum(case((EnterpriseNeed.due_at < now, 1), else_=0)),
            func.min(EnterpriseNeed.due_at),
        )
        .join(Enterprise, Enterprise.id == EnterpriseNeed.enterprise_id)
        .where(EnterpriseNeed.status == NeedStatus.OPEN)
        .group_by(Enterprise.specialist_id)
    ).all()
    out = [
        OverdueRow(db.session.get(User, sid) if sid else None, count, int(late or 0), oldest)
        for sid, count, late, oldest in rows
    ]
    return sorted(out, key=lambda r: (-r.overdue, -r.open_needs))
