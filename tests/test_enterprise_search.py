"""找企业: the enterprises index follows the database through the outbox (verified firms only), answers by
name, industry or place with facets, and falls back to the database when Meilisearch is down."""

from __future__ import annotations

import pytest

from tests.conftest import index_now, make_app
from webapp.extensions import db
from webapp.models import Enterprise, Tier, Verification

pytestmark = pytest.mark.meili


def test_enterprises_are_found_by_name_and_industry_with_facets(app, make, client):
    giant = make.enterprise(name="天津海河精密机械股份有限公司", tier=Tier.LITTLE_GIANT, industry_code="C34")
    make.post(giant.id)
    make.enterprise(name="苏州云帆软件有限公司", tier=Tier.SPECIALIZED, industry_code="I65", adcode="320505")
    make.enterprise(name="天津待审科技有限公司", verification=Verification.PENDING)
    index_now(app)
    page = client.get("/enterprises?q=精密机械")
    assert page.status_code == 200 and "暂时不可用" not in page.text
    assert "海河" in page.text and "云帆" not in page.text and "在招岗位 1 个" in page.text
    everyone = client.get("/enterprises").text
    assert "待审" not in everyone  # unverified firms are not listed
    assert "共 <strong>2</strong> 家企业" in everyone
    filtered = client.get("/enterprises?tier=专精特新“小巨人”企业").text
    assert "海河" in filtered and "云帆" not in filtered
    by_place = client.get("/enterprises?q=苏州").text
    assert "云帆" in by_place and "海河" not in by_place


def test_enterprise_changes_reach_the_index(app, make, client):
    firm = make.enterprise(name="天津旧名科技有限公司")
    index_now(app)
    with app.app_context():
        e = db.session.get(Enterprise, firm.id)
        e.name = "天津新名智能装备有限公司"
        db.session.commit()
    index_now(app)
    assert "新名" in client.get("/enterprises?q=智能装备").text
    with app.app_context():
        db.session.get(Enterprise, firm.id).verification = Verification.REJECTED
        db.session.commit()
    index_now(app)
    assert "共 <strong>0</strong> 家企业" in client.get("/enterprises?q=新名").text


def test_enterprise_search_falls_back_to_the_database(tmp_path):
    from tests.conftest import Factory

    app = make_app(tmp_path, None)  # nothing listens where Meilisearch should be
    Factory(app).enterprise(name="天津降级测试有限公司")
    page = app.test_client().get("/enterprises?q=降级")
    assert page.status_code == 200 and "搜索服务暂时不可用" in page.text and "降级测试" in page.text
