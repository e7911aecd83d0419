"""A firm sees every sanction against it with the reason and evidence, and appeals."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.security import enterprise_only
from webapp.trust import sanctions


@bp.get("/sanctions")
@enterprise_only
def sanction_record():
    return render_template(
        "enterprise/sanctions.html",
        rows=sanctions.of_enterprise(current_user.enterprise_id),
        appeal=sanctions.APPEAL,
    )


@bp.post("/sanctions/<int:sanction_id>/appeal")
@enterprise_only
def appeal_sanction(sanction_id: int):
    with reported("申诉已提交，人社局会在5个工作日内答复", strict=True):
        sanctions.appeal(current_user, sanction_id, request.form.get("text", ""))
    return redirect(url_for("enterprise.sanction_record"))
