"""What several CLI groups share: a Meilisearch server for the command to use."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from search.local_server import MeiliServer, ensure_local
from search.provision import ProvisionError


def ensure_search(app: Flask) -> MeiliServer:
    """MEILI_URL when set; otherwise reuse or start the instance's own Meilisearch."""
    from webapp.services.search_index import set_search_server

    if app.config.get("MEILI_URL"):
        return MeiliServer(url=app.config["MEILI_URL"], master_key=app.config.get("MEILI_MASTER_KEY") or "")
    try:
        server = ensure_local(Path(app.instance_path) / "meili")
    except ProvisionError as exc:
        raise click.ClickException(str(exc)) from exc
    set_search_server(app, server.url, server.master_key)
    return server
