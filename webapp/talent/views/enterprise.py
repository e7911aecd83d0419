"""搜人才 for verified firms: search the pool, open a masked card (matched against one of the firm's posts),
invite the seeker to apply."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.ids import record_id
from webapp.security import enterprise_only
from webapp.services import ServiceError
from webapp.services import recommendations as recs
from webapp.talent import services as talent
from webapp.talent.search import AUDIENCE_FACETS, FIRMS, TalentQuery
from webapp.talent.titles import FACET_TITLES


def _picked_post(posts):
    wanted = request.args.get("post", type=record_id)
    return next((p for p in posts if p.id == wanted), None)


@bp.get("/talent")
@enterprise_only
def talent_search():
    query = TalentQuery.from_args(request.args, FIRMS)
    posts = talent.firm_posts(current_user)
    post = _picked_post(posts)
    result, error = None, None
    try:
        result = talent.firm_search(current_user, query, ip=request.remote_addr or "")
    except ServiceError as exc:
        if exc.code == "forbidden":
            raise
        error = exc.message
    fit = recs.fit_for_post(post, [h["id"] for h in result.hits]) if post and result else {}
    return render_template(
        "enterprise/talent_search.html",
        query=query,
        result=result,
        error=error,
        posts=posts,
        post=post,
        fit=fit,
        facet_titles={name: FACET_TITLES[name] for name in AUDIENCE_FACETS[FIRMS]},
        used=talent.used_today(current_user.enterprise_id, talent.SEARCH),
    )


@bp.get("/talent/<int:profile_id>")
@enterprise_only
def talent_card(profile_id: int):
    posts = talent.firm_posts(current_user)
    post = _picked_post(posts)
    try:
        card = talent.firm_card(current_user, profile_id, ip=request.remote_addr or "")
    except ServiceError as exc:
        if exc.code in ("forbidden", "not_found"):
            raise
        flash(exc.message, "error")
        return redirect(url_for("enterprise.talent_search"))
    fit = recs.fit_for_post(post, [card.id]).get(card.id) if post else None
    return render_template("enterprise/talent_card.html", card=card, posts=posts, post=post, fit=fit)


@bp.post("/talent/<int:profile_id>/invite")
@enterprise_only
def talent_invite(profile_id: int):
    post_id = request.form.get("post_id", type=record_id)
    if post_id is None:
        abort(400)
    with reported("邀请已发送，求职者投递后您将看到完整简历"):
        talent.invite_to_post(
            current_user, profile_id, post_id, request.form.get("message", ""), ip=request.remote_addr or ""
        )
    if request.form.get("back") == "recommended":  # sent from 推荐人才: stay on that list
        return redirect(url_for("enterprise.talent", post_id=post_id))
    return redirect(url_for("enterprise.talent_card", profile_id=profile_id, post=post_id))
