"""The live room viewers see: player, pinned post, 边看边投, questions; state comes by Server-Sent Events."""

import json
import secrets
import time

from flask import current_app, jsonify, make_response, render_template, request
from flask_login import current_user

from webapp.extensions import db, limiter
from webapp.ids import record_id
from webapp.live import applying, console, reports, rooms, ticker
from webapp.models import Role
from webapp.public import bp
from webapp.security import apply_limit, login_required, public, roles_required, user_or_ip
from webapp.services import ServiceError

VIEWER_COOKIE = "zv"
HEARTBEAT_SECONDS = 15.0
FORMATTED = "__sse"  # where _formatted keeps an event's text


def viewer_key() -> str:
    """A signed-in user, or this browser's anonymous viewer cookie (set on the live page)."""
    if current_user.is_authenticated:
        return f"u{current_user.id}"
    cookie = request.cookies.get(VIEWER_COOKIE, "")
    return f"a{cookie}" if cookie.isalnum() and 8 <= len(cookie) <= 32 else f"a{secrets.token_hex(8)}"


@bp.get("/live/<int:session_id>")
@public
def live_room(session_id: int):
    session = rooms.get_viewable(session_id)
    response = make_response(
        render_template(
            "public/live_room.html",
            session=session,
            state=rooms.snapshot(session),
            questions=console.questions(session.id, public_only=True),
        )
    )
    if not current_user.is_authenticated and not request.cookies.get(VIEWER_COOKIE, "").isalnum():
        response.set_cookie(
            VIEWER_COOKIE,
            secrets.token_hex(8),
            max_age=86400,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _sse(kind: str, data: dict) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


def _formatted(event: dict) -> str:
    """An event as SSE text, serialised once per process however many viewers it goes to (the broker hands
    every subscriber the same dict)."""
    text = event.get(FORMATTED)
    if text is None:
        text = _sse(event["type"], event)
        event[FORMATTED] = text
    return text


@bp.get("/live/<int:session_id>/events")
@public
def live_events(session_id: int):
    """The event stream: the current state first, then every change and counters every few seconds."""
    app = current_app._get_current_object()
    hub = rooms.broker()
    channel = rooms.channel(session_id)
    subscription = hub.subscribe(channel)  # before the snapshot, so no change can fall in between
    try:
        session = rooms.get_viewable(session_id)
        key = viewer_key()
        applying.record_viewer(session.id, key, current_user.id if current_user.is_authenticated else None)
        hub.touch(channel, key)
        first = [_sse("state", {"type": "state", "state": rooms.snapshot(session), "ts": time.time()})]
        first.append(
            _sse(
                "counters",
                {
                    "type": "counters",
                    "counters": reports.counters(session.id, record_peak=False),
                    "ts": time.time(),
                },
            )
        )
    except Exception:
        subscription.close()
        raise
    finally:
        db.session.remove()  # hand the connection back: the stream may stay open for hours
    ticker.ensure_ticker(app)

    def stream():
        yield "retry: 3000\n\n"
        yield from first
        touched = time.monotonic()
        while True:
            event = subscription.get(timeout=HEARTBEAT_SECONDS)
            yield _formatted(event) if event else ": ping\n\n"
            if time.monotonic() - touched > HEARTBEAT_SECONDS:
                hub.touch(channel, key)
                touched = time.monotonic()

    response = current_app.response_class(stream(), mimetype="text/event-stream")
    response.call_on_close(subscription.close)  # also when the client leaves before the first event
    response.call_on_close(lambda: hub.leave(channel, key))
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


@bp.get("/live/<int:session_id>/posts/<int:post_id>")
@public
def live_post(session_id: int, post_id: int):
    """The pinned post's details (a viewer tapped the card): counted as a post view in the funnel."""
    from webapp.services import jobs

    post = jobs.get_public_post(post_id)
    applying.record_post_view(session_id, post.id, viewer_key())
    return render_template("public/_live_post.html", post=post, session_id=session_id)


@bp.post("/live/<int:session_id>/apply")
@limiter.limit(apply_limit, key_func=user_or_ip)
@roles_required(Role.SEEKER)
def live_apply(session_id: int):
    """边看边投: one tap; answers JSON for the page's script."""
    try:
        post_id = record_id(request.form.get("post_id", "0"))
        applied = applying.apply_live(
            current_user, session_id, post_id, consent=request.form.get("consent") == "y"
        )
    except ValueError:
        return jsonify(ok=False, message="参数错误"), 400
    except ServiceError as exc:
        return jsonify(
            ok=False, code=exc.code, message=exc.message
        ), 409 if exc.code == "consent_required" else 422
    return jsonify(
        ok=True,
        created=applied.created,
        application_id=applied.application_id,
        message="投递成功" if applied.created else "已投递过该岗位",
    ), (201 if applied.created else 200)


@bp.post("/live/<int:session_id>/questions")
@limiter.limit("5 per minute", key_func=user_or_ip)
@login_required
def live_ask(session_id: int):
    try:
        console.ask(current_user, session_id, request.form.get("text", ""))
    except ServiceError as exc:
        return jsonify(ok=False, message=exc.message), 422
    return jsonify(ok=True, message="提问已提交，审核后展示"), 201
