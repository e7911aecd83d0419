"""The targets dashboard, the records behind each figure, the targets' editor and the exports."""

from datetime import date

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.exports import xlsx_bytes, xlsx_workbook
from webapp.extensions import db
from webapp.flashes import reported
from webapp.models import TargetMetric
from webapp.organizer import bp
from webapp.reference import prefix, region_choices, region_name
from webapp.security import organizer_only
from webapp.services import ServiceError, audit
from webapp.targets import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region_year() -> tuple[str, int, list[int]]:
    """The region and year asked for (the latest year with targets by default), and the years with targets."""
    region = request.args.get("region", "320000")
    prefix(region)  # 404 for a region that is not one
    years = services.years_with_targets(region)
    year = request.args.get("year", type=int) or (max(years) if years else beijing.today().year)
    return region, year, years


@bp.get("/targets")
@organizer_only
def targets_dashboard():
    region, year, years = _region_year()
    board = services.dashboard(region, year)
    return render_template(
        "organizer/targets.html",
        board=board,
        today=beijing.today(),
        regions=region_choices(),
        years=sorted({*years, beijing.today().year, year}),
        targets=board.targets,
        metrics=list(TargetMetric),
    )


@bp.post("/targets")
@organizer_only
def targets_save():
    form = request.form
    region, year = form.get("region", ""), form.get("year", type=int) or 0
    with reported() as outcome:
        entries = {metric: _entry(metric) for metric in TargetMetric}
        changed = services.set_targets(current_user, region, year, entries)
        outcome.success = f"已保存 {changed} 项目标（已记入审计日志）" if changed else "目标没有变化"
    return redirect(url_for("organizer.targets_dashboard", region=region, year=year))


def _entry(metric: TargetMetric) -> tuple[float | None, date | None]:
    raw = request.form.get(f"value_{metric.value}", "").strip()
    since = request.form.get(f"from_{metric.value}", "").strip()
    try:
        return (float(raw) if raw else None), (date.fromisoformat(since) if since else None)
    except ValueError:
        raise ServiceError(f"{metric.label}：请填写数字和日期（如 15、2025-01-01）") from None


@bp.get("/targets/export.xlsx")
@organizer_only
def targets_export():
    region, year, _ = _region_year()
    board = services.dashboard(region, year)
    data = xlsx_workbook(services.dashboard_sheets(board, beijing.today()))
    filename = f"targets-{region}-{year}-{beijing.today().isoformat()}.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"})


def _records(per_page: int | None = services.PAGE):
    """The records behind the figure the query string names, a page of them or (``per_page`` None) all."""
    region, year, _ = _region_year()
    return services.records(
        request.view_args["kind"], region, year,
        month=request.args.get("month", type=int), only=request.args.get("only", ""),
        page=request.args.get("page", 1, type=int), per_page=per_page,
    ), region, year  # fmt: skip


@bp.get("/targets/records/<kind>")
@organizer_only
def target_records(kind: str):
    recs, region, year = _records()
    return render_template(
        "organizer/target_records.html",
        recs=recs,
        region=region,
        region_label=region_name(region),
        year=year,
        title=services.RECORD_KINDS[kind],
        page=request.args.get("page", 1, type=int),
        per_page=services.PAGE,
    )


@bp.get("/targets/records/<kind>.xlsx")
@organizer_only
def target_records_export(kind: str):
    recs, region, year = _records(per_page=None)
    if kind == "hires":  # names masked, still people: who took them is recorded
        detail = f"{region} {year} {len(recs.rows)} 条"
        audit.record(
            current_user, "export_target_records", "hire_records", None, detail, request.remote_addr or ""
        )
        db.session.commit()
    data = xlsx_bytes(services.record_sheet(recs), services.RECORD_KINDS[kind])
    filename = f"targets-{kind}-{region}-{year}.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"})
