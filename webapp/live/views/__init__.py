"""The live room's views, one module per audience, registered on the audience blueprints (organizer, public,
api) so endpoint names stay ``organizer.live_console``, ``public.live_room``, ``api.live_application`` …;
templates live in ``webapp/live/templates`` (found through the template-only ``templates`` blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.live.views import api, organizer, public  # noqa: F401  (routes on the audience blueprints)

templates = Blueprint("live", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
