"""Organizers: live rooms inside a fair — schedule, the console, moderation and the funnel report."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.beijing import to_local, to_utc
from webapp.fairs import services as fairs
from webapp.fairs import signups
from webapp.flashes import reported
from webapp.live import console, reports, rooms
from webapp.live.forms import LiveSessionForm
from webapp.organizer import bp
from webapp.security import staff_only
from webapp.services import ServiceError


@bp.route("/fairs/<int:fair_id>/live/new", methods=["GET", "POST"])
@bp.route("/live/<int:session_id>/edit", methods=["GET", "POST"])
@staff_only
def live_edit(fair_id: int | None = None, session_id: int | None = None):
    session = rooms.get_session(session_id) if session_id else None
    fair = session.fair if session else fairs.get_fair(fair_id)
    form = LiveSessionForm(obj=session)
    if request.method == "GET" and session is not None:
        form.starts_at.data = to_local(session.starts_at)
    if form.validate_on_submit():
        with reported("直播间已保存") as outcome:
            saved = console.save_session(
                current_user,
                session_id,
                fair.id,
                title=form.title.data,
                host=form.host.data or "",
                starts_at=to_utc(form.starts_at.data),
                hls_url=form.hls_url.data or "",
                embed_url=form.embed_url.data or "",
            )
        if outcome.ok:
            return redirect(url_for("organizer.live_console", session_id=saved.id))
    return render_template("organizer/live_form.html", form=form, fair=fair, session=session)


@bp.get("/live/<int:session_id>")
@staff_only
def live_console(session_id: int):
    session = rooms.get_session(session_id)
    scheduled = {s.enterprise_id for s in session.segments}
    candidates = [
        p for p in signups.approved_participations(session.fair_id) if p.enterprise_id not in scheduled
    ]
    return render_template(
        "organizer/live_console.html",
        session=session,
        candidates=candidates,
        pinnable=console.pinnable_posts(session),
        questions=console.questions(session.id, public_only=False),
        counters=reports.counters(session.id, record_peak=False),
    )


ACTIONS = {
    "start": lambda s, f: console.start(current_user, s),
    "end": lambda s, f: console.end(current_user, s, f.get("replay_url", "")),
    "replay": lambda s, f: console.set_replay(current_user, s, f.get("replay_url", "")),
    "switch": lambda s, f: console.switch(current_user, s, int(f.get("segment_id", 0))),
    "pin": lambda s, f: console.pin(current_user, s, int(f.get("post_id", 0))),
    "unpin": lambda s, f: console.pin(current_user, s, None),
    "announce": lambda s, f: console.announce(current_user, s, f.get("text", "")),
    "add_segment": lambda s, f: console.add_segment(
        current_user, s, int(f.get("enterprise_id", 0)), int(f.get("minutes") or 10), f.get("presenter", "")
    ),
    "remove_segment": lambda s, f: console.remove_segment(current_user, s, int(f.get("segment_id", 0))),
    "up": lambda s, f: console.move_segment(current_user, s, int(f.get("segment_id", 0)), -1),
    "down": lambda s, f: console.move_segment(current_user, s, int(f.get("segment_id", 0)), 1),
    "moderate": lambda s, f: console.moderate(
        current_user, s, int(f.get("message_id", 0)), f.get("do", ""), f.get("answer", "")
    ),
}
DONE = {
    "start": "直播已开始",
    "end": "直播已结束",
    "replay": "回放地址已保存",
    "switch": "已切换讲岗企业",
    "pin": "已置顶岗位",
    "unpin": "已取消置顶",
    "announce": "公告已更新",
    "add_segment": "已加入讲岗顺序",
    "remove_segment": "已移除",
    "up": "顺序已调整",
    "down": "顺序已调整",
    "moderate": "已处理提问",
}


@bp.post("/live/<int:session_id>/<action>")
@staff_only
def live_action(session_id: int, action: str):
    """Every console button posts here; answers JSON to scripts and redirects browsers back."""
    handler = ACTIONS.get(action)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        if handler is None:
            raise ServiceError("未知操作")
        handler(session_id, request.form)
    except (ServiceError, ValueError) as exc:
        message = exc.message if isinstance(exc, ServiceError) else "参数错误"
        if wants_json:
            return jsonify(ok=False, message=message), 422
        flash(message, "error")
    else:
        if wants_json:
            return jsonify(ok=True, message=DONE[action], state=rooms.snapshot(rooms.get_session(session_id)))
        flash(DONE[action], "success")
    return redirect(url_for("organizer.live_console", session_id=session_id))


@bp.get("/live/<int:session_id>/report")
@staff_only
def live_report(session_id: int):
    session = rooms.get_session(session_id)
    return render_template(
        "organizer/live_report.html",
        session=session,
        funnel=reports.funnel(session.id),
        segments=reports.segment_report(session),
        posts=reports.post_report(session.id),
    )
