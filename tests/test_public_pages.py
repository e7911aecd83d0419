"""The public pages as a newcomer and a crawler meet them: home shows the fairs that are on, the calendar
opens on this month, facets sort by pay, and posts carry JobPosting JSON-LD, a sitemap and robots.txt."""

import json
import re
from datetime import timedelta

import pytest

from webapp import beijing
from webapp.models import Role, Verification
from webapp.models.mixins import utcnow

pytestmark = pytest.mark.meili


def test_home_lists_the_fairs_that_are_on(make, client):
    make.fair(title="南开区专精特新直播带岗专场")
    page = client.get("/").text
    assert "南开区专精特新直播带岗专场" in page and "即将上线" not in page
    assert 'class="count"' not in page.split("重点企业")[1].split("最新岗位")[0]  # no solid red bar


def test_calendar_opens_on_this_month(client):
    page = client.get("/calendar").text
    month = beijing.today().month
    first_month = re.search(r'<li class="month[^"]*" id="m(\d+)"', page).group(1)
    assert int(first_month) == month
    assert f"{month} 月 <small>本月</small>" in page


def test_pay_facet_is_sorted_by_pay(app, make, client):
    from tests.conftest import index_now

    for pay_min, n in ((4000, 3), (9000, 1), (15000, 2)):
        for _ in range(n):
            make.post(title="质量工程师", pay_min=pay_min, pay_max=pay_min + 2000)
    index_now(app)
    page = client.get("/jobs?q=质量工程师").text
    facet = page[page.index("<summary>月薪") :]
    facet = facet[: facet.index("</details>")]
    bands = re.findall(r">(5K以下|5-8K|8-12K|12-20K|20K以上) <span", facet)
    assert bands == ["5K以下", "8-12K", "12-20K"]


def test_a_post_carries_job_posting_json_ld(make, client):
    firm = make.enterprise(name="天津瑞泰智能装备有限公司")
    post = make.post(firm.id, title="PLC编程工程师", pay_min=9000, pay_max=14000, headcount=3)
    page = client.get(f"/jobs/{post.id}").text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "JobPosting" and data["title"] == "PLC编程工程师"
    assert data["hiringOrganization"]["name"] == "天津瑞泰智能装备有限公司"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue", "minValue": 9000, "maxValue": 14000, "unitText": "MONTH"
    }  # fmt: skip
    assert data["jobLocation"]["address"]["addressRegion"] == "天津市"
    assert data["validThrough"].endswith("T23:59:59+08:00") and data["datePosted"].endswith("+08:00")
    assert data["employmentType"] == "FULL_TIME" and data["totalJobOpenings"] == 3
    assert '<meta name="description" content="天津瑞泰智能装备有限公司招聘PLC编程工程师' in page


def test_sitemap_lists_public_posts_and_fairs_and_robots_keeps_private_pages_out(app, make, client):
    shown = make.post(title="焊工")
    hidden_firm = make.enterprise(verification=Verification.PENDING)
    hidden = make.post(hidden_firm.id, title="未认证企业的岗位")
    fair = make.fair()
    xml = client.get("/sitemap.xml")
    assert xml.mimetype == "application/xml"
    assert f"/jobs/{shown.id}</loc>" in xml.text and f"/jobs/{hidden.id}</loc>" not in xml.text
    assert f"/fairs/{fair.id}</loc>" in xml.text
    robots = client.get("/robots.txt").text
    for private in ("/me/", "/enterprise/", "/organizer/", "/api/"):
        assert f"Disallow: {private}" in robots
    assert "Sitemap: http://localhost/sitemap.xml" in robots


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in client.get("/").text


def test_a_live_room_before_its_start_counts_down(app, make, client):
    fair = make.fair()
    room = make.live_session(fair.id, [make.enterprise().id], starts_at=utcnow() + timedelta(hours=3))
    page = client.get(f"/live/{room.id}").text
    assert 'data-status="scheduled"' in page and 'id="countdown"' in page and "（北京时间）开始" in page


def test_the_seeker_header_folds_into_one_menu(make, login_as, client):
    login_as(make.user(Role.SEEKER))
    nav = client.get("/").text.split('<nav aria-label="主导航">')[1].split("</nav>")[0]
    bar = nav.split('<details class="account-menu">')[0]
    assert len(re.findall(r"<a ", bar)) <= 5  # 找工作 招聘会 找企业 我的投递 通知
    assert "我的简历" in nav and "退出" in nav
