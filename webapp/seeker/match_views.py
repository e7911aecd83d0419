"""为你推荐: recommended posts with reasons, and 不感兴趣."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.security import seeker_only
from webapp.seeker import bp
from webapp.services import recommendations as recs


@bp.get("/recommendations")
@seeker_only
def recommendations():
    return render_template("seeker/recommendations.html", items=recs.for_seeker(current_user))


@bp.post("/recommendations/<int:post_id>/dismiss")
@seeker_only
def dismiss_recommendation(post_id: int):
    recs.dismiss(current_user, post_id)
    if request.headers.get("HX-Request"):
        return ""  # htmx removes the card
    flash("已不再推荐该岗位", "info")
    return redirect(url_for("seeker.recommendations"))
