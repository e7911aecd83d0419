"""政策找人 and 直补快办: find who qualifies among the hires recorded on the platform, tell them,
and track each claim from found to paid; export the claim list for the bureau's payment system."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from policy import Case, evaluate
from webapp.extensions import db
from webapp.models import ClaimStatus, Enterprise, HireRecord, PolicyRun, SubsidyClaim, User
from webapp.models.mixins import utcnow
from webapp.services import NotFound, ServiceError, audit, notify
from webapp.subsidies.services import active_rules, enterprise_case

NEXT_STATUS = {
    ClaimStatus.FOUND: {ClaimStatus.NOTIFIED},
    ClaimStatus.NOTIFIED: {ClaimStatus.CLAIMED},
    ClaimStatus.CLAIMED: {ClaimStatus.PAID},
    ClaimStatus.PAID: set(),
}


def find_qualifying(actor: User, on: date) -> PolicyRun:
    """Evaluate every recorded hire with its enterprise; add a claim for each subsidy not yet on record."""
    rules, params = active_rules()
    run = PolicyRun(actor_id=actor.id, on_date=on)
    db.session.add(run)
    db.session.flush()
    known = {
        (r.rule_id, r.subject_key)
        for r in db.session.execute(select(SubsidyClaim.rule_id, SubsidyClaim.subject_key))
    }
    records = db.session.scalars(
        select(HireRecord).options(joinedload(HireRecord.enterprise), joinedload(HireRecord.seeker))
    ).all()
    by_enterprise: dict[int, list[HireRecord]] = {}
    for record in records:
        by_enterprise.setdefault(record.enterprise_id, []).append(record)
    for enterprise_id, hires in by_enterprise.items():
        enterprise = hires[0].enterprise
        answer = evaluate(rules, Case.from_dict(enterprise_case(enterprise, hires, on)), params)
        run.evaluated += len(hires)
        for grant in answer.subsidies:
            if grant.money.period == "limit":
                continue  # a loan limit is something to apply for, not a payment to claim
            hire = hires[grant.hire] if grant.hire is not None else None
            key = f"hire:{hire.id}" if hire else f"enterprise:{enterprise_id}"
            run.found += 1
            if (grant.rule.id, key) in known:
                continue
            m = grant.money
            db.session.add(
                SubsidyClaim(
                    rule_id=grant.rule.id,
                    rule_version=grant.rule.version,
                    subject_key=key,
                    title=grant.rule.title,
                    beneficiary=grant.rule.beneficiary,
                    enterprise_id=enterprise_id,
                    seeker_id=hire.seeker_id if hire else None,
                    hire_id=hire.id if hire else None,
                    amount=m.amount,
                    unit=m.unit,
                    months=m.months,
                    term_total=m.term_total,
                    reason=grant.reason,
                    source=grant.rule.citation,
                    run_id=run.id,
                )
            )
            known.add((grant.rule.id, key))
            run.new += 1
    audit.record(
        actor, "policy_find", "policy_run", run.id, f"测算 {run.evaluated} 人次，新增申领 {run.new} 项"
    )
    db.session.commit()
    return run


def claims(
    status: ClaimStatus | None = None, enterprise_id: int | None = None, seeker_id: int | None = None
) -> list[SubsidyClaim]:
    """Claims, optionally of one status, enterprise or person."""
    stmt = select(SubsidyClaim).options(joinedload(SubsidyClaim.enterprise), joinedload(SubsidyClaim.seeker))
    if status is not None:
        stmt = stmt.where(SubsidyClaim.status == status)
    if enterprise_id is not None:
        stmt = stmt.where(SubsidyClaim.enterprise_id == enterprise_id)
    if seeker_id is not None:
        stmt = stmt.where(SubsidyClaim.seeker_id == seeker_id, SubsidyClaim.beneficiary == "person")
    return list(db.session.scalars(stmt.order_by(SubsidyClaim.enterprise_id, SubsidyClaim.id)))


def _recipients(claim: SubsidyClaim) -> list[User]:
    if claim.beneficiary == "person" and claim.seeker is not None:
        return [claim.seeker.user]
    if claim.enterprise is not None:
        return [u for u in claim.enterprise.members if u.is_active]
    return []


def notify_found(actor: User) -> int:
    """Tell every beneficiary of a found claim (免申即享: the notice says what they get and why); returns how
    many claims were notified."""
    done = 0
    for claim in claims(ClaimStatus.FOUND):
        amount = f"{claim.amount:g}{claim.unit}" if claim.amount is not None else claim.unit
        message = notify.Message(
            title=f"您可享受：{claim.title}"
            + (f"（{claim.seeker.name}）" if claim.seeker and claim.beneficiary != "person" else ""),
            body=f"{amount}。{claim.reason}。依据：{claim.source}。人社部门将按“直补快办”为您办理，无需另行申请。",
            link="/enterprise/policy" if claim.beneficiary != "person" else "/me/policy",
            kind="policy",
        )
        for user in _recipients(claim):
            notify.send(user, message)
        claim.status = ClaimStatus.NOTIFIED
        claim.notified_at = utcnow()
        done += 1
    audit.record(actor, "policy_notify", "subsidy_claim", None, f"已告知 {done} 项申领")
    db.session.commit()
    return done


def set_status(actor: User, claim_id: int, status: ClaimStatus) -> SubsidyClaim:
    claim = db.session.get(SubsidyClaim, claim_id)
    if claim is None:
        raise NotFound("申领记录不存在")
    if status not in NEXT_STATUS[claim.status]:
        raise ServiceError(f"不能从“{claim.status.label}”改为“{status.label}”")
    claim.status = status
    now = utcnow()
    if status == ClaimStatus.NOTIFIED:
        claim.notified_at = now
    elif status == ClaimStatus.CLAIMED:
        claim.claimed_at = now
    elif status == ClaimStatus.PAID:
        claim.paid_at = now
    audit.record(actor, "policy_claim_status", "subsidy_claim", claim.id, status.label)
    db.session.commit()
    return claim


EXPORT_HEADER = [
    "申领编号",
    "政策",
    "依据",
    "受益方",
    "企业名称",
    "统一社会信用代码",
    "人员姓名",
    "身份证号（脱敏）",
    "金额",
    "单位",
    "月数",
    "期内合计",
    "认定理由",
    "状态",
]


def export_rows(actor: User, ip: str = "") -> list[list[object]]:
    """The claim list for the payment system, ID numbers masked; the export is audited."""
    from importers.identifiers import mask_id_number

    rows: list[list[object]] = [EXPORT_HEADER]
    items = claims()
    for c in items:
        e: Enterprise | None = c.enterprise
        rows.append(
            [
                c.id,
                c.title,
                c.source,
                c.beneficiary,
                e.name if e else "",
                e.credit_code if e else "",
                c.seeker.name if c.seeker else "",
                mask_id_number(c.seeker.id_number) if c.seeker else "",
                c.amount,
                c.unit,
                c.months,
                c.term_total,
                c.reason,
                c.status.label,
            ]
        )
    audit.record(actor, "export_claims", "subsidy_claim", None, f"{len(items)} 项申领", ip)
    db.session.commit()
    return rows
