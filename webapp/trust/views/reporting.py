"""举报: the form behind every post's, firm's and live room's report button, and 我的举报 with each status."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.public import bp
from webapp.security import login_required
from webapp.trust import complaints


@bp.route("/report/<kind>/<int:target_id>", methods=["GET", "POST"])
@login_required
def report(kind: str, target_id: int):
    about = complaints.target(kind, target_id)  # 404 for an unknown kind or target
    if request.method == "POST":
        upload = request.files.get("evidence")
        evidence = (upload.filename or "", upload.stream) if upload and upload.filename else None
        with reported("举报已提交，工作人员会在 3 天内处理，结果会通知您") as outcome:
            complaints.file(
                current_user,
                kind,
                target_id,
                request.form.get("reason", ""),
                request.form.get("detail", ""),
                evidence,
            )
        if outcome.ok:
            return redirect(url_for("public.my_reports"))
    return render_template(
        "report_form.html",
        about=about,
        kind_label=complaints.TARGETS[kind],
        reasons=complaints.REASONS,
        form=request.form,
    ), (200 if request.method == "GET" else 422)


@bp.get("/reports")
@login_required
def my_reports():
    return render_template("my_reports.html", rows=complaints.mine(current_user), reasons=complaints.REASONS)
