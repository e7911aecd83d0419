from pathlib import Path

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.models import AccountLabel
from webapp.organizer import bp
from webapp.security import organizer_only, staff_only
from webapp.services import enterprise_admin, enterprises, jobs, monitoring, search_outbox
from webapp.trust import complaints


@bp.get("/")
@staff_only
def dashboard():
    return render_template(
        "organizer/dashboard.html",
        counts=monitoring.zone_counts(),
        by_status=monitoring.applications_by_status(),
        sync=search_outbox.queue_status(parked_limit=20),
    )


@bp.post("/search/parked/retry")
@organizer_only
def retry_parked_search_changes():
    n = search_outbox.retry_parked()
    flash(f"已将 {n} 条搁置的搜索更新重新排队" if n else "没有搁置的搜索更新", "success" if n else "info")
    return redirect(url_for("organizer.dashboard") + "#search-sync")


@bp.get("/enterprises")
@staff_only
def enterprise_queue():
    page = request.args.get("page", 1, type=int)
    items, total = enterprises.pending_enterprises(page)
    return render_template(
        "organizer/enterprises.html",
        items=items,
        total=total,
        page=page,
        due=enterprise_admin.reverify_due(),
        specialists=enterprise_admin.specialists(),
        kinds=enterprise_admin.KINDS,
        labels=AccountLabel.choices(),
    )


@bp.post("/enterprises/<int:enterprise_id>/label")
@organizer_only
def set_account_label(enterprise_id: int):
    with reported("账号类型已设置", strict=True):
        enterprises.set_label(current_user, enterprise_id, request.form.get("account_label", ""))
    return redirect(url_for("organizer.enterprise_queue"))


@bp.get("/documents/<int:doc_id>")
@organizer_only
def view_document(doc_id: int):
    doc, data = enterprise_admin.open_document(current_user, doc_id, ip=request.remote_addr or "")
    response = Response(data, mimetype=doc.content_type)
    response.headers["Content-Disposition"] = (
        f"inline; filename=document-{doc.id}{Path(doc.stored_path).suffix}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/enterprises/<int:enterprise_id>/specialist")
@organizer_only
def assign_specialist(enterprise_id: int):
    raw = request.form.get("specialist_id", "")
    with reported("已指定人社服务专员" if raw else "已取消指定"):
        enterprise_admin.assign_specialist(current_user, enterprise_id, int(raw) if raw.isdigit() else None)
    return redirect(request.referrer or url_for("organizer.enterprise_queue"))


@bp.post("/enterprises/<int:enterprise_id>/review")
@organizer_only
def review_enterprise(enterprise_id: int):
    approve = request.form.get("decision") == "approve"
    with reported() as outcome:
        enterprise = enterprises.review_enterprise(
            current_user, enterprise_id, approve, request.form.get("reason", "")
        )
        outcome.success = f"{enterprise.name}：{'已认证' if approve else '已驳回'}"
    return redirect(url_for("organizer.enterprise_queue"))


@bp.get("/posts")
@staff_only
def post_queue():
    page = request.args.get("page", 1, type=int)
    items, total = jobs.pending_posts(page)
    return render_template(
        "organizer/posts.html",
        items=items,
        total=total,
        page=page,
        complaints_by_post=complaints.open_about("post", [p.id for p in items]),
    )


@bp.post("/posts/<int:post_id>/review")
@organizer_only
def review_post(post_id: int):
    approve = request.form.get("decision") == "approve"
    with reported() as outcome:
        post = jobs.review_post(current_user, post_id, approve, request.form.get("reason", ""))
        outcome.success = f"{post.title}：{'已发布' if approve else '已驳回'}"
    return redirect(url_for("organizer.post_queue"))


@bp.get("/audit")
@organizer_only
def audit_log():
    return render_template("organizer/audit.html", entries=monitoring.recent_audit())
