"""我的邀请: what firms and the bureau invited the seeker to, with 婉拒 for a post invitation."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import limiter
from webapp.flashes import reported
from webapp.security import apply_limit, seeker_only, user_or_ip
from webapp.seeker import bp
from webapp.services import ServiceError
from webapp.talent import services as talent


@bp.get("/invitations")
@seeker_only
def invitations():
    return render_template("seeker/invitations.html", invitations=talent.my_invitations(current_user))


@bp.post("/invitations/<int:invitation_id>/apply")
@limiter.limit(apply_limit, key_func=user_or_ip)
@seeker_only
def apply_to_invitation(invitation_id: int):
    try:
        _, created = talent.apply_to_invitation(
            current_user, invitation_id, request.form.get("consent") == "y"
        )
    except ServiceError as exc:
        if exc.code in ("not_found", "forbidden"):
            raise
        flash(exc.message, "error")
        if exc.code == "profile_incomplete":
            return redirect(url_for("seeker.profile"))
        return redirect(url_for("seeker.invitations"))
    flash("投递成功！可在“我的投递”查看进度" if created else "您已投递过该岗位", "success")
    return redirect(url_for("seeker.invitations"))


@bp.post("/invitations/<int:invitation_id>/decline")
@seeker_only
def decline_invitation(invitation_id: int):
    with reported("已婉拒，该企业不会再就此岗位邀请您"):
        talent.decline(current_user, invitation_id)
    return redirect(url_for("seeker.invitations"))
