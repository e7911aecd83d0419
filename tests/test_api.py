import re

import pytest

from tests.conftest import index_now, make_app
from webapp.extensions import db
from webapp.models import PostStatus, Role
from webapp.services import accounts


def test_jobs_api_shape_and_facets(app, make, client):
    post = make.post(title="Python开发工程师", pay_min=15000, pay_max=25000, pay_months=13, external_id="E-1")
    index_now(app)
    body = client.get("/api/v1/jobs?q=Python&per_page=5").json
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 5
    hit = body["hits"][0]
    assert hit["id"] == post.id and hit["external_id"] == "E-1"
    assert hit["pay_text"] == "15-25K·13薪" and hit["city"] == "天津市"
    assert body["facets"]["city"] == {"天津市": 1}
    detail = client.get(f"/api/v1/jobs/{post.id}").json
    assert detail["enterprise"]["verified"] is True and detail["pay"]["months"] == 13


def test_unpublished_post_is_404(make, client):
    draft = make.post(status=PostStatus.DRAFT)
    response = client.get(f"/api/v1/jobs/{draft.id}")
    assert response.status_code == 404 and response.json["message"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=-1"])
def test_bad_paging_is_400(client, query):
    response = client.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 400 and "正整数" in response.json["message"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"post_id": "7"}', b'{"post_id": true}', b'{"post_id": 1, "source": "x"}'],
)
def test_malformed_application_is_400(make, login_as, body):
    client = login_as(make.user(Role.SEEKER))
    response = client.post("/api/v1/applications", data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["message"]


def test_oversized_body_is_413(tmp_path, meili):
    app = make_app(tmp_path, meili, MAX_CONTENT_LENGTH=1024)
    from tests.conftest import Factory, login

    client = app.test_client()
    login(client, Factory(app).user(Role.SEEKER).account)
    response = client.post("/api/v1/applications", data=b"x" * 4096, content_type="application/json")
    assert response.status_code == 413 and response.json["message"] == "上传的内容过大"


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.is_json


def test_bearer_token_authenticates_without_csrf(tmp_path, meili):
    app = make_app(tmp_path, meili, WTF_CSRF_ENABLED=True)
    from tests.conftest import Factory

    make = Factory(app)
    post = make.post()
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        from webapp.models import User

        token = accounts.issue_token(db.session.get(User, seeker.id))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/applications", json={"post_id": post.id}, headers=headers)
    assert created.status_code == 201
    assert client.get("/api/v1/me/applications", headers=headers).json["items"][0]["id"] == created.json["id"]
    wrong = client.get("/api/v1/me/applications", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    # a session-authenticated write without the CSRF header is refused
    assert client.post("/api/v1/applications", json={"post_id": post.id}).status_code in (400, 401)


def test_openapi_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {path for path in doc["paths"]}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json":
            path = re.sub(r"<int:\w+>", "{id}", rule.rule.removeprefix("/api/v1"))
            assert path in documented, path
    params = {p["name"] for p in doc["paths"]["/jobs"]["get"]["parameters"]}
    assert {"q", "page", "per_page", "city", "education", "tier"} <= params


def test_unauthenticated_writes_answer_401_not_a_csrf_error(tmp_path, meili):
    from tests.conftest import make_app

    client = make_app(tmp_path, meili, WTF_CSRF_ENABLED=True).test_client()
    for path, body in (
        ("/api/v1/applications", {"post_id": 1}),
        ("/api/v1/live/1/applications", {"post_id": 1}),
    ):
        answer = client.post(path, json=body)
        assert answer.status_code == 401 and answer.json["error"] == "unauthorized", path


def test_the_application_body_is_checked_as_documented(app, make, login_as):
    post = make.post()
    client = login_as(make.user(Role.SEEKER))
    for body in (
        {"post_id": 0},
        {"post_id": post.id, "consent": "yes"},
        {"post_id": post.id, "consent": True, "source": "fair"},
        {"post_id": post.id, "consent": True, "source": "nope"},
        {"post_id": post.id, "consent": True, "source_ref": 7},
    ):
        assert client.post("/api/v1/applications", json=body).status_code == 400, body
    # schema-valid, though PostgreSQL refuses NUL in text: kept without it (not a 500)
    odd = client.post(
        "/api/v1/applications", json={"post_id": post.id, "consent": True, "source_ref": "\u0000x\ud800"}
    )
    assert odd.status_code == 201, odd.json
    with app.app_context():
        from webapp.models import Application

        assert db.session.get(Application, odd.json["id"]).source_note == "x"
    schema = client.get("/api/v1/openapi.json").json
    body = schema["paths"]["/applications"]["post"]["requestBody"]["content"]["application/json"]
    properties = body["schema"]["properties"]
    assert properties["post_id"]["minimum"] == 1 and "fair" not in properties["source"]["enum"]
