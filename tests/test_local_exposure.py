"""What another local user or a network client can learn: no Meilisearch key in process arguments, no
world-readable database file, no software versions in the Server header."""

import stat
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import make_app
from webapp.extensions import db


@pytest.mark.meili
def test_the_search_key_is_not_in_the_process_arguments(meili):
    if meili.process is None:
        pytest.skip("MEILI_URL given: no local process")
    arguments = Path(f"/proc/{meili.process.pid}/cmdline").read_bytes().decode()
    assert meili.master_key and meili.master_key not in arguments
    assert "master-key" not in arguments


def test_the_sqlite_file_is_private(tmp_path, meili):
    app = make_app(tmp_path, meili)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        pytest.skip("PostgreSQL run")
    with app.app_context():
        db.session.execute(db.text("select 1"))
    path = Path(uri.removeprefix("sqlite:///"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_server_header_names_no_versions(app):
    from werkzeug.serving import make_server

    from webapp.serving import SERVER_NAME, QuietRequestHandler

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/healthz") as response:
            assert response.headers["Server"] == SERVER_NAME
    finally:
        server.shutdown()
