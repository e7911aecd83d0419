"""The subsidy views, one module per audience, registered on the audience blueprints (seeker, enterprise,
organizer) so endpoint names stay ``seeker.policy_page``, ``organizer.policy_rules`` …; templates live in
``webapp/subsidies/templates`` (found through the template-only ``templates`` blueprint)."""

from pathlib import Path

from flask import Blueprint

from webapp.subsidies.views import enterprise, organizer, seeker  # noqa: F401  (routes)

templates = Blueprint("subsidies", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
