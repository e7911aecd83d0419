"""The talent pool: résumés in Meilisearch through the outbox, private by construction, searched by firms
(搜人才) and by the bureau with their own consents, limits and audit."""

from __future__ import annotations

import re
from datetime import date

import pytest
import requests
from sqlalchemy import select

from tests.conftest import PASSWORD, index_now, login
from webapp.extensions import db
from webapp.models import (
    AuditLog,
    Education,
    InvitationStatus,
    Notice,
    Role,
    SeekerProfile,
    TalentInvitation,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.services.search_index import gateway

# Every field a résumé document may hold; a new field must be added here on purpose.
ALLOWED_FIELDS = {
    "id",
    "desired_titles",
    "title_words",
    "skills",
    "school",
    "major",
    "major_category",
    "education",
    "education_rank",
    "graduation_year",
    "experience",
    "experience_text",
    "intro",
    "city",
    "target_groups",
    "job_status",
    "for_firms",
    "for_bureau",
    "updated_ms",
    "_vectors",
}


def seeker(make, app, firms=True, bureau=False, **fields):
    """A seeker with a résumé and the given consents; returns (Made, profile id)."""
    made = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == made.id))
        defaults = {
            "education": Education.BACHELOR,
            "school": "天津职业技术师范大学",
            "major": "机械设计制造及其自动化",
            "graduation_date": date(2025, 7, 1),
            "desired_titles": ["数控编程员"],
            "desired_adcodes": ["120000"],
            "skills": ["数控编程", "SolidWorks"],
            "experiences": [{"text": "2024.07-2024.09 天津某机械公司 数控实习生"}],
            "groups": ["graduate"],
        }
        for key, value in {**defaults, **fields}.items():
            setattr(profile, key, value)
        profile.open_to_recommendation = firms
        profile.bureau_consent_at = utcnow() if bureau else None
        db.session.commit()
        return made, profile.id


def raw_documents(app) -> list[dict]:
    """The résumé index as Meilisearch stores it (plain HTTP, every field, vectors included)."""
    with app.app_context():
        gw = gateway(app)
        response = requests.get(
            f"{app.config['MEILI_URL']}/indexes/{gw.uid('resumes')}/documents",
            params={"limit": 1000, "retrieveVectors": "true"},
            headers={"Authorization": f"Bearer {app.config['MEILI_MASTER_KEY']}"},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["results"]


def test_index_holds_no_personal_data(app, make):
    personal = {
        "name": "张三丰",
        "phone": "13912345678",
        "id_number": "120104199003071234",
        "self_intro": "我是张三丰，电话 139-1234-5678，邮箱 zsf1990@example.com，微信 zhangsf_1990，"
        "QQ 123456789，身份证120104199003071234，三丰擅长数控。",
        "experiences": [{"text": "2023.07-2025.06 天津某公司 数控编程员（联系人张三丰 13912345678）"}],
    }
    _, profile_id = seeker(make, app, bureau=True, **personal)
    index_now(app)
    documents = raw_documents(app)
    assert [d["id"] for d in documents] == [profile_id]
    for document in documents:
        assert set(document) <= ALLOWED_FIELDS, set(document) - ALLOWED_FIELDS
        assert set(document["_vectors"]) == {"occupation"}  # numbers only
        text = repr({k: v for k, v in document.items() if k != "_vectors"})
        for secret in (
            "张三丰",
            "三丰",
            "13912345678",
            "1234-5678",
            "120104199003071234",
            "zsf1990",
            "zhangsf_1990",
            "123456789",
            "19900307",
            "1990-03-07",
        ):
            assert secret not in text, secret
        strings = [v for v in document.values() if isinstance(v, str)]
        strings += [x for v in document.values() if isinstance(v, list) for x in v if isinstance(x, str)]
        assert not any(re.search(r"1[3-9]\d{9}|@", value) for value in strings), strings
    # what was scrubbed is still searchable where it is not personal
    assert "数控" in documents[0]["intro"] and "＊" in documents[0]["intro"]


def test_only_findable_resumes_are_indexed(app, make):
    _, both = seeker(make, app, firms=True, bureau=True)
    _, firms_only = seeker(make, app, firms=True, bureau=False)
    _, bureau_only = seeker(make, app, firms=False, bureau=True)
    _, neither = seeker(make, app, firms=False, bureau=False)
    _, empty = seeker(make, app, desired_titles=[], skills=[], major="", experiences=[])
    index_now(app)
    by_id = {d["id"]: d for d in raw_documents(app)}
    assert set(by_id) == {both, firms_only, bureau_only}
    assert (by_id[firms_only]["for_firms"], by_id[firms_only]["for_bureau"]) == (True, False)
    assert (by_id[bureau_only]["for_firms"], by_id[bureau_only]["for_bureau"]) == (False, True)
    assert by_id[both]["major_category"] == "机械类" and by_id[both]["graduation_year"] == "2025届"
    assert by_id[both]["experience"] == "1年以内"
    assert neither not in by_id and empty not in by_id


def test_firm_finds_opens_and_invites(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id, title="数控编程工程师")
    visible, visible_id = seeker(make, app, firms=True)
    _, hidden_id = seeker(make, app, firms=False, bureau=True)
    _, other_id = seeker(
        make, app, desired_titles=["会计"], skills=["财务分析"], major="会计学", experiences=[]
    )
    index_now(app)
    client = login_as(firm_user)
    page = client.get("/enterprise/talent?q=数控编程")
    assert page.status_code == 200
    html = page.text
    assert f"/enterprise/talent/{visible_id}" in html
    assert f"/enterprise/talent/{hidden_id}" not in html  # bureau consent only: never shown to firms
    assert f"/enterprise/talent/{other_id}" not in html
    assert "高校毕业生" not in html  # firms see no target groups
    card = client.get(f"/enterprise/talent/{visible_id}?post={post.id}")
    assert card.status_code == 200 and "数控编程员" in card.text and "求职者" in card.text
    assert client.get(f"/enterprise/talent/{hidden_id}").status_code == 404
    sent = client.post(
        f"/enterprise/talent/{visible_id}/invite", data={"post_id": post.id, "message": "欢迎"}
    )
    assert sent.status_code == 302
    again = client.post(
        f"/enterprise/talent/{visible_id}/invite", data={"post_id": post.id}, follow_redirects=True
    )
    assert "已邀请过" in again.text
    with app.app_context():
        notice = db.session.scalar(select(Notice).where(Notice.user_id == visible.id))
        assert notice is not None and "数控编程工程师" in notice.title and notice.link == f"/jobs/{post.id}"
        actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
        assert actions.count("talent_search") == 1 and "talent_view" in actions and "talent_invite" in actions
    # the seeker declines: the firm cannot invite again for that post
    seeker_client = app.test_client()
    login(seeker_client, visible.account)
    mine = seeker_client.get("/me/invitations")
    assert "数控编程工程师" in mine.text and "欢迎" in mine.text
    with app.app_context():
        invitation_id = db.session.scalar(select(TalentInvitation.id))
    seeker_client.post(f"/me/invitations/{invitation_id}/decline")
    with app.app_context():
        assert db.session.get(TalentInvitation, invitation_id).status == InvitationStatus.DECLINED
    declined = client.post(
        f"/enterprise/talent/{visible_id}/invite", data={"post_id": post.id}, follow_redirects=True
    )
    assert "已婉拒" in declined.text


def test_another_firms_post_cannot_be_named_in_an_invitation(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    other_post = make.post(make.enterprise().id)
    _, visible_id = seeker(make, app)
    index_now(app)
    client = login_as(firm_user)
    response = client.post(f"/enterprise/talent/{visible_id}/invite", data={"post_id": other_post.id})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(TalentInvitation.id)) is None


def test_daily_limits_per_firm(app, make, login_as):
    app.config.update(TALENT_SEARCHES_PER_DAY=2, TALENT_INVITES_PER_DAY=1)
    firm_user = make.user(Role.ENTERPRISE)
    member = make.user(Role.ENTERPRISE, enterprise_id=firm_user.enterprise_id)
    post = make.post(firm_user.enterprise_id)
    ids = [seeker(make, app)[1] for _ in range(2)]
    index_now(app)
    client = login_as(firm_user)
    assert "已达上限" not in client.get("/enterprise/talent?q=数控").text
    other = app.test_client()
    login(other, member.account)
    assert "已达上限" not in other.get("/enterprise/talent?q=机械").text  # a second member shares the budget
    assert "今日搜索人才次数已达上限" in client.get("/enterprise/talent?q=编程").text
    client.post(f"/enterprise/talent/{ids[0]}/invite", data={"post_id": post.id})
    refused = client.post(
        f"/enterprise/talent/{ids[1]}/invite", data={"post_id": post.id}, follow_redirects=True
    )
    assert "今日邀请投递次数已达上限" in refused.text
    with app.app_context():
        assert db.session.query(TalentInvitation).count() == 1


def test_unverified_firm_cannot_search(app, make, login_as):
    firm = make.enterprise(verification=Verification.PENDING)
    user = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    assert login_as(user).get("/enterprise/talent?q=数控").status_code == 403


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.SPECIALIST])
def test_bureau_cohort_search_needs_a_purpose_and_invites_to_a_fair(app, make, role):
    staff = make.user(role)
    fair = make.fair(title="机械类毕业生专场")
    invited, consenting = seeker(make, app, firms=False, bureau=True)
    _, firms_only = seeker(make, app, firms=True, bureau=False)
    _, accountant = seeker(
        make,
        app,
        firms=False,
        bureau=True,
        major="会计学",
        desired_titles=["会计"],
        skills=["财务"],
        experiences=[],
    )
    index_now(app)
    client = app.test_client()
    login(client, staff.account)
    no_purpose = client.get("/organizer/talent?q=机械")
    assert "请选择查询用途" in no_purpose.text and f"/organizer/talent/{consenting}" not in no_purpose.text
    found = client.get(
        "/organizer/talent?q=&purpose=招聘会邀约&note=机械专场&major_category=机械类&graduation_year=2025届"
    )
    html = found.text
    assert f"/organizer/talent/{consenting}" in html
    assert f"/organizer/talent/{firms_only}" not in html  # no bureau consent
    assert f"/organizer/talent/{accountant}" not in html  # 会计学 is not 机械类
    assert "高校毕业生" in html  # the bureau sees target groups
    sent = client.post(
        "/organizer/talent/invite-fair",
        data={"seeker": [consenting, firms_only], "fair_id": fair.id, "purpose": "招聘会邀约"},
        follow_redirects=True,
    )
    assert "已向 1 人发送招聘会邀请" in sent.text and "1 人已不在人才库" in sent.text
    repeat = client.post(
        "/organizer/talent/invite-fair",
        data={"seeker": [consenting], "fair_id": fair.id, "purpose": "招聘会邀约"},
        follow_redirects=True,
    )
    assert "已向 0 人" in repeat.text and "1 人此前已邀请" in repeat.text
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.user_id == invited.id)).all()
        assert [n.link for n in notices] == [f"/fairs/{fair.id}"]
        entries = db.session.scalars(select(AuditLog).where(AuditLog.actor_id == staff.id)).all()
        searches = [e for e in entries if e.action == "talent_search_bureau"]
        assert len(searches) == 1 and "招聘会邀约（机械专场）" in searches[0].detail
        assert "major_category=机械类" in searches[0].detail
        assert any(e.action == "talent_fair_invite" and "招聘会邀约" in e.detail for e in entries)


def test_seekers_never_search_each_other(app, make, login_as):
    user = make.user(Role.SEEKER)
    client = login_as(user)
    assert client.get("/enterprise/talent?q=数控").status_code == 403
    assert client.get("/organizer/talent?q=数控&purpose=其他&note=x").status_code == 403


def test_opting_out_removes_the_resume(app, make):
    _, profile_id = seeker(make, app, firms=True, bureau=True)
    index_now(app)
    assert profile_id in {d["id"] for d in raw_documents(app)}
    with app.app_context():
        profile = db.session.get(SeekerProfile, profile_id)
        profile.open_to_recommendation = False
        db.session.commit()
    index_now(app)
    assert [d["for_firms"] for d in raw_documents(app)] == [False]  # still there for the bureau only
    with app.app_context():
        db.session.get(SeekerProfile, profile_id).bureau_consent_at = None
        db.session.commit()
    index_now(app)
    assert raw_documents(app) == []


@pytest.mark.meili
@pytest.mark.slow
def test_opt_out_and_deletion_leave_the_index_across_a_meilisearch_restart(tmp_path):
    """Through the shipped path: the web form, the outbox and the sync worker, with Meilisearch killed while
    the seekers opt out and delete their account, and started again."""
    import secrets
    import signal
    import time

    from search.local_server import free_port, start
    from tests.conftest import Factory, make_app
    from webapp.services import search_outbox

    data, key, port = tmp_path / "meili", secrets.token_urlsafe(24), free_port()
    server = start(data, key, port=port)
    app = make_app(tmp_path, server)
    make = Factory(app)
    leaving, leaving_id = seeker(make, app, firms=True, bureau=True)
    deleting, deleting_id = seeker(make, app, firms=True)
    _, staying_id = seeker(make, app, firms=True)
    worker = search_outbox.SyncWorker(app, interval=0.2)
    worker.start()
    try:
        assert _wait_for(app, lambda ids: ids == {leaving_id, deleting_id, staying_id}, 30)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        first = app.test_client()
        login(first, leaving.account)
        form = first.get("/me/profile").text
        assert "允许招聘企业" in form
        saved = first.post(
            "/me/profile",
            data={
                "name": "求职者",
                "phone": leaving.account,
                "education": "bachelor",
                "desired_titles": "数控编程员",
            },
        )
        assert saved.status_code == 302  # both consents unticked
        second = app.test_client()
        login(second, deleting.account)
        assert second.post("/me/delete", data={"password": PASSWORD}).status_code == 302
        time.sleep(1.0)  # the worker meets the outage
        server = start(data, key, port=port)
        started = time.monotonic()
        assert _wait_for(app, lambda ids: ids == {staying_id}, 60)
        print(f"résumés left the index {time.monotonic() - started:.1f} s after Meilisearch came back")
    finally:
        worker.stop()
        worker.join(10)
        server.stop()


def _wait_for(app, condition, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition({d["id"] for d in raw_documents(app)}):
                return True
        except requests.RequestException:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.meili
def test_talent_evaluation_runs_through_the_product_path(app, runner):
    """CI-sized ``flask search eval-talent``: generated seekers, the product's search vs TF-IDF."""
    import json
    from pathlib import Path

    shared = Path(app.config["SHARED_DATA_DIR"])
    if not (shared / "occupations" / "title_to_code_public.csv").is_file():
        pytest.skip("../shared/data is not here")
    app.config["TITLE_CASES_CSV"] = str(shared / "occupations" / "title_to_code_public.csv")
    result = runner.invoke(args=["search", "eval-talent", "--seeds", "1", "--codes", "15", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    run = figures["runs"][0]
    assert run["seekers"] >= 45 and run["queries"] >= 30
    ours, tfidf = run["ours"]["all"], run["tfidf_char_1_3"]["all"]
    # generated truth is found: far above chance (a random order scores about 0.03 here)
    assert ours["map"] > 0.35 and tfidf["map"] > 0.35
    assert set(run["ours"]) >= {"all", "name", "alias", "skill"}


def test_a_bureau_query_in_plain_words_becomes_filters(app, make):
    staff = make.user(Role.SPECIALIST)
    _, fits = seeker(make, app, firms=False, bureau=True)  # 2025届 机械 本科 天津, not hired
    _, older = seeker(make, app, firms=False, bureau=True, graduation_date=date(2022, 7, 1))
    _, elsewhere = seeker(make, app, firms=False, bureau=True, desired_adcodes=["320100"])
    _, associate = seeker(make, app, firms=False, bureau=True, education=Education.ASSOCIATE)
    index_now(app)
    client = app.test_client()
    login(client, staff.account)
    html = client.get(
        "/organizer/talent", query_string={"q": "2025届 机械类 本科 天津 未就业", "purpose": "就业见习"}
    ).text
    assert f"/organizer/talent/{fits}" in html
    for other in (older, elsewhere, associate):
        assert f"/organizer/talent/{other}" not in html
    assert "共 <strong>1</strong> 位求职者" in html


def test_closing_the_account_removes_the_resume(app, make):
    made, profile_id = seeker(make, app, firms=True, bureau=True)
    index_now(app)
    with app.app_context():
        from webapp.models import User

        db.session.get(User, made.id).is_active_account = False
        db.session.commit()
    index_now(app)
    assert profile_id not in {d["id"] for d in raw_documents(app)}
