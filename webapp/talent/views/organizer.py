"""Seeker search for the bureau (organizers and 服务专员): a cohort of seekers who consented to bureau
services, each search and card with its purpose in the audit log; a cohort is invited to a fair."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.ids import record_id
from webapp.organizer import bp
from webapp.security import staff_only
from webapp.services import ServiceError
from webapp.talent import services as talent
from webapp.talent.search import AUDIENCE_FACETS, BUREAU, TalentQuery
from webapp.talent.titles import FACET_TITLES


@bp.get("/talent")
@staff_only
def talent_search():
    query = TalentQuery.from_args(request.args, BUREAU)
    purpose, note = request.args.get("purpose", ""), request.args.get("note", "")
    result, error = None, None
    if purpose or "q" in request.args:  # the first visit shows the form; a search needs its purpose
        try:
            result = talent.bureau_search(current_user, query, purpose, note, ip=request.remote_addr or "")
        except ServiceError as exc:
            if exc.code == "forbidden":
                raise
            error = exc.message
    return render_template(
        "organizer/talent_search.html",
        query=query,
        result=result,
        error=error,
        purpose=purpose,
        note=note,
        purposes=talent.PURPOSES,
        fairs=talent.open_fairs(),
        facet_titles={name: FACET_TITLES[name] for name in AUDIENCE_FACETS[BUREAU]},
    )


@bp.get("/talent/<int:profile_id>")
@staff_only
def talent_card(profile_id: int):
    purpose, note = request.args.get("purpose", ""), request.args.get("note", "")
    try:
        card = talent.bureau_card(current_user, profile_id, purpose, note, ip=request.remote_addr or "")
    except ServiceError as exc:
        if exc.code in ("forbidden", "not_found"):
            raise
        flash(exc.message, "error")
        return redirect(url_for("organizer.talent_search"))
    return render_template("organizer/talent_card.html", card=card, purpose=purpose, note=note)


@bp.post("/talent/invite-fair")
@staff_only
def talent_invite_fair():
    ids = request.form.getlist("seeker", type=record_id)
    fair_id = request.form.get("fair_id", 0, type=record_id)
    with reported() as outcome:
        sent = talent.invite_to_fair(
            current_user,
            ids,
            fair_id,
            request.form.get("purpose", ""),
            request.form.get("note", ""),
            ip=request.remote_addr or "",
        )
        outcome.success = f"已向 {sent.sent} 人发送招聘会邀请" + (
            f"（{sent.already} 人此前已邀请，{sent.skipped} 人已不在人才库）"
            if sent.already or sent.skipped
            else ""
        )
    back = request.form.get("back", "")
    return redirect(back if back.startswith("/organizer/talent") else url_for("organizer.talent_search"))
