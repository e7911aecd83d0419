"""What search engines and partner platforms read: schema.org ``JobPosting`` for a post, and the sitemap.

Google's JobPosting guidance (title, description, datePosted, validThrough, employmentType,
hiringOrganization, jobLocation, baseSalary) is followed; times carry the +08:00 offset people read them in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from webapp.beijing import to_local
from webapp.extensions import db
from webapp.models import Enterprise, Fair, FairStatus, JobPost, PostStatus, Verification
from webapp.models.enums import EmploymentType, PayUnit
from webapp.reference import city_name, district_name, province_name

EMPLOYMENT = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.INTERNSHIP: "INTERN",
    EmploymentType.TRAINEESHIP: "INTERN",
}
UNITS = {PayUnit.MONTH: "MONTH", PayUnit.DAY: "DAY", PayUnit.HOUR: "HOUR"}


def _beijing_iso(moment: datetime) -> str:
    return to_local(moment).replace(microsecond=0).isoformat() + "+08:00"


def job_posting(post: JobPost, url: str, enterprise_url: str) -> dict:
    """schema.org JobPosting for a published post (JSON-LD)."""
    description = post.description + (f"\n任职要求：{post.requirements}" if post.requirements else "")
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": post.title,
        "description": description,
        "identifier": {"@type": "PropertyValue", "name": post.enterprise.name, "value": str(post.id)},
        "url": url,
        "employmentType": EMPLOYMENT.get(post.employment_type, "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": post.enterprise.name,
            "sameAs": enterprise_url,
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "CN",
                "addressRegion": province_name(post.adcode),
                "addressLocality": city_name(post.adcode),
                "streetAddress": post.address or district_name(post.adcode),
            },
        },
        "validThrough": f"{post.valid_until.isoformat()}T23:59:59+08:00",  # the last day, 北京时间
        "directApply": True,
        "educationRequirements": post.education.label,
    }
    if post.published_at:
        data["datePosted"] = _beijing_iso(post.published_at)
    if post.headcount:
        data["totalJobOpenings"] = post.headcount
    unit = UNITS.get(post.pay_unit)
    if unit and post.pay_min:
        value = {"@type": "QuantitativeValue", "minValue": post.pay_min, "unitText": unit}
        if post.pay_max:
            value["maxValue"] = post.pay_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "CNY", "value": value}
    return data


def sitemap_entries() -> tuple[list[tuple[int, datetime | None]], list[tuple[int, datetime | None]]]:
    """(post id, last change) of every post open to the public, and (fair id, last change) of published
    fairs: what ``sitemap.xml`` lists."""
    posts = db.session.execute(
        select(JobPost.id, JobPost.updated_at)
        .join(Enterprise)
        .where(JobPost.status == PostStatus.PUBLISHED, Enterprise.verification == Verification.VERIFIED)
        .order_by(JobPost.id)
    ).all()
    fairs = db.session.execute(
        select(Fair.id, Fair.updated_at).where(Fair.status == FairStatus.PUBLISHED).order_by(Fair.id)
    ).all()
    return [tuple(r) for r in posts], [tuple(r) for r in fairs]
