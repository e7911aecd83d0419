"""组织方导入: upload, correct the mapping in the preview, import with progress, download the report."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from importers.kinds import KINDS
from webapp import beijing
from webapp.flashes import reported
from webapp.organizer import bp
from webapp.security import organizer_only
from webapp.services import import_jobs


@bp.get("/imports")
@organizer_only
def imports_page():
    return render_template("organizer/imports.html", jobs=import_jobs.recent(), kinds=KINDS)


@bp.post("/imports")
@organizer_only
def upload_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("请选择要导入的文件", "error")
        return redirect(url_for("organizer.imports_page"))
    with reported() as outcome:
        job = import_jobs.create(
            current_app._get_current_object(),
            current_user,
            request.form.get("kind", ""),
            upload.filename,
            upload.stream,
            request.form.get("create_enterprises") == "on",
        )
    if not outcome.ok:
        return redirect(url_for("organizer.imports_page"))
    return redirect(url_for("organizer.import_job", job_id=job.id))


@bp.get("/imports/<int:job_id>")
@organizer_only
def import_job(job_id: int):
    job = import_jobs.get(job_id)
    spec = KINDS[job.kind]
    return render_template(
        "organizer/import_job.html",
        job=job,
        s=job.summary,
        fields=spec.labels,
        keep_label=spec.labels.get(spec.keep_in or "", ""),
        progress=import_jobs.progress(job),
    )


@bp.post("/imports/<int:job_id>/mapping")
@organizer_only
def correct_import(job_id: int):
    job = import_jobs.get(job_id)
    overrides = {k[4:]: v for k, v in request.form.items() if k.startswith("map:")}
    merges = {k[6:]: v for k, v in request.form.items() if k.startswith("merge:") and v}
    with reported("正在按新的映射重新校验"):
        create = request.form.get("create_enterprises") == "on"
        import_jobs.correct(current_app._get_current_object(), job, current_user, overrides, merges, create)
    return redirect(url_for("organizer.import_job", job_id=job_id))


@bp.post("/imports/<int:job_id>/run")
@organizer_only
def run_import(job_id: int):
    job = import_jobs.get(job_id)
    with reported():
        only_valid = request.form.get("only_valid") == "1"
        import_jobs.start(current_app._get_current_object(), job, current_user, only_valid=only_valid)
    return redirect(url_for("organizer.import_job", job_id=job_id))


@bp.get("/imports/<int:job_id>/progress")
@organizer_only
def import_progress(job_id: int):
    job = import_jobs.get(job_id)
    response = current_app.make_response(
        render_template("organizer/_import_progress.html", job=job, progress=import_jobs.progress(job))
    )
    if request.args.get("was") == "checking" and job.status != "checking":
        response.headers["HX-Refresh"] = "true"  # the preview is ready: the whole page changes
    return response


@bp.get("/imports/<int:job_id>/report.xlsx")
@organizer_only
def import_report(job_id: int):
    job = import_jobs.get(job_id)
    with reported() as outcome:
        only_errors = request.args.get("rows") == "errors"
        data = import_jobs.report(job, current_user, ip=request.remote_addr or "", only_errors=only_errors)
    if not outcome.ok:
        return redirect(url_for("organizer.import_job", job_id=job_id))
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename=import-{'errors' if only_errors else 'report'}"
            f"-{job.id}-{beijing.today()}.xlsx"
        },
    )
