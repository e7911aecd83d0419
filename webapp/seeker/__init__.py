from flask import Blueprint

bp = Blueprint("seeker", __name__, url_prefix="/me")

from webapp.seeker import match_views, views  # noqa: E402, F401
