"""见习基地 recognition, the 见习岗位 rule, 见习协议 and their outcomes, and the organizer's overview.

Rules, from the seeds and common practice where they are silent:

- only a firm the bureau recognised as a 就业见习基地 publishes 见习岗位 (南开区办法 一、3
  "经认定的就业见习基地");
- a base has no more trainees in active agreements than the capacity the bureau approved;
- a 见习协议 runs three to twelve months (the national 就业见习 practice), names a mentor (专人带教) and
  is signed for an applicant the firm hired onto a 见习岗位; signing writes the hire record (就业见习, its
  term) the policy engine reads, and stores the monthly allowance the rules give at signing (和平区: 80 %
  of the minimum wage);
- an agreement ends as 留用 (the firm keeps the trainee on: the hire record's retention date, from which
  南开区's reward counts three months), 期满未留用 or 提前结束; a kept-on trainee's employment is confirmed
  at three and six months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import Forbidden, NotFound

from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    AgreementStatus,
    Application,
    ApplicationStatus,
    BaseStatus,
    EmploymentType,
    Enterprise,
    HireRecord,
    User,
)
from webapp.models.mixins import utcnow
from webapp.months import add_months, term_months
from webapp.services import ServiceError, audit
from webapp.subsidies import services as subsidies
from webapp.traineeship.models import TraineeAgreement, TraineeshipBase

MIN_MONTHS, MAX_MONTHS = 3, 12
CHECKS = (3, 6)  # months after being kept on


# --- bases -------------------------------------------------------------------------------------------------


def base_of(enterprise_id: int | None) -> TraineeshipBase | None:
    if enterprise_id is None:
        return None
    return db.session.scalar(select(TraineeshipBase).where(TraineeshipBase.enterprise_id == enterprise_id))


def apply_base(user: User, capacity: int, fields: str, mentors: int, introduction: str) -> TraineeshipBase:
    """The firm applies (or applies again after a refusal or revocation) to be recognised."""
    enterprise = user.enterprise
    if enterprise is None:
        raise Forbidden("请先完成企业注册")
    if not enterprise.is_verified:
        raise ServiceError("企业通过认证后才能申请就业见习基地")
    if not (1 <= (capacity or 0) <= 500):
        raise ServiceError("见习容量应在 1 到 500 人之间")
    if not (1 <= (mentors or 0) <= 200):
        raise ServiceError("带教老师至少 1 人")
    if not fields.strip():
        raise ServiceError("请填写见习方向（如：机械设计、数控加工）")
    base = base_of(enterprise.id)
    if base is not None and base.status in (BaseStatus.PENDING, BaseStatus.APPROVED):
        raise ServiceError("已" + base.status.label + "，无需重复申请；调整容量请联系人社局")
    if base is None:
        base = TraineeshipBase(enterprise_id=enterprise.id)
        db.session.add(base)
    base.status, base.capacity, base.mentors = BaseStatus.PENDING, capacity, mentors
    base.fields, base.introduction = fields.strip()[:200], introduction.strip()[:2000]
    base.applied_at, base.applied_by_id, base.review_note = utcnow(), user.id, ""
    db.session.flush()
    audit.record(user, "traineeship_base_apply", "traineeship_base", base.id, f"容量 {capacity} 人")
    db.session.commit()
    return base


def review_base(user: User, base_id: int, approve: bool, capacity: int | None, note: str) -> TraineeshipBase:
    """The bureau recognises the base (with the capacity it grants) or refuses it with a reason."""
    base = _base(base_id)
    if base.status != BaseStatus.PENDING:
        raise ServiceError("该申请已处理")
    if approve:
        if capacity is not None:
            if not (1 <= capacity <= 500):
                raise ServiceError("见习容量应在 1 到 500 人之间")
            base.capacity = capacity
        base.status = BaseStatus.APPROVED
        base.enterprise.traineeship_base = True
    else:
        if not note.strip():
            raise ServiceError("请填写不予认定的原因")
        base.status = BaseStatus.REJECTED
    base.reviewed_at, base.reviewed_by_id, base.review_note = utcnow(), user.id, note.strip()[:500]
    action = "traineeship_base_approve" if approve else "traineeship_base_reject"
    audit.record(user, action, "traineeship_base", base.id, f"容量 {base.capacity} 人；{note.strip()}"[:2000])
    db.session.commit()
    return base


def revoke_base(user: User, base_id: int, note: str) -> TraineeshipBase:
    """Withdraw a recognition: no new 见习岗位 or agreements; running agreements run to their end."""
    base = _base(base_id)
    if base.status != BaseStatus.APPROVED:
        raise ServiceError("只能撤销已认定的基地")
    if not note.strip():
        raise ServiceError("请填写撤销原因")
    base.status, base.review_note = BaseStatus.REVOKED, note.strip()[:500]
    base.reviewed_at, base.reviewed_by_id = utcnow(), user.id
    base.enterprise.traineeship_base = False
    audit.record(user, "traineeship_base_revoke", "traineeship_base", base.id, note.strip()[:2000])
    db.session.commit()
    return base


def _base(base_id: int) -> TraineeshipBase:
    base = db.session.get(TraineeshipBase, base_id)
    if base is None:
        raise NotFound("见习基地不存在")
    return base


def approved_base(enterprise_id: int | None) -> TraineeshipBase | None:
    """The firm's base if the bureau recognises it now."""
    base = base_of(enterprise_id)
    return base if base is not None and base.status == BaseStatus.APPROVED else None


def check_may_post_traineeship(enterprise_id: int) -> None:
    """A 见习岗位 is published by a recognised base only."""
    if approved_base(enterprise_id) is None:
        raise ServiceError("只有经人社局认定的就业见习基地可以发布就业见习岗位，请先在“就业见习”中申请认定")


def active_count(base_id: int) -> int:
    return db.session.scalar(
        select(func.count(TraineeAgreement.id)).where(
            TraineeAgreement.base_id == base_id, TraineeAgreement.status == AgreementStatus.ACTIVE
        )
    )


# --- agreements ---------------------------------------------------------------------------------------------


def signable(user: User) -> list[Application]:
    """The firm's hired applicants on 见习岗位 without an agreement yet."""
    from webapp.models import JobPost

    signed = select(TraineeAgreement.application_id)
    return list(
        db.session.scalars(
            select(Application)
            .join(JobPost, Application.post_id == JobPost.id)
            .where(
                JobPost.enterprise_id == user.enterprise_id,
                JobPost.employment_type == EmploymentType.TRAINEESHIP,
                Application.status == ApplicationStatus.HIRED,
                Application.id.not_in(signed),
            )
            .order_by(Application.id.desc())
        )
    )


def sign_agreement(user: User, application_id: int, start: date, end: date, mentor: str) -> TraineeAgreement:
    application = subsidies.own_hired_application(user, application_id)
    if application.post.employment_type != EmploymentType.TRAINEESHIP:
        raise ServiceError("只有就业见习岗位的录用人员可以签订见习协议")
    base = approved_base(user.enterprise_id)
    if base is None:
        raise ServiceError("企业尚未被认定为就业见习基地，不能签订见习协议")
    if db.session.scalar(
        select(TraineeAgreement.id).where(TraineeAgreement.application_id == application.id)
    ):
        raise ServiceError("该人员已签订见习协议")
    if end <= start:
        raise ServiceError("见习结束日期应晚于开始日期")
    months = term_months(start, end)
    if not (MIN_MONTHS <= months <= MAX_MONTHS):
        raise ServiceError(f"见习期应为 {MIN_MONTHS} 到 {MAX_MONTHS} 个月（现为 {months} 个月）")
    if not mentor.strip():
        raise ServiceError("请填写带教老师")
    if active_count(base.id) >= base.capacity:
        raise ServiceError(f"见习人数已达认定容量（{base.capacity} 人），请待现有见习结束或向人社局申请调整")
    agreement = write_agreement(base, application, start, end, mentor, user.id)
    audit.record(
        user, "trainee_agreement_sign", "application", application.id,
        f"{start.isoformat()} 至 {end.isoformat()}，{months} 个月，带教 {agreement.mentor}",
    )  # fmt: skip
    db.session.commit()
    return agreement


def write_agreement(
    base: TraineeshipBase, application: Application, start: date, end: date, mentor: str, actor_id: int | None
) -> TraineeAgreement:
    """The agreement and the hire record it makes (就业见习, its term), with the allowance the rules give;
    checked by the caller, written in its transaction."""
    record = subsidies.hire_record_for(application)
    if record is None:
        record = HireRecord(
            application_id=application.id, enterprise_id=base.enterprise_id, seeker_id=application.seeker_id
        )
        db.session.add(record)
    record.employment_type, record.start_date = "就业见习", start
    record.traineeship_months, record.served_traineeship_months = term_months(start, end), 0
    record.retained, record.retained_on = False, None
    record.graduate = subsidies.graduate_at_hire(application.seeker, start, record.person_facts or {})
    agreement = TraineeAgreement(
        base_id=base.id, application_id=application.id, seeker_id=application.seeker_id,
        start_date=start, end_date=end, mentor=mentor.strip()[:32], created_by_id=actor_id,
    )  # fmt: skip
    db.session.add(agreement)
    db.session.flush()
    agreement.monthly_allowance, agreement.allowance_basis = allowance(base.enterprise, record, start)
    return agreement


def allowance(enterprise: Enterprise, record: HireRecord, on: date) -> tuple[float | None, str]:
    """The monthly 见习 allowance the rules in force give this hire: (yuan or None, how it is set)."""
    answer = subsidies.evaluate_case(subsidies.enterprise_case(enterprise, [record], on))
    for grant in answer.subsidies:
        if grant.hire == 0 and grant.money.period == "monthly" and "见习" in grant.rule.title:
            money = grant.money
            basis = money.basis or money.unit
            return money.amount, f"{grant.rule.title}：{basis}（{grant.rule.citation}）"[:200]
    return None, "本地区暂无见习补贴规则"


def own_agreement(user: User, agreement_id: int) -> TraineeAgreement:
    agreement = db.session.get(TraineeAgreement, agreement_id)
    if agreement is None:
        raise NotFound("见习协议不存在")
    if agreement.base.enterprise_id != user.enterprise_id:
        raise Forbidden("只能管理本企业的见习协议")
    return agreement


OUTCOMES = {
    "retained": AgreementStatus.RETAINED,
    "completed": AgreementStatus.COMPLETED,
    "ended": AgreementStatus.ENDED,
}


def end_agreement(user: User, agreement_id: int, outcome: str, on: date) -> TraineeAgreement:
    """留用 (kept on from ``on``), 期满未留用 (the term ran out) or 提前结束 (left on ``on``)."""
    agreement = own_agreement(user, agreement_id)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ServiceError("该见习协议已结束")
    status = OUTCOMES.get(outcome)
    if status is None:
        raise ServiceError("请选择留用、期满未留用或提前结束")
    if status == AgreementStatus.COMPLETED:
        on = agreement.end_date
    if on < agreement.start_date or on > max(agreement.end_date, beijing.today()):
        raise ServiceError("日期应在见习期内（留用可在期满后）")
    write_outcome(agreement, status, on)
    audit.record(
        user, "trainee_agreement_end", "application", agreement.application_id, f"{status.label} {on}"
    )
    db.session.commit()
    return agreement


def write_outcome(agreement: TraineeAgreement, status: AgreementStatus, on: date) -> None:
    """How the agreement ended, and what the hire record then says (months served, kept on from ``on``)."""
    agreement.status, agreement.ended_on = status, on
    record = subsidies.hire_record_for(agreement.application)
    if record is not None:
        served = min(term_months(agreement.start_date, on), record.traineeship_months or MAX_MONTHS)
        record.served_traineeship_months = served
        record.retained = status == AgreementStatus.RETAINED
        # kept on before the term ran out: the engine reads 提前留用 from served < term (policy/case.py)
        record.retained_on = on if record.retained else None


def confirm_employment(user: User, agreement_id: int, months: int, employed: bool) -> TraineeAgreement:
    """The firm confirms whether a kept-on trainee is still employed ``months`` (3 or 6) after."""
    agreement = own_agreement(user, agreement_id)
    if months not in CHECKS:
        raise ServiceError("只在留用满 3 个月和 6 个月时确认")
    if agreement.status != AgreementStatus.RETAINED or agreement.ended_on is None:
        raise ServiceError("只有已留用的见习人员需要确认在岗情况")
    due = add_months(agreement.ended_on, months)
    if beijing.today() < due:
        raise ServiceError(f"留用满 {months} 个月（{due.isoformat()}）后再确认")
    setattr(agreement, f"employed_{months}m", employed)
    audit.record(
        user, "trainee_retention_confirm", "application", agreement.application_id,
        f"留用 {months} 个月：{'仍在岗' if employed else '已离职'}",
    )  # fmt: skip
    db.session.commit()
    return agreement


def due_checks(
    agreements: list[TraineeAgreement], today: date | None = None
) -> list[tuple[TraineeAgreement, int]]:
    """(agreement, 3 or 6) for each confirmation that is due and not yet given."""
    today = today or beijing.today()
    due = []
    for a in agreements:
        if a.status != AgreementStatus.RETAINED or a.ended_on is None:
            continue
        for months in CHECKS:
            if getattr(a, f"employed_{months}m") is None and add_months(a.ended_on, months) <= today:
                due.append((a, months))
    return due


def agreements_of(enterprise_id: int) -> list[TraineeAgreement]:
    return list(
        db.session.scalars(
            select(TraineeAgreement)
            .join(TraineeshipBase)
            .options(
                selectinload(TraineeAgreement.seeker),
                selectinload(TraineeAgreement.application).selectinload(Application.post),
            )
            .where(TraineeshipBase.enterprise_id == enterprise_id)
            .order_by(TraineeAgreement.start_date.desc(), TraineeAgreement.id.desc())
        )
    )


# --- the organizer's overview -------------------------------------------------------------------------------


@dataclass
class BaseFigures:
    base: TraineeshipBase
    active: int
    retained: int
    finished: int  # agreements that ended any way
    employed_3m: tuple[int, int]  # (still employed, confirmed)
    employed_6m: tuple[int, int]

    @property
    def retention_rate(self) -> float | None:
        return self.retained / self.finished if self.finished else None


def overview() -> list[BaseFigures]:
    """Every base with its trainees now, its retention and the 3- and 6-month confirmations."""
    bases = db.session.scalars(
        select(TraineeshipBase)
        .options(joinedload(TraineeshipBase.enterprise))
        .order_by(TraineeshipBase.applied_at.desc())
    ).all()
    counts: dict[int, dict] = {}
    for a in db.session.scalars(select(TraineeAgreement)):
        c = counts.setdefault(
            a.base_id, {"active": 0, "retained": 0, "finished": 0, "m3": [0, 0], "m6": [0, 0]}
        )
        if a.status == AgreementStatus.ACTIVE:
            c["active"] += 1
            continue
        c["finished"] += 1
        c["retained"] += a.status == AgreementStatus.RETAINED
        for months, key in ((3, "m3"), (6, "m6")):
            seen = getattr(a, f"employed_{months}m")
            if seen is not None:
                c[key][1] += 1
                c[key][0] += bool(seen)
    out = []
    for base in bases:
        c = counts.get(base.id, {"active": 0, "retained": 0, "finished": 0, "m3": [0, 0], "m6": [0, 0]})
        out.append(
            BaseFigures(base, c["active"], c["retained"], c["finished"], tuple(c["m3"]), tuple(c["m6"]))
        )
    return out
