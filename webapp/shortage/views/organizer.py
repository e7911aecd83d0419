"""Review the occupations' figures, publish or withdraw a catalogue, export the figures."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.exports import xlsx_bytes
from webapp.flashes import reported
from webapp.models.mixins import utcnow
from webapp.organizer import bp
from webapp.reference import prefix, region_choices
from webapp.security import organizer_only
from webapp.services import ServiceError
from webapp.shortage import services
from webapp.shortage.quarters import Quarter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _thresholds(values, region: str) -> services.Thresholds:
    """The thresholds the form or the query string sets, each missing one from the region's defaults."""
    base = services.Thresholds.defaults(region)
    try:
        return services.Thresholds(
            float(values.get("min_ratio") or base.min_ratio),
            int(values.get("min_openings") or base.min_openings),
            int(values.get("min_firms") or base.min_firms),
        ).checked()
    except ValueError:
        raise ServiceError("门槛请填写数字：求人倍率如 1.5，需求人数和企业数为整数") from None


def _asked_thresholds(region: str, warn: bool) -> services.Thresholds:
    """The query string's thresholds; unreadable ones give the region's defaults (said if ``warn``)."""
    try:
        return _thresholds(request.args, region)
    except ServiceError as exc:
        if warn:
            flash(str(exc), "error")
        return services.Thresholds.defaults(region)


def _asked(values) -> tuple[str, Quarter]:
    region = values.get("region", "320000")
    prefix(region)  # 404 for a region that is not one
    key = values.get("quarter")
    return region, (Quarter.parse(key) if key else Quarter.last_complete())


@bp.get("/shortage")
@organizer_only
def shortage_review():
    region, quarter = _asked(request.args)
    thresholds = _asked_thresholds(region, warn=True)
    board = services.review(region, quarter, thresholds)
    return render_template(
        "organizer/shortage.html",
        board=board,
        regions=region_choices(),
        quarters=services.quarter_choices(),
        history=services.catalogues(region),
        quarter_label=lambda key: Quarter.parse(key).label,
        now_utc=utcnow(),
    )


@bp.post("/shortage")
@organizer_only
def shortage_publish():
    form = request.form
    region, quarter = _asked(form)
    with reported() as outcome:
        thresholds = _thresholds(form, region)
        catalogue = services.publish(
            current_user, region, quarter, thresholds, form.getlist("code"), form.get("note", "")
        )
        listed = len(catalogue.entries)
        outcome.success = f"已发布{quarter.label}急需紧缺职业目录（{listed} 个职业），相关岗位将带“急需”标识"
    if not outcome.ok:
        return redirect(url_for("organizer.shortage_review", region=region, quarter=quarter.key))
    return redirect(url_for("public.shortage_catalogue", catalogue_id=catalogue.id))


@bp.post("/shortage/<int:catalogue_id>/withdraw")
@organizer_only
def shortage_withdraw(catalogue_id: int):
    found = services.catalogue(catalogue_id)
    if found is None:
        abort(404)
    with reported("目录已撤回，相关岗位的“急需”标识随之取消"):
        services.withdraw(current_user, catalogue_id, request.form.get("reason", ""))
    return redirect(url_for("organizer.shortage_review", region=found.region, quarter=found.quarter))


@bp.get("/shortage/figures.xlsx")
@organizer_only
def shortage_figures_export():
    region, quarter = _asked(request.args)
    thresholds = _asked_thresholds(region, warn=False)
    board = services.review(region, quarter, thresholds)
    data = xlsx_bytes(services.review_sheet(board), "各职业供求")
    filename = f"shortage-figures-{region}-{quarter.key}-{beijing.today().isoformat()}.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"})
