"""Organizers: activity brands, fairs, sign-up decisions, booths, check-in and the report."""

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.beijing import to_local, to_utc
from webapp.exports import xlsx_workbook
from webapp.fairs import attendance, brands, signups
from webapp.fairs import report as fair_report
from webapp.fairs import services as fairs
from webapp.fairs.forms import BrandForm, FairForm
from webapp.flashes import reported
from webapp.ids import year_number
from webapp.models import FairStatus
from webapp.organizer import bp
from webapp.security import organizer_only, staff_only

FAIR_TIME_FIELDS = (
    "starts_at",
    "ends_at",
    "enterprise_signup_from",
    "enterprise_signup_until",
    "seeker_signup_from",
    "seeker_signup_until",
)


# --- brands ---------------------------------------------------------------------------------------------


@bp.get("/brands")
@staff_only
def brand_list():
    year = request.args.get("year", type=year_number)
    return render_template(
        "organizer/brands.html", brands=brands.brands(year), years=brands.years(), year=year
    )


@bp.route("/brands/new", methods=["GET", "POST"])
@bp.route("/brands/<int:brand_id>/edit", methods=["GET", "POST"])
@organizer_only
def brand_edit(brand_id: int | None = None):
    brand = brands.get(brand_id) if brand_id else None
    form = BrandForm(obj=brand)
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in brands.EDITABLE if hasattr(form, name)}
        fields["target_groups"] = form.target_groups.data or []
        if brand is None:
            fields["year"] = form.year.data
        with reported() as outcome:
            saved = brands.save_brand(current_user, brand_id, **fields)
            outcome.success = f"已保存：{saved.year} {saved.name}"
        if outcome.ok:
            return redirect(url_for("organizer.brand_list", year=saved.year))
    return render_template("organizer/brand_form.html", form=form, brand=brand)


# --- fairs ----------------------------------------------------------------------------------------------


@bp.get("/fairs")
@staff_only
def fair_list():
    return render_template("organizer/fairs.html", fairs=fairs.all_fairs())


def _brand_choices() -> list[tuple[str, str]]:
    return [("", "（不属于品牌活动）")] + [
        (str(b.id), f"{b.year} · {b.name}") for b in brands.brands(active_only=True)
    ]


@bp.route("/fairs/new", methods=["GET", "POST"])
@bp.route("/fairs/<int:fair_id>/edit", methods=["GET", "POST"])
@organizer_only
def fair_edit(fair_id: int | None = None):
    fair = fairs.get_fair(fair_id) if fair_id else None
    form = FairForm(obj=fair)
    form.brand_id.choices = _brand_choices()
    if request.method == "GET":
        if fair is not None:
            form.brand_id.data = str(fair.brand_id or "")
            form.mode.data = fair.mode.value
            for name in FAIR_TIME_FIELDS:
                getattr(form, name).data = to_local(getattr(fair, name))
        elif request.args.get("brand_id"):
            form.brand_id.data = request.args["brand_id"]
    if form.validate_on_submit():
        fields = {
            "title": form.title.data,
            "brand_id": int(form.brand_id.data) if (form.brand_id.data or "").isdigit() else None,
            "mode": form.mode.data,
            "description": form.description.data or "",
            "target_groups": form.target_groups.data or [],
            "industries": form.industries.data or [],
            "adcode": form.adcode.data or "",
            "venue": form.venue.data or "",
            "address": form.address.data or "",
            "booth_count": form.booth_count.data or 0,
            "capacity": form.capacity.data,
        }
        fields.update({name: to_utc(getattr(form, name).data) for name in FAIR_TIME_FIELDS})
        with reported() as outcome:
            saved = fairs.save_fair(current_user, fair_id, **fields)
        if outcome.ok:
            flash(
                "招聘会已保存" + ("" if saved.status == FairStatus.PUBLISHED else "（尚未发布）"), "success"
            )
            return redirect(url_for("organizer.fair_manage", fair_id=saved.id))
    return render_template("organizer/fair_form.html", form=form, fair=fair)


@bp.get("/fairs/<int:fair_id>")
@staff_only
def fair_manage(fair_id: int):
    fair = fairs.get_fair(fair_id)
    registered, checked = attendance.registrations_at(fair.id)
    return render_template(
        "organizer/fair_manage.html",
        fair=fair,
        registered=registered,
        checked=checked,
        free_booths=signups.free_booths(fair),
    )


@bp.get("/fairs/<int:fair_id>/matches")
@staff_only
def fair_matches(fair_id: int):
    from webapp.services import recommendations

    fair = fairs.get_fair(fair_id)
    return render_template(
        "organizer/fair_matches.html",
        fair=fair,
        rows=recommendations.fair_match_counts(fair.id),
        threshold=recommendations.GOOD_MATCH,
        registered=attendance.registrations_at(fair.id)[0],
    )


@bp.post("/fairs/<int:fair_id>/status")
@organizer_only
def fair_status(fair_id: int):
    status = request.form.get("status", "")
    if status not in {s.value for s in FairStatus}:
        flash("未知状态", "error")
    else:
        fair = fairs.set_fair_status(current_user, fair_id, FairStatus(status))
        flash(f"招聘会{fair.status.label}", "success")
    return redirect(url_for("organizer.fair_manage", fair_id=fair_id))


@bp.post("/fairs/participations/<int:participation_id>/decide")
@staff_only
def fair_decide(participation_id: int):
    with reported() as outcome:
        p = signups.decide(
            current_user,
            participation_id,
            approve=request.form.get("decision") == "approve",
            reason=request.form.get("reason", ""),
        )
    if not outcome.ok:
        return redirect(request.referrer or url_for("organizer.fair_list"))
    flash(f"{p.enterprise.name}：{p.status.label}" + (f"，展位 {p.booth}" if p.booth else ""), "success")
    return redirect(url_for("organizer.fair_manage", fair_id=p.fair_id))


@bp.post("/fairs/participations/<int:participation_id>/booth")
@staff_only
def fair_booth(participation_id: int):
    with reported() as outcome:
        p = signups.assign_booth(current_user, participation_id, request.form.get("booth", ""))
    if not outcome.ok:
        return redirect(request.referrer or url_for("organizer.fair_list"))
    flash(f"{p.enterprise.name}：展位 {p.booth or '（未分配）'}", "success")
    return redirect(url_for("organizer.fair_manage", fair_id=p.fair_id))


# --- check-in -------------------------------------------------------------------------------------------


@bp.route("/fairs/<int:fair_id>/checkin", methods=["GET", "POST"])
@staff_only
def fair_checkin(fair_id: int):
    fair = fairs.get_fair(fair_id)
    result = None
    if request.method == "POST":
        result = attendance.check_in(
            current_user, fair.id, request.form.get("code", ""), ip=request.remote_addr or ""
        )
        if request.accept_mimetypes.best == "application/json" or request.is_json:
            return jsonify(
                ok=result.ok,
                repeat=result.repeat,
                message=result.message,
                name=result.registration.seeker.name if result.registration else None,
            ), (200 if result.ok else 422)
    registered, checked = attendance.registrations_at(fair.id)
    return render_template(
        "organizer/fair_checkin.html", fair=fair, result=result, registered=registered, checked=checked
    )


# --- report ---------------------------------------------------------------------------------------------


@bp.get("/fairs/<int:fair_id>/report")
@staff_only
def fair_report_page(fair_id: int):
    fair = fairs.get_fair(fair_id)
    if request.args.get("format") == "xlsx":
        data = xlsx_workbook(fair_report.sheets(current_user, fair, ip=request.remote_addr or ""))
        return Response(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename=fair-{fair.id}-report.xlsx"},
        )
    return render_template("organizer/fair_report.html", fair=fair, report=fair_report.build(fair))
