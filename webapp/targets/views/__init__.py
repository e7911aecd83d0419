"""The monitoring views, on the organizer blueprint; templates live in ``webapp/targets/templates``."""

from pathlib import Path

from flask import Blueprint

from webapp.targets.views import organizer  # noqa: F401  (routes)

templates = Blueprint("targets", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
