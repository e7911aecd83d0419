from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from webapp.organizer import import_views, views  # noqa: E402, F401
