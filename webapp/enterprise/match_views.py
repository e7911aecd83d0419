"""推荐人才: candidates for a published post, masked until they apply."""

from flask import render_template
from flask_login import current_user

from webapp.enterprise import bp
from webapp.security import enterprise_only
from webapp.services import recommendations as recs


@bp.get("/posts/<int:post_id>/talent")
@enterprise_only
def talent(post_id: int):
    from webapp.talent.services import invitations_for_post

    post, candidates = recs.talent_for_post(current_user, post_id)
    invited = invitations_for_post(post.id)
    return render_template("enterprise/talent.html", post=post, candidates=candidates, invited=invited)
