"""Seeker résumés."""

from __future__ import annotations

from datetime import date

from webapp.extensions import db
from webapp.identifiers import is_phone
from webapp.models import Education, SeekerProfile, TargetGroup, User
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
    db.session.commit()
    return profile


def _city_code(name: str) -> str | None:
    name = name.strip()
    return CITY_BY_NAME.get(name) or CITY_BY_NAME.get(name + "市")
