"""A firm's 就业见习: apply to be a base, sign agreements for hired trainees, record how they end and
confirm kept-on trainees at three and six months."""

from datetime import timedelta

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.formkit import posted_date, posted_int
from webapp.months import add_months
from webapp.security import enterprise_only
from webapp.traineeship import services


@bp.get("/traineeship")
@enterprise_only
def traineeship_page():
    base = services.base_of(current_user.enterprise_id)
    agreements = services.agreements_of(current_user.enterprise_id) if base else []
    today = beijing.today()
    return render_template(
        "enterprise/traineeship.html",
        base=base,
        active=services.active_count(base.id) if base else 0,
        agreements=agreements,
        signable=services.signable(current_user),
        due=services.due_checks(agreements, today),
        today=today,
        default_end=add_months(today, 6) - timedelta(days=1),  # six months, both days counted
        min_months=services.MIN_MONTHS,
        max_months=services.MAX_MONTHS,
    )


@bp.post("/traineeship/base")
@enterprise_only
def traineeship_apply():
    with reported("已提交就业见习基地认定申请，等待人社局审核"):
        services.apply_base(
            current_user, posted_int("capacity"), request.form.get("fields", ""), posted_int("mentors"),
            request.form.get("introduction", ""),
        )  # fmt: skip
    return redirect(url_for("enterprise.traineeship_page"))


@bp.post("/traineeship/agreements")
@enterprise_only
def traineeship_sign():
    with reported("见习协议已签订，见习补贴将按规则测算并进入政策找人"):
        services.sign_agreement(
            current_user, posted_int("application_id"), posted_date("start_date"), posted_date("end_date"),
            request.form.get("mentor", ""),
        )  # fmt: skip
    return redirect(url_for("enterprise.traineeship_page"))


@bp.post("/traineeship/agreements/<int:agreement_id>/end")
@enterprise_only
def traineeship_end(agreement_id: int):
    with reported("已记录见习结果"):
        on = posted_date("on") if request.form.get("on") else beijing.today()
        services.end_agreement(current_user, agreement_id, request.form.get("outcome", ""), on)
    return redirect(url_for("enterprise.traineeship_page"))


@bp.post("/traineeship/agreements/<int:agreement_id>/confirm")
@enterprise_only
def traineeship_confirm(agreement_id: int):
    with reported("已确认在岗情况"):
        services.confirm_employment(
            current_user, agreement_id, posted_int("months"), request.form.get("employed") == "yes"
        )
    return redirect(url_for("enterprise.traineeship_page"))
