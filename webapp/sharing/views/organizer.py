"""The specialist's 用工余缺调剂: their firms' shortages with proposed surpluses, placements recorded."""

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.organizer import bp
from webapp.security import staff_only
from webapp.services import ServiceError
from webapp.sharing import services


@bp.get("/sharing")
@staff_only
def sharing_board():
    shortages = services.open_shortages(current_user)
    return render_template(
        "organizer/sharing.html",
        rows=[(s, services.proposals(s)) for s in shortages],
        placements=services.placements(current_user),
    )


@bp.post("/sharing/placements")
@staff_only
def sharing_place():
    form = request.form
    with reported("调剂已记录（双方企业已同意）"):
        try:
            ids = (
                int(form.get("shortage_id", "")),
                int(form.get("surplus_id", "")),
                int(form.get("workers", "")),
            )
            window = (
                date.fromisoformat(form.get("starts_on", "")),
                date.fromisoformat(form.get("ends_on", "")),
            )
        except ValueError:
            raise ServiceError("请填写人数和日期") from None
        services.place(current_user, *ids, *window, form.get("note", ""))
    return redirect(url_for("organizer.sharing_board"))


@bp.post("/sharing/placements/<int:placement_id>/status")
@staff_only
def sharing_status(placement_id: int):
    with reported("状态已更新"):
        services.set_status(current_user, placement_id, request.form.get("status", ""))
    return redirect(url_for("organizer.sharing_board"))
