from flask import Blueprint

bp = Blueprint("public", __name__)

from webapp.public import fair_views, views  # noqa: E402, F401
