"""Every response carries the security headers; pages use no inline script the policy would block."""

import re
from pathlib import Path

import pytest

from tests.conftest import login
from webapp.models import Role

ROOT = Path(__file__).resolve().parent.parent


def _check(response, path):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src and "'unsafe-inline'" not in script_src.group(1), path
    assert "frame-ancestors 'none'" in policy or "sandbox" in policy, path
    assert headers.get("X-Frame-Options") == "DENY", path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", path
    assert "camera=(self)" in headers.get("Permissions-Policy", ""), path


@pytest.mark.parametrize("role", [None, Role.SEEKER, Role.ENTERPRISE, Role.ORGANIZER])
def test_every_page_carries_the_headers(app, make, role):
    client = app.test_client()
    if role is not None:
        login(client, make.user(role).account)
    paths = [
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and "<" not in r.rule and not r.rule.endswith((".ics", ".xlsx", ".csv"))
    ]
    assert len(paths) > 25
    for path in [*paths, "/no-such-page", "/jobs/2147483647"]:
        response = client.get(path)
        assert response.status_code != 500, path
        _check(response, path)


def test_hsts_only_over_tls(app):
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
    secure = app.test_client().get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_has_inline_script_or_handlers():
    offenders = []
    for path in (ROOT / "webapp").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/ld+json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
    assert offenders == []


def test_a_live_embed_must_come_from_an_allowed_platform(app, make, login_as):
    fair = make.fair()
    client = login_as(make.user(Role.ORGANIZER))
    form = {"title": "直播带岗", "starts_at": "2026-12-01T10:00", "host": "", "hls_url": ""}
    refused = client.post(
        f"/organizer/fairs/{fair.id}/live/new", data={**form, "embed_url": "https://evil.example.com/x"}
    )
    assert "嵌入地址须来自允许的直播平台" in refused.text
    allowed = client.post(
        f"/organizer/fairs/{fair.id}/live/new",
        data={**form, "embed_url": "https://player.bilibili.com/player.html?bvid=BV1xx"},
    )
    assert allowed.status_code == 302
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "frame-src https://player.bilibili.com" in policy
