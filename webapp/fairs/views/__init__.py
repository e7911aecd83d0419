"""The fair views, one module per audience, registered on the audience blueprints (public, seeker, enterprise,
organizer, api) so endpoint names stay ``public.fair_detail``, ``organizer.fair_manage`` …; templates live in
``webapp/fairs/templates`` (found through the template-only ``templates`` blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.fairs.views import api, enterprise, organizer, public, seeker  # noqa: F401  (routes)

templates = Blueprint("fairs", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
