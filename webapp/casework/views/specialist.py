"""服务专员 workbench: my firms, one firm's file (contacts and needs), and the organizers' overdue view."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.casework import services
from webapp.flashes import reported
from webapp.models import ContactKind, NeedKind, Role
from webapp.organizer import bp
from webapp.security import organizer_only, staff_only
from webapp.services import enterprise_admin


@bp.get("/caseload")
@staff_only
def caseload():
    specialist_id = request.args.get("specialist", type=int)
    return render_template(
        "organizer/caseload.html",
        rows=services.caseload(current_user, specialist_id),
        specialists=enterprise_admin.specialists() if not current_user.has_role(Role.SPECIALIST) else [],
        chosen=specialist_id,
    )


@bp.get("/caseload/<int:enterprise_id>")
@staff_only
def enterprise_file(enterprise_id: int):
    enterprise = services.enterprise_for(current_user, enterprise_id)
    return render_template(
        "organizer/enterprise_file.html",
        enterprise=enterprise,
        records=services.records(enterprise),
        needs=services.needs(enterprise),
        contact_kinds=list(ContactKind),
        need_kinds=list(NeedKind),
        actions=services.ACTIONS,
    )


@bp.post("/caseload/<int:enterprise_id>/records")
@staff_only
def add_service_record(enterprise_id: int):
    form = request.form
    with reported("已记入一企一档", strict=True):
        services.add_record(
            current_user,
            enterprise_id,
            kind=form.get("kind", ""),
            happened_on=_date(form.get("happened_on", "")),
            contact_person=form.get("contact_person", ""),
            asked=form.get("asked", ""),
            promised=form.get("promised", ""),
        )
    return redirect(url_for("organizer.enterprise_file", enterprise_id=enterprise_id))


@bp.post("/caseload/<int:enterprise_id>/needs")
@staff_only
def note_need(enterprise_id: int):
    with reported("已记录企业需求", strict=True):
        services.raise_need(
            current_user, request.form.get("kind", ""), request.form.get("detail", ""), enterprise_id
        )
    return redirect(url_for("organizer.enterprise_file", enterprise_id=enterprise_id))


@bp.post("/caseload/needs/<int:need_id>/answer")
@staff_only
def answer_need(need_id: int):
    form = request.form
    with reported("已答复企业", strict=True) as outcome:
        need = services.answer_need(
            current_user, need_id, form.get("response", ""), form.get("action", ""), form.get("close") == "1"
        )
    if outcome.ok:
        return redirect(url_for("organizer.enterprise_file", enterprise_id=need.enterprise_id))
    return redirect(request.referrer or url_for("organizer.caseload"))


@bp.get("/caseload/overdue")
@organizer_only
def overdue_needs():
    return render_template("organizer/needs_overdue.html", rows=services.overdue_by_specialist())


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
