"""The trust views, registered on the audience blueprints (public, enterprise, organizer); templates live in
``webapp/trust/templates`` (the template-only ``templates`` blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.trust.views import enterprise, organizer, reporting  # noqa: F401  (routes)

templates = Blueprint("trust", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
