"""Enterprise users' pages (/enterprise): posts, applicants, members, the firm's profile."""

from flask import Blueprint

bp = Blueprint("enterprise", __name__, url_prefix="/enterprise")
