"""The casework views, registered on the audience blueprints (organizer for specialists and organizers,
enterprise for the firm's 吹哨); templates live in ``webapp/casework/templates``."""

from pathlib import Path

from flask import Blueprint

from webapp.casework.views import enterprise, specialist  # noqa: F401  (routes)

templates = Blueprint("casework", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
