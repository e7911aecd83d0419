"""The hiring-conversation views, registered on the audience blueprints (seeker, enterprise); templates live
in ``webapp/hiring/templates`` (the template-only ``templates`` blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.hiring.views import conversation, enterprise, organizer, seeker  # noqa: F401  (routes)

templates = Blueprint("hiring", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
