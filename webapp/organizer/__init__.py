"""The bureau's pages (/organizer): reviews, imports, audit, the search-sync status."""

from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
