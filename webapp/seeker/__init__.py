from flask import Blueprint

bp = Blueprint("seeker", __name__, url_prefix="/me")

from webapp.seeker import fair_views, match_views, policy_views, views  # noqa: E402, F401
