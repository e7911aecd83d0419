"""A firm declares surplus staff (each worker's consent noted) or a shortage, and closes a declaration."""

import re
from datetime import timedelta

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.formkit import posted_date, posted_int
from webapp.reference import place_choices
from webapp.security import enterprise_only
from webapp.sharing import services


@bp.get("/sharing")
@enterprise_only
def sharing_page():
    today = beijing.today()
    return render_template(
        "enterprise/sharing.html",
        declarations=services.declarations_of(current_user.enterprise_id),
        places=place_choices(),
        own_place=current_user.enterprise.adcode if current_user.enterprise else "",
        today=today,
        until=today + timedelta(days=90),
    )


def workers_from(text: str) -> list[services.WorkerEntry]:
    """One worker a line: 姓名 手机号 同意方式 (spaces or commas); a line without the third part has no
    consent."""
    out = []
    for line in text.splitlines():
        parts = [p for p in re.split(r"[\s,，、]+", line.strip(), maxsplit=2) if p]
        if parts:
            out.append(
                services.WorkerEntry(
                    parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""
                )
            )
    return out


@bp.post("/sharing")
@enterprise_only
def sharing_declare():
    form = request.form
    with reported("已登记，服务专员将为您撮合"):
        headcount = posted_int("headcount", "人数请填写整数")
        services.declare(
            current_user, form.get("kind", ""), form.get("title", ""), headcount, posted_date("starts_on"),
            posted_date("ends_on"), form.get("adcode", ""), form.get("note", ""),
            workers_from(form.get("workers", "")),
        )  # fmt: skip
    return redirect(url_for("enterprise.sharing_page"))


@bp.post("/sharing/<int:declaration_id>/close")
@enterprise_only
def sharing_close(declaration_id: int):
    with reported("登记已关闭"):
        services.close(current_user, declaration_id)
    return redirect(url_for("enterprise.sharing_page"))
