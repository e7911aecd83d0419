"""The talent-pool views, one module per audience, registered on the audience blueprints (enterprise,
organizer, seeker); templates live in ``webapp/talent/templates`` (the template-only ``templates``
blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.talent.views import enterprise, organizer, seeker  # noqa: F401  (routes)

templates = Blueprint("talent", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
