"""API for mobile clients and partner platforms: fairs (enterprises, posts, schedule) and live rooms."""

from flask import jsonify, request, url_for
from flask_login import current_user

from webapp.api import bp
from webapp.api.schemas import application_json
from webapp.extensions import limiter
from webapp.models import Fair, Role
from webapp.security import apply_limit, public, roles_required, user_or_ip
from webapp.services import ServiceError, fairs, live


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
        brand_id=request.args.get("brand_id", type=int),
        mode=request.args.get("mode"),
        include_past=request.args.get("past") in {"1", "true"},
    )
    return jsonify(items=[fair_summary_json(f) for f in items])


@bp.get("/fairs/<int:fair_id>")
@public
def get_fair(fair_id: int):
    fair = fairs.get_public_fair(fair_id)
    participations = fairs.approved_participations(fair.id)
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


@bp.get("/live/<int:session_id>")
@public
def get_live(session_id: int):
    """The live state and counters; also the polling fallback of the viewer page (it keeps presence)."""
    from webapp.public.live_views import viewer_key

    session = live.get_viewable(session_id)
    if request.args.get("watching") == "1":
        live.broker().touch(live.channel(session.id), viewer_key())
    return jsonify({**live.snapshot(session), "counters": live.counters(session.id, record_peak=False)})


@bp.post("/live/<int:session_id>/applications")
@limiter.limit(apply_limit, key_func=user_or_ip)
@roles_required(Role.SEEKER)
def live_application(session_id: int):
    """边看边投 from an app: the live session and segment are recorded as the application's source."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="invalid", message="请求体必须是 JSON 对象"), 400
    post_id = payload.get("post_id")
    if not isinstance(post_id, int) or isinstance(post_id, bool) or post_id < 1:
        return jsonify(error="invalid", message="post_id 必须是正整数"), 400
    try:
        application, created = live.apply_live(
            current_user, session_id, post_id, payload.get("consent") is True
        )
    except ServiceError as exc:
        status = 404 if exc.code == "not_found" else 409 if exc.code in {"closed", "not_live"} else 400
        return jsonify(error=exc.code, message=exc.message), status
    return jsonify(application_json(application)), 201 if created else 200
