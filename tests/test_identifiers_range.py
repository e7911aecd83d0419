"""Ids past what an INTEGER column holds are refused before the database sees them (SQLite raised past 2**63,
PostgreSQL past 2**31: 500s)."""

import re

import pytest

from webapp.models import Role

HUGE = [2**31, 2**64]


@pytest.mark.parametrize("role", [Role.SEEKER, Role.ENTERPRISE, Role.ORGANIZER])
def test_huge_ids_in_paths_are_not_found(app, make, login_as, role):
    client = login_as(make.user(role))
    rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule and "GET" in r.methods]
    assert len(rules) > 20
    for rule in rules:
        for value in HUGE:
            path = re.sub(r"<int:\w+>", str(value), rule.rule).replace("<fmt>", "xlsx")
            path = re.sub(r"<[^>]+>", "x", path)
            assert client.get(path).status_code in (302, 403, 404), path
    for rule in [r for r in app.url_map.iter_rules() if "<int:" in r.rule and "POST" in r.methods]:
        path = re.sub(r"<[^>]+>", str(2**64), rule.rule)
        assert client.post(path).status_code != 500, path


def test_huge_ids_in_bodies_and_query_strings(app, make, login_as):
    client = login_as(make.user(Role.SEEKER))
    for value in HUGE:
        answer = client.post("/api/v1/applications", json={"post_id": value, "consent": True})
        assert answer.status_code == 400 and "post_id" in answer.json["message"]
        assert client.get(f"/fairs?brand={value}").status_code == 200
        assert client.get(f"/calendar?year={value}").status_code == 200
        refused = client.get(f"/api/v1/fairs?brand_id={value}")  # the API says why (webapp/api/contract.py)
        assert refused.status_code == 400 and "brand_id" in refused.json["message"]


def test_a_withdrawn_application_is_gone_for_the_firm(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id)
    seeker = login_as(make.user(Role.SEEKER))
    application = seeker.post("/api/v1/applications", json={"post_id": post.id, "consent": True}).json
    seeker.post(f"/me/applications/{application['id']}/withdraw")
    firm = login_as(firm_user)
    assert firm.get(f"/enterprise/applications/{application['id']}").status_code == 404
