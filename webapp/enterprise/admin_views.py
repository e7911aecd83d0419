"""企业信息: licence and tier evidence uploads, member accounts (one owner)."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.enterprise import bp
from webapp.enterprise.forms import EnterpriseProfileForm
from webapp.enterprise.views import profile_page
from webapp.exports import csv_bytes, xlsx_bytes
from webapp.flashes import reported
from webapp.security import enterprise_only
from webapp.services import enterprise_admin, exports_data


@bp.post("/documents")
@enterprise_only
def upload_document():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("请选择文件", "error")
    else:
        with reported() as outcome:
            doc = enterprise_admin.upload_document(
                current_user, request.form.get("kind", ""), upload.filename, upload.stream
            )
            outcome.success = f"{enterprise_admin.KINDS[doc.kind]}已上传，组织方审核时查看"
    return redirect(url_for("enterprise.profile") + "#documents")


@bp.post("/members")
@enterprise_only
def add_member():
    with reported() as outcome:
        member, password = enterprise_admin.add_member(
            current_user, request.form.get("account", ""), request.form.get("name", "")
        )
    if not outcome.ok:
        return redirect(url_for("enterprise.profile") + "#members")
    # Shown once, in this response only (never stored in the session cookie).
    enterprise = current_user.enterprise
    form = EnterpriseProfileForm(obj=enterprise)
    form.tier.data, form.size_band.data = enterprise.tier.value, enterprise.size_band.value
    return profile_page(form, new_member=member, new_password=password)


@bp.post("/members/<int:member_id>/remove")
@enterprise_only
def remove_member(member_id: int):
    with reported("成员已移除"):
        enterprise_admin.remove_member(current_user, member_id)
    return redirect(url_for("enterprise.profile") + "#members")


@bp.post("/members/<int:member_id>/owner")
@enterprise_only
def transfer_owner(member_id: int):
    with reported("已转让企业管理员"):
        enterprise_admin.transfer_ownership(current_user, member_id)
    return redirect(url_for("enterprise.profile") + "#members")


MIMES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _download(rows: list[list], name: str, fmt: str) -> Response:
    if fmt not in MIMES:
        abort(404)
    data = xlsx_bytes(rows, name) if fmt == "xlsx" else csv_bytes(rows)
    filename = f"{name}-{beijing.today().isoformat()}.{fmt}"
    return Response(
        data,
        mimetype=MIMES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(filename)}"},
    )


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@bp.get("/posts.<fmt>")
@enterprise_only
def export_posts(fmt: str):
    return _download(exports_data.post_rows(current_user), "岗位列表", fmt)


@bp.get("/posts/<int:post_id>/applications.<fmt>")
@enterprise_only
def export_applicants(post_id: int, fmt: str):
    rows = exports_data.applicant_rows(current_user, post_id, ip=request.remote_addr or "")
    return _download(rows, "投递名单", fmt)
