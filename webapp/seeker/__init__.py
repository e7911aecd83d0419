from flask import Blueprint

bp = Blueprint("seeker", __name__, url_prefix="/me")

from webapp.seeker import views  # noqa: E402, F401
