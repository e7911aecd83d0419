"""Seeker résumés."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from importers.identifiers import is_phone
from webapp.extensions import db
from webapp.models import Education, SeekerProfile, TargetGroup, User
from webapp.models.mixins import utcnow
from webapp.reference import CITIES
from webapp.services import Forbidden, ServiceError

CITY_BY_NAME = {name: code for code, name in CITIES.items()}


def update_profile(
    user: User,
    *,
    name: str,
    phone: str,
    education: Education,
    school: str = "",
    major: str = "",
    graduation_date: date | None = None,
    desired_titles: list[str] | None = None,
    desired_cities: list[str] | None = None,
    desired_pay_min: int | None = None,
    skills: list[str] | None = None,
    self_intro: str = "",
    experiences: list[str] | None = None,
    groups: list[str] | None = None,
    open_to_recommendation: bool = False,
    bureau_consent: bool | None = None,
) -> SeekerProfile:
    """Save the user's résumé. Unknown city names are reported, not silently dropped."""
    profile = user.profile
    if profile is None:
        raise Forbidden("只有求职者有简历")
    if not is_phone(phone):
        raise ServiceError("请输入正确的11位手机号")
    cities = desired_cities or []
    unknown = [c for c in cities if _city_code(c) is None]
    if unknown:
        raise ServiceError(f"暂不支持的城市：{'、'.join(unknown)}")
    profile.name, profile.phone, profile.education = name.strip(), phone.strip(), education
    profile.school, profile.major = school.strip(), major.strip()
    profile.graduation_date = graduation_date
    profile.desired_titles = desired_titles or []
    profile.desired_adcodes = [_city_code(c) for c in cities]
    profile.desired_pay_min = desired_pay_min
    profile.skills = skills or []
    profile.self_intro = self_intro.strip()
    profile.experiences = [{"text": line.strip()[:300]} for line in experiences or [] if line.strip()][:20]
    known = {g.value for g in TargetGroup}
    profile.groups = [g for g in groups or [] if g in known]
    profile.open_to_recommendation = open_to_recommendation
    if bureau_consent is not None:  # None: the caller does not ask (the consent stays as it was)
        if not bureau_consent:
            profile.bureau_consent_at = None
        elif profile.bureau_consent_at is None:
            profile.bureau_consent_at = utcnow()
    db.session.commit()
    return profile


def _city_code(name: str) -> str | None:
    name = name.strip()
    return CITY_BY_NAME.get(name) or CITY_BY_NAME.get(name + "市")


def export_data(user: User, ip: str = "") -> dict:
    """Everything the platform holds about a seeker, as JSON (个人信息保护法: the right to a copy)."""
    from webapp.live.models import LiveMessage
    from webapp.models import (
        Application,
        Complaint,
        FairRegistration,
        HireRecord,
        Notice,
        SavedSearch,
        SubsidyClaim,
        TalentInvitation,
    )
    from webapp.services import audit

    profile = user.profile
    if profile is None:
        raise Forbidden("只有求职者可以导出简历数据")
    applications = db.session.scalars(select(Application).where(Application.seeker_id == profile.id)).all()
    searches = db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)).all()
    audit.record(user, "export_own_data", "user", user.id, "", ip)
    db.session.commit()
    return {
        "account": {
            "account": user.account,
            "display_name": user.display_name,
            "created_at": _iso(user.created_at),
        },
        "profile": {
            "name": profile.name,
            "phone": profile.phone,
            "id_number": profile.id_number,
            "education": profile.education.label,
            "school": profile.school,
            "major": profile.major,
            "graduation_date": profile.graduation_date.isoformat() if profile.graduation_date else None,
            "desired_titles": profile.desired_titles,
            "desired_cities": [CITIES.get(c, c) for c in profile.desired_adcodes or []],
            "desired_pay_min": profile.desired_pay_min,
            "skills": profile.skills,
            "experiences": profile.experiences,
            "groups": [
                TargetGroup(g).label for g in profile.groups or [] if g in TargetGroup._value2member_map_
            ],
            "self_intro": profile.self_intro,
            "resume_consent_at": _iso(profile.resume_consent_at),
            "open_to_recommendation": profile.open_to_recommendation,
            "bureau_consent_at": _iso(profile.bureau_consent_at),
            "policy_facts": profile.policy_facts or {},
        },
        "hire_records": [
            {
                "enterprise": h.enterprise.name,
                "contract_months": h.contract_months,
                "insured_months": h.insured_months,
                "employment_type": h.employment_type,
                "facts_entered_by_employer": h.person_facts or {},
            }
            for h in db.session.scalars(select(HireRecord).where(HireRecord.seeker_id == profile.id))
        ],
        "subsidy_claims": [
            {"title": c.title, "status": c.status.label, "amount": c.amount, "unit": c.unit}
            for c in db.session.scalars(select(SubsidyClaim).where(SubsidyClaim.seeker_id == profile.id))
        ],
        "applications": [
            {
                "post": a.post.title,
                "enterprise": a.post.enterprise.name,
                "status": a.status.label,
                "timeline": [{"status": e.status.label, "at": _iso(e.at), "note": e.note} for e in a.events],
            }
            for a in applications
        ],
        "saved_searches": [{"name": s.name, "query": s.query_string} for s in searches],
        "fair_registrations": [
            {
                "fair": r.fair.title,
                "registered_at": _iso(r.created_at),
                "cancelled_at": _iso(r.cancelled_at),
                "checked_in_at": _iso(r.checked_in_at),
            }
            for r in db.session.scalars(
                select(FairRegistration).where(FairRegistration.seeker_id == profile.id)
            )
        ],
        "live_questions": [
            {"text": m.text, "answer": m.answer, "status": m.status.label, "at": _iso(m.created_at)}
            for m in db.session.scalars(select(LiveMessage).where(LiveMessage.user_id == user.id))
        ],
        "notices": [
            {"title": n.title, "body": n.body, "at": _iso(n.created_at), "read_at": _iso(n.read_at)}
            for n in db.session.scalars(select(Notice).where(Notice.user_id == user.id))
        ],
        "invitations": [
            {
                "post": i.post.title if i.post else None,
                "enterprise": i.enterprise.name if i.enterprise else None,
                "fair": i.fair.title if i.fair else None,
                "status": i.status.label,
                "at": _iso(i.created_at),
            }
            for i in db.session.scalars(
                select(TalentInvitation).where(TalentInvitation.seeker_id == profile.id)
            )
        ],
        "complaints": [
            {
                "about": f"{c.target_kind} #{c.target_id}",
                "reason": c.reason,
                "detail": c.detail,
                "evidence": c.evidence_name or None,
                "status": c.status.label,
                "resolution": c.resolution,
                "at": _iso(c.created_at),
            }
            for c in db.session.scalars(select(Complaint).where(Complaint.complainant_id == user.id))
        ],
    }


def delete_account(user: User, password: str, ip: str = "") -> None:
    """Delete a seeker's account and every row that names them, for good (``personal_data.erase_seeker``).

    The audit log keeps that a deletion happened (not who the person was); enterprises lose the applications.
    """
    from webapp.services import audit
    from webapp.services.personal_data import erase_seeker

    if user.profile is None:
        raise Forbidden("只有求职者可以在此注销账号")
    if not user.check_password(password):
        raise ServiceError("密码不正确，账号未注销")
    user_id = user.id
    erase_seeker(user)
    audit.record(None, "delete_account", "user", user_id, "求职者本人申请注销账号", ip)
    db.session.commit()


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None
