"""The organizers' complaint queue, the case page (target, history, actions), sanctions with appeals, and the
abnormal-entity list."""

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.models import SanctionLevel
from webapp.organizer import bp
from webapp.security import organizer_only
from webapp.trust import blocklist, complaints, sanctions


def _sanction_args(form) -> dict:
    level = form.get("level", "")
    args: dict = {}
    if level == SanctionLevel.TAKEDOWN:
        args["post_ids"] = [int(x) for x in form.getlist("post_ids") if x.isdigit()]
    elif level == SanctionLevel.THROTTLE:
        args["post_limit"] = form.get("post_limit", type=int)
        args["days"] = form.get("days", type=int)
    elif level == SanctionLevel.CLOSURE:
        args["id_number"] = form.get("id_number", "")
    return args


@bp.get("/complaints")
@organizer_only
def complaint_queue():
    status = "handled" if request.args.get("status") == "handled" else "open"
    return render_template(
        "organizer/complaints.html",
        rows=complaints.queue(status),
        status=status,
        counts=complaints.counts(),
        reasons=complaints.REASONS,
        targets=complaints.TARGETS,
    )


@bp.get("/complaints/<int:complaint_id>")
@organizer_only
def complaint_case(complaint_id: int):
    return render_template(
        "organizer/complaint_case.html",
        case=complaints.case(complaint_id),
        reasons=complaints.REASONS,
        targets=complaints.TARGETS,
        levels=list(SanctionLevel),
    )


@bp.get("/complaints/<int:complaint_id>/evidence")
@organizer_only
def complaint_evidence(complaint_id: int):
    complaint, data = complaints.open_evidence(current_user, complaint_id, ip=request.remote_addr or "")
    return Response(
        data,
        mimetype=complaint.evidence_type,
        headers={"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"},
    )


@bp.post("/complaints/<int:complaint_id>/dismiss")
@organizer_only
def dismiss_complaint(complaint_id: int):
    with reported("已结案：举报不成立，举报人会收到通知", strict=True):
        complaints.dismiss(current_user, complaint_id, request.form.get("resolution", ""))
    return redirect(url_for("organizer.complaint_case", complaint_id=complaint_id))


@bp.post("/complaints/<int:complaint_id>/uphold")
@organizer_only
def uphold_complaint(complaint_id: int):
    form = request.form
    with reported("已结案：举报属实，处理结果已通知举报人和企业", strict=True):
        complaints.uphold(
            current_user,
            complaint_id,
            form.get("resolution", ""),
            level=form.get("level", ""),
            sanction_reason=form.get("sanction_reason", ""),
            **_sanction_args(form),
        )
    return redirect(url_for("organizer.complaint_case", complaint_id=complaint_id))


@bp.get("/enterprises/<int:enterprise_id>/record")
@organizer_only
def enterprise_record(enterprise_id: int):
    return render_template(
        "organizer/enterprise_record.html",
        firm=sanctions.enterprise_of(enterprise_id),
        record=complaints.firm_record(enterprise_id),
        levels=list(SanctionLevel),
        reasons=complaints.REASONS,
        targets=complaints.TARGETS,
    )


@bp.post("/enterprises/<int:enterprise_id>/sanction")
@organizer_only
def sanction_enterprise(enterprise_id: int):
    form = request.form
    with reported("处理已生效，企业成员已收到通知", strict=True):
        sanctions.impose(
            current_user,
            enterprise_id,
            form.get("level", ""),
            form.get("sanction_reason", ""),
            evidence=form.get("evidence", ""),
            **_sanction_args(form),
        )
    return redirect(url_for("organizer.enterprise_record", enterprise_id=enterprise_id))


@bp.get("/sanctions")
@organizer_only
def sanction_list():
    return render_template("organizer/sanctions.html", rows=sanctions.recent())


@bp.post("/sanctions/<int:sanction_id>/lift")
@organizer_only
def lift_sanction(sanction_id: int):
    with reported("处理已撤销，企业成员已收到通知", strict=True):
        sanctions.lift(current_user, sanction_id, request.form.get("reason", ""))
    return redirect(url_for("organizer.sanction_list"))


@bp.get("/abnormal-entities")
@organizer_only
def abnormal_list():
    show_removed = request.args.get("removed") == "1"
    return render_template(
        "organizer/abnormal_entities.html",
        rows=blocklist.entries(include_removed=show_removed),
        kinds=blocklist.KINDS,
        show_removed=show_removed,
    )


@bp.post("/abnormal-entities")
@organizer_only
def add_abnormal_entity():
    form = request.form
    with reported("已列入异常名录"):
        blocklist.add(
            current_user, form.get("kind", ""), form.get("value", ""), form.get("reason", ""), commit=True
        )
    return redirect(url_for("organizer.abnormal_list"))


@bp.post("/abnormal-entities/<int:entry_id>/remove")
@organizer_only
def remove_abnormal_entity(entry_id: int):
    with reported("已移出异常名录", strict=True):
        blocklist.remove(current_user, entry_id, request.form.get("reason", ""))
    return redirect(url_for("organizer.abnormal_list"))
