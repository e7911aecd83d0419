"""The catalogue's views: organizers review and publish (organizer blueprint), everyone reads the catalogues
in force (public blueprint); templates live in ``webapp/shortage/templates``."""

from pathlib import Path

from flask import Blueprint

from webapp.shortage.views import organizer, public  # noqa: F401  (routes)

templates = Blueprint("shortage", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
