from flask import Blueprint

bp = Blueprint("enterprise", __name__, url_prefix="/enterprise")

from webapp.enterprise import admin_views, match_views, views  # noqa: E402, F401
