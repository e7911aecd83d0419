"""Enterprises: sign up for fairs with published posts, see decisions and booths, withdraw."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from webapp.enterprise import bp
from webapp.fairs import services as fairs
from webapp.fairs import signups
from webapp.flashes import reported
from webapp.security import enterprise_only


@bp.get("/fairs")
@enterprise_only
def fairs_page():
    mine = signups.participations_of(current_user.enterprise_id)
    joined = {p.fair_id for p in mine}
    return render_template(
        "enterprise/fairs.html",
        participations=mine,
        open_fairs=[f for f in signups.fairs_open_to_enterprises() if f.id not in joined],
    )


@bp.route("/fairs/<int:fair_id>/signup", methods=["GET", "POST"])
@enterprise_only
def fair_signup(fair_id: int):
    fair = fairs.get_public_fair(fair_id)
    participation = signups.participation_of(current_user.enterprise_id, fair.id)
    if request.method == "POST":
        with reported("报名已提交，等待组织方审核") as outcome:
            signups.sign_up(
                current_user,
                fair.id,
                [int(i) for i in request.form.getlist("post_ids") if i.isdigit()],
                note=request.form.get("note", ""),
                wants_live_slot=request.form.get("wants_live_slot") == "y",
            )
        if outcome.ok:
            return redirect(url_for("enterprise.fairs_page"))
    chosen = {link.post_id for link in participation.posts} if participation else set()
    return render_template(
        "enterprise/fair_signup.html",
        fair=fair,
        participation=participation,
        posts=signups.posts_for_signup(current_user),
        chosen=chosen,
        window_open=fairs.window_open(fair.enterprise_signup_from, fair.enterprise_signup_until),
    )


@bp.post("/fairs/<int:fair_id>/withdraw")
@enterprise_only
def fair_withdraw(fair_id: int):
    with reported("已退出该招聘会", "info"):
        signups.withdraw(current_user, fair_id)
    return redirect(url_for("enterprise.fairs_page"))
