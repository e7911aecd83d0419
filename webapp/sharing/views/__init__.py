"""The 用工余缺调剂 views: firms declare (enterprise blueprint), specialists broker (organizer blueprint);
templates live in ``webapp/sharing/templates``."""

from pathlib import Path

from flask import Blueprint

from webapp.sharing.views import enterprise, organizer  # noqa: F401  (routes)

templates = Blueprint("sharing", __name__, template_folder=str(Path(__file__).parent.parent / "templates"))
