"""Pages anyone can open: home, search, posts, firms."""

from flask import Blueprint

bp = Blueprint("public", __name__)
