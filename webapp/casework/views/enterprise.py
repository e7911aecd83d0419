"""企业吹哨: a firm raises a need to its 服务专员 and follows the answer."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.casework import services
from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.models import NeedKind, Role
from webapp.security import roles_required


@bp.get("/needs")
@roles_required(Role.ENTERPRISE)
def needs():
    return render_template(
        "enterprise/needs.html",
        needs=services.my_needs(current_user),
        kinds=list(NeedKind),
        days=services.RESPONSE_DAYS,
        actions=services.ACTIONS,
    )


@bp.post("/needs")
@roles_required(Role.ENTERPRISE)
def raise_need():
    with reported(f"需求已提交，服务专员将在 {services.RESPONSE_DAYS} 天内响应"):
        services.raise_need(current_user, request.form.get("kind", ""), request.form.get("detail", ""))
    return redirect(url_for("enterprise.needs"))
