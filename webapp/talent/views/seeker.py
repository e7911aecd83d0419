"""我的邀请: what firms and the bureau invited the seeker to, with 婉拒 for a post invitation."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.security import seeker_only
from webapp.seeker import bp
from webapp.talent import services as talent


@bp.get("/invitations")
@seeker_only
def invitations():
    return render_template("seeker/invitations.html", invitations=talent.my_invitations(current_user))


@bp.post("/invitations/<int:invitation_id>/decline")
@seeker_only
def decline_invitation(invitation_id: int):
    with reported("已婉拒，该企业不会再就此岗位邀请您"):
        talent.decline(current_user, invitation_id)
    return redirect(url_for("seeker.invitations"))
