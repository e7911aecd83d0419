"""JSON shapes of API resources (kept beside the OpenAPI document that describes them)."""

from __future__ import annotations

from datetime import datetime

from webapp.models import Application, ApplicationSource, ApplicationStatus, JobPost, TargetGroup
from webapp.reference import city_name, district_name

HIT_FIELDS = (
    "id",
    "external_id",
    "title",
    "enterprise",
    "enterprise_id",
    "city",
    "district",
    "pay_text",
    "education",
    "experience",
    "employment_type",
    "tier",
    "industry",
    "target_groups",
    "headcount",
)


def job_hit_json(hit: dict) -> dict:
    data = {name: hit.get(name) for name in HIT_FIELDS}
    data["related"] = bool(hit.get("related"))
    data["highlight"] = {"title": hit.get("title_hl", ""), "snippet": hit.get("snippet", "")}
    return data


def job_detail_json(post: JobPost) -> dict:
    e = post.enterprise
    return {
        "id": post.id,
        "external_id": post.external_id,
        "title": post.title,
        "description": post.description,
        "requirements": post.requirements,
        "skills": post.skills or [],
        "city": city_name(post.adcode),
        "district": district_name(post.adcode),
        "adcode": post.adcode,
        "address": post.address,
        "pay_text": post.pay_text,
        "pay": {
            "unit": post.pay_unit.value,
            "min": post.pay_min,
            "max": post.pay_max,
            "months": post.pay_months,
        },
        "education": post.education.label,
        "experience": post.experience_text,
        "headcount": post.headcount,
        "employment_type": post.employment_type.label,
        "target_groups": [
            TargetGroup(g).label for g in post.target_groups or [] if g in TargetGroup._value2member_map_
        ],
        "status": post.status.value,
        "open": post.is_open,
        "published_at": post.published_at.isoformat() + "Z" if post.published_at else None,
        "valid_until": post.valid_until.isoformat(),
        "enterprise": {"id": e.id, "name": e.name, "tier": e.tier.label, "verified": e.is_verified},
    }


def application_json(application: Application) -> dict:
    return {
        "id": application.id,
        "post_id": application.post_id,
        "post_title": application.post.title,
        "enterprise": application.post.enterprise.name,
        "status": application.status.value,
        "status_label": application.status.label,
        "source": application.source.value,
        "created_at": application.created_at.isoformat() + "Z",
        "timeline": [_event_json(ev.status, ev.at, ev.note) for ev in application.events],
    }


def submitted_json(
    application_id: int,
    post_id: int,
    post_title: str,
    enterprise: str,
    source: ApplicationSource,
    at: datetime,
) -> dict:
    """``application_json`` of an application just submitted, from what the caller knows (no reload)."""
    return {
        "id": application_id,
        "post_id": post_id,
        "post_title": post_title,
        "enterprise": enterprise,
        "status": ApplicationStatus.SUBMITTED.value,
        "status_label": ApplicationStatus.SUBMITTED.label,
        "source": source.value,
        "created_at": at.isoformat() + "Z",
        "timeline": [_event_json(ApplicationStatus.SUBMITTED, at, "")],
    }


def _event_json(status: ApplicationStatus, at: datetime, note: str) -> dict:
    return {"status": status.value, "label": status.label, "at": at.isoformat() + "Z", "note": note}
