"""API for mobile clients and partner platforms: fairs (enterprises, posts, schedule) and live rooms."""

from flask import jsonify, request, url_for

from webapp.api import bp
from webapp.fairs import services as fairs
from webapp.fairs import signups
from webapp.ids import record_id
from webapp.models import Fair
from webapp.security import public


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def fair_summary_json(fair: Fair) -> dict:
    return {
        "id": fair.id,
        "title": fair.title,
        "brand": {"id": fair.brand.id, "name": fair.brand.name, "year": fair.brand.year}
        if fair.brand
        else None,
        "mode": fair.mode.value,
        "mode_label": fair.mode.label,
        "starts_at": _when(fair.starts_at),
        "ends_at": _when(fair.ends_at),
        "venue": fair.venue,
        "address": fair.address,
        "adcode": fair.adcode,
        "target_groups": fair.target_groups or [],
        "url": url_for("public.fair_detail", fair_id=fair.id, _external=True),
    }


@bp.get("/fairs")
@public
def list_fairs():
    items = fairs.public_fairs(
        brand_id=request.args.get("brand_id", type=record_id),
        mode=request.args.get("mode"),
        include_past=request.args.get("past") in {"1", "true"},
    )
    return jsonify(items=[fair_summary_json(f) for f in items])


@bp.get("/fairs/<int:fair_id>")
@public
def get_fair(fair_id: int):
    fair = fairs.get_public_fair(fair_id)
    participations = signups.approved_participations(fair.id)
    return jsonify(
        {
            **fair_summary_json(fair),
            "description": fair.description,
            "registration": {
                "from": _when(fair.seeker_signup_from),
                "until": _when(fair.seeker_signup_until),
                "open": fairs.window_open(fair.seeker_signup_from, fair.seeker_signup_until),
                "capacity": fair.capacity,
            },
            "enterprises": [
                {
                    "id": p.enterprise.id,
                    "name": p.enterprise.name,
                    "tier": p.enterprise.tier.label,
                    "booth": p.booth,
                    "posts": [
                        {"id": link.post.id, "title": link.post.title, "pay_text": link.post.pay_text}
                        for link in p.posts
                        if link.post.is_open
                    ],
                }
                for p in participations
            ],
            "live_sessions": [
                {
                    "id": s.id,
                    "title": s.title,
                    "starts_at": _when(s.starts_at),
                    "status": s.status.value,
                    "schedule": [
                        {
                            "segment_id": seg.id,
                            "enterprise_id": seg.enterprise_id,
                            "enterprise": seg.enterprise.name,
                            "minutes": seg.planned_minutes,
                        }
                        for seg in s.segments
                    ],
                    "url": url_for("public.live_room", session_id=s.id, _external=True),
                }
                for s in fair.sessions
            ],
        }
    )
