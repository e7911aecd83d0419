"""The development server ``flask serve`` runs (``make run``): Werkzeug's, without naming its version."""

from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler

SERVER_NAME = "zjtx-zone"


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler with a ``Server`` header that names no software versions."""

    def version_string(self) -> str:
        return SERVER_NAME
