"""The bureau's 就业见习: recognise or refuse bases, revoke one, and follow trainees and retention."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.organizer import bp
from webapp.security import organizer_only
from webapp.services import ServiceError
from webapp.traineeship import services


@bp.get("/traineeship")
@organizer_only
def traineeship_bases():
    figures = services.overview()
    chart = {
        "bases": [f.base.enterprise.name for f in figures if f.finished],
        "retention": [round(100 * f.retention_rate, 1) for f in figures if f.finished],
        "employed_6m": [
            round(100 * f.employed_6m[0] / f.employed_6m[1], 1) if f.employed_6m[1] else None
            for f in figures
            if f.finished
        ],
    }
    return render_template("organizer/traineeship.html", figures=figures, chart=chart)


@bp.post("/traineeship/bases/<int:base_id>/review")
@organizer_only
def traineeship_review(base_id: int):
    approve = request.form.get("decision") == "approve"
    with reported("已认定为就业见习基地" if approve else "已不予认定，企业可修改后重新申请"):
        raw = request.form.get("capacity", "").strip()
        try:
            capacity = int(raw) if raw else None
        except ValueError:
            raise ServiceError("见习容量请填写整数") from None
        services.review_base(current_user, base_id, approve, capacity, request.form.get("note", ""))
    return redirect(url_for("organizer.traineeship_bases"))


@bp.post("/traineeship/bases/<int:base_id>/revoke")
@organizer_only
def traineeship_revoke(base_id: int):
    with reported("已撤销认定：不能再发布见习岗位或签订新协议，在读见习继续到期"):
        services.revoke_base(current_user, base_id, request.form.get("note", ""))
    return redirect(url_for("organizer.traineeship_bases"))
