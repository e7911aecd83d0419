"""schemathesis against the real app: every operation of /api/v1/openapi.json, with generated valid and
invalid requests (a bounded number each, a fixed seed), without a token and with a seeker's token, served
over HTTP on loopback. Any 5xx, an undocumented status code, a response that does not match its schema, or
an invalid request that is accepted fails the test (issue 22 item 7)."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import Factory, index_now, make_app
from webapp.models import Role

SCHEMATHESIS = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "schemathesis"
EXAMPLES = 30


@pytest.fixture(params=["search", "search-down"])
def served(request, tmp_path, meili):
    """A small zone served on loopback: a published post, a fair with a live room, a seeker's API token;
    with its Meilisearch index, or with search down (the database fallback answers)."""
    app = make_app(tmp_path, meili if request.param == "search" else None)
    make = Factory(app)
    firm = make.enterprise()
    post = make.post(firm.id)
    fair = make.fair()
    make.participation(fair.id, firm.id, [post.id])
    make.live_session(fair.id, [firm.id])
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import User
        from webapp.services import accounts

        token = accounts.issue_token(db.session.get(User, seeker.id), "contract test")
    if request.param == "search":
        index_now(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", token
    server.shutdown()
    server.server_close()


def _run(base: str, tmp_path: Path, *headers: str) -> subprocess.CompletedProcess:
    args = [
        str(SCHEMATHESIS),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "22",
        "--generation-deterministic",
        "--request-timeout",
        "10",
        "--no-color",
        "--report-dir",
        str(tmp_path),
    ]
    for header in headers:
        args += ["--header", header]
    # run in tmp_path: schemathesis keeps a cache folder in its working directory
    return subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=tmp_path)


@pytest.mark.slow
@pytest.mark.meili
@pytest.mark.parametrize("signed_in", [False, True], ids=["without-token", "seeker-token"])
def test_the_api_keeps_its_contract(served, tmp_path, signed_in):
    base, token = served
    result = _run(base, tmp_path, *([f"Authorization: Bearer {token}"] if signed_in else []))
    report = result.stdout + result.stderr
    (tmp_path / "schemathesis.txt").write_text(report)
    failures = report[report.find("FAILURES") :] if "FAILURES" in report else report[-8000:]
    assert result.returncode == 0, failures[:20000]
