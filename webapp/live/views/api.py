"""API for mobile clients and partner platforms: a live room's state and 边看边投."""

from flask import jsonify, request
from flask_login import current_user

from webapp.api import bp
from webapp.api.schemas import application_json, submitted_json
from webapp.extensions import limiter
from webapp.ids import json_record_id
from webapp.live import applying, reports, rooms
from webapp.live.views.public import viewer_key
from webapp.models import ApplicationSource, Role
from webapp.security import apply_limit, public, roles_required, user_or_ip
from webapp.services import ServiceError


@bp.get("/live/<int:session_id>")
@public
def get_live(session_id: int):
    """The live state and counters; also the polling fallback of the viewer page (it keeps presence)."""
    session = rooms.get_viewable(session_id)
    if request.args.get("watching") == "1":
        rooms.broker().touch(rooms.channel(session.id), viewer_key())
    return jsonify({**rooms.snapshot(session), "counters": reports.counters(session.id, record_peak=False)})


LIVE = ApplicationSource.LIVE


@bp.post("/live/<int:session_id>/applications")
@limiter.limit(apply_limit, key_func=user_or_ip)
@roles_required(Role.SEEKER)
def live_application(session_id: int):
    """边看边投 from an app: the live session and segment are recorded as the application's source."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="invalid", message="请求体必须是 JSON 对象"), 400
    post_id = json_record_id(payload.get("post_id"))
    if post_id is None:
        return jsonify(error="invalid", message="post_id 必须是正整数"), 400
    if not isinstance(payload.get("consent", False), bool):
        return jsonify(error="invalid", message="consent 必须是 true 或 false"), 400
    try:
        applied = applying.apply_live(current_user, session_id, post_id, payload.get("consent") is True)
    except ServiceError as exc:
        status = 404 if exc.code == "not_found" else 409 if exc.code in {"closed", "not_live"} else 400
        status = 503 if exc.code == "busy" else status
        return jsonify(error=exc.code, message=exc.message), status
    if applied.application is not None:
        body = application_json(applied.application)
    else:
        post = applied.post
        body = submitted_json(applied.application_id, post.id, post.title, post.enterprise, LIVE, applied.at)
    return jsonify(body), 201 if applied.created else 200
