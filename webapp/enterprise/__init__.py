from flask import Blueprint

bp = Blueprint("enterprise", __name__, url_prefix="/enterprise")

from webapp.enterprise import policy_views, views  # noqa: E402, F401
