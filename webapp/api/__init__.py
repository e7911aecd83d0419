"""The JSON API (/api/v1) for mobile clients and partner platforms."""

from flask import Blueprint

from webapp.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token-authenticated calls carry no cookie, so CSRF cannot apply to them; session-authenticated
# writes are checked in views.before_request instead.
csrf.exempt(bp)
