"""The 就业见习 views: firms apply for a base and manage agreements (enterprise blueprint), the bureau
recognises bases and follows retention (organizer blueprint); templates live in
``webapp/traineeship/templates``."""

from pathlib import Path

from flask import Blueprint

from webapp.traineeship.views import enterprise, organizer  # noqa: F401  (routes)

templates = Blueprint(
    "traineeship", __name__, template_folder=str(Path(__file__).parent.parent / "templates")
)
