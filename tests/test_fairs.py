"""Fairs end to end through the web: brands, creation, sign-up, decisions, booths, registration, check-in,
search within a fair (real Meilisearch), the report and its Excel file, the calendar feed."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest

from tests.conftest import index_now, login
from webapp.extensions import db
from webapp.fairs import attendance, brands
from webapp.models import (
    ActivityBrand,
    Application,
    ApplicationSource,
    AuditLog,
    Fair,
    FairParticipation,
    FairRegistration,
    ParticipationStatus,
    PostStatus,
    Role,
    SeekerProfile,
)
from webapp.models.mixins import utcnow


def _local(dt) -> str:
    return (dt + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


# --- brands and the calendar ----------------------------------------------------------------------


def test_brand_files_load_once_and_keep_edits(app, make, login_as):
    with app.app_context():
        added = brands.load_all()
        assert added >= 27  # 2025: 10 national + 3 local; 2026 adds the live-streaming week
        names_2026 = {b.name for b in brands.brands(2026)}
        assert "直播带岗专项招聘周" in names_2026
        assert "直播带岗专项招聘周" not in {b.name for b in brands.brands(2025)}
        brand_id = next(b.id for b in brands.brands(2026) if b.code == "golden-autumn")
    organizer = make.user(Role.ORGANIZER)
    client = login_as(organizer)
    response = client.post(
        f"/organizer/brands/{brand_id}/edit",
        data={
            "name": "金秋招聘月（天津）",
            "period_text": "10月",
            "active": "y",
            "starts_on": "2026-10-01",
            "ends_on": "2026-10-31",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert brands.load_all() == 0  # reloading adds nothing and keeps the edit
        assert db.session.get(ActivityBrand, brand_id).name == "金秋招聘月（天津）"
        assert db.session.scalar(db.select(AuditLog).where(AuditLog.action == "save_brand")) is not None


def test_brand_edit_rejects_end_before_start(app, make, login_as):
    with app.app_context():
        brands.load_all()
        brand_id = brands.brands(2026)[0].id
    client = login_as(make.user(Role.ORGANIZER))
    response = client.post(
        f"/organizer/brands/{brand_id}/edit",
        data={"name": "就业援助月", "starts_on": "2026-12-15", "ends_on": "2026-12-01"},
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.text


def test_calendar_page_and_ics_feed(app, make, client):
    with app.app_context():
        brands.load_all()
    fair = make.fair(title="秋季专场; 含逗号, 和换行")
    page = client.get("/calendar?year=2026")
    assert page.status_code == 200
    assert "直播带岗专项招聘周" in page.text and "全年活动" in page.text
    feed = client.get("/calendar.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    text = feed.data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"UID:fair-{fair.id}@yangfan-zone" in text
    assert "SUMMARY:秋季专场\\; 含逗号\\, 和换行" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines must be folded"
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") >= 28
    # all-day brand events end the day after their last day (DTEND is exclusive)
    assert "DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261101" in text


# --- creating a fair ------------------------------------------------------------------------------


def test_organizer_creates_and_publishes_a_fair(app, make, login_as):
    client = login_as(make.user(Role.ORGANIZER))
    start = utcnow() + timedelta(days=5)
    form = {
        "title": "南开区专精特新企业专场招聘会",
        "mode": "offline",
        "venue": "南开区人力资源市场",
        "booth_count": "20",
        "capacity": "300",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=4)),
        "target_groups": ["graduate"],
    }
    response = client.post("/organizer/fairs/new", data=form)
    assert response.status_code == 302
    with app.app_context():
        fair = db.session.scalar(db.select(Fair))
        assert abs((fair.starts_at - start).total_seconds()) < 60  # typed as 北京时间, stored as UTC
        assert fair.status.value == "draft"
        fair_id = fair.id
    assert client.get(f"/fairs/{fair_id}").status_code == 404  # drafts are not public
    client.post(f"/organizer/fairs/{fair_id}/status", data={"status": "published"})
    assert client.get(f"/fairs/{fair_id}").status_code == 200


@pytest.mark.parametrize(
    "change, message",
    [
        ({"venue": ""}, "请填写场馆"),
        ({"ends_at": "START"}, "结束时间必须晚于开始时间"),
        ({"seeker_signup_until": "LATE"}, "不能晚于招聘会结束时间"),
    ],
)
def test_fair_form_rejects_bad_dates_and_missing_venue(app, make, login_as, change, message):
    client = login_as(make.user(Role.ORGANIZER))
    start = utcnow() + timedelta(days=5)
    form = {
        "title": "招聘会",
        "mode": "offline",
        "venue": "场馆",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=4)),
    }
    for key, value in change.items():
        form[key] = {"START": form["starts_at"], "LATE": _local(start + timedelta(days=2))}.get(value, value)
    response = client.post("/organizer/fairs/new", data=form)
    assert response.status_code == 200 and message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Fair)) == 0


# --- enterprises sign up; organizers decide and assign booths -------------------------------------


def test_enterprise_signs_up_with_its_published_posts_only(app, make, login_as):
    fair = make.fair()
    owner = make.user(Role.ENTERPRISE)
    mine = make.post(owner.enterprise_id)
    draft = make.post(owner.enterprise_id, status=PostStatus.DRAFT)
    other = make.post()
    client = login_as(owner)
    page = client.get(f"/enterprise/fairs/{fair.id}/signup")
    assert page.status_code == 200 and "机械设计工程师" in page.text
    foreign = client.post(f"/enterprise/fairs/{fair.id}/signup", data={"post_ids": [other.id]})
    assert "只能选择本企业的岗位" in foreign.text
    bad = client.post(f"/enterprise/fairs/{fair.id}/signup", data={"post_ids": [draft.id]})
    assert "只能带已发布且在有效期内的岗位" in bad.text
    ok = client.post(
        f"/enterprise/fairs/{fair.id}/signup", data={"post_ids": [mine.id], "note": "需要两张桌子"}
    )
    assert ok.status_code == 302
    with app.app_context():
        p = db.session.scalar(db.select(FairParticipation))
        assert p.status == ParticipationStatus.PENDING and [link.post_id for link in p.posts] == [mine.id]
        assert p.note == "需要两张桌子"


def test_enterprise_signup_window_is_enforced(app, make, login_as):
    fair = make.fair(enterprise_signup_until=utcnow() - timedelta(hours=1))
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id)
    response = login_as(owner).post(f"/enterprise/fairs/{fair.id}/signup", data={"post_ids": [post.id]})
    assert "不在企业报名时间内" in response.text


def test_unverified_enterprise_cannot_sign_up(app, make, login_as):
    from webapp.models import Verification

    fair = make.fair()
    owner = make.user(Role.ENTERPRISE, enterprise_id=make.enterprise(verification=Verification.PENDING).id)
    response = login_as(owner).post(f"/enterprise/fairs/{fair.id}/signup", data={"post_ids": []})
    assert "通过认证后才能报名" in response.text


def test_decisions_and_booths(app, make, login_as):
    fair = make.fair(booth_count=2)
    firms = [make.enterprise() for _ in range(3)]
    parts = [
        make.participation(fair.id, f.id, [make.post(f.id).id], status=ParticipationStatus.PENDING)
        for f in firms
    ]
    client = login_as(make.user(Role.ORGANIZER))
    client.post(f"/organizer/fairs/participations/{parts[0].id}/decide", data={"decision": "approve"})
    client.post(f"/organizer/fairs/participations/{parts[1].id}/decide", data={"decision": "approve"})
    no_reason = client.post(
        f"/organizer/fairs/participations/{parts[2].id}/decide",
        data={"decision": "reject"},
        follow_redirects=True,
    )
    assert "不通过时请填写原因" in no_reason.text
    client.post(
        f"/organizer/fairs/participations/{parts[2].id}/decide",
        data={"decision": "reject", "reason": "岗位与主题不符"},
    )
    with app.app_context():
        got = {p.id: p for p in db.session.scalars(db.select(FairParticipation))}
        assert got[parts[0].id].booth == "A01" and got[parts[1].id].booth == "A02"  # assigned in order
        assert got[parts[2].id].status == ParticipationStatus.REJECTED and got[parts[2].id].booth == ""
    clash = client.post(
        f"/organizer/fairs/participations/{parts[1].id}/booth", data={"booth": "a01"}, follow_redirects=True
    )
    assert "展位 A01 已分配给" in clash.text
    client.post(f"/organizer/fairs/participations/{parts[1].id}/booth", data={"booth": "B07"})
    with app.app_context():
        assert db.session.get(FairParticipation, parts[1].id).booth == "B07"


# --- seekers register, get a QR code, are checked in ----------------------------------------------


def test_registration_qr_and_check_in(app, make, login_as):
    fair = make.fair(capacity=1)
    other_fair = make.fair()
    seeker = make.user(Role.SEEKER)
    client = login_as(seeker)
    assert client.post(f"/me/fairs/{fair.id}/register").status_code == 302
    with app.app_context():
        reg = db.session.scalar(db.select(FairRegistration))
        code, reg_id = reg.code, reg.id
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code)
    page = client.get("/me/fairs")
    assert code in page.text
    qr = client.get(f"/me/fairs/registrations/{reg_id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b'xmlns="http://www.w3.org/2000/svg"' in qr.data  # a standalone image needs the namespace
    # capacity 1: the next seeker is turned away
    second = app.test_client()
    login(second, make.user(Role.SEEKER).account)
    assert "报名人数已满" in second.post(f"/me/fairs/{fair.id}/register", follow_redirects=True).text

    staff = app.test_client()
    login(staff, make.user(Role.SPECIALIST).account)
    wrong = staff.post(f"/organizer/fairs/{other_fair.id}/checkin", data={"code": code})
    assert "属于另一场招聘会" in wrong.text
    unknown = staff.post(f"/organizer/fairs/{fair.id}/checkin", data={"code": "ZZZZZZZZ"})
    assert "不存在" in unknown.text
    # a scanner may deliver the code in lower case with a dash
    ok = staff.post(f"/organizer/fairs/{fair.id}/checkin", data={"code": f" {code[:4].lower()}-{code[4:]} "})
    assert "签到成功" in ok.text and "求职者" in ok.text
    again = staff.post(
        f"/organizer/fairs/{fair.id}/checkin", data={"code": code}, headers={"Accept": "application/json"}
    )
    assert again.status_code == 200 and again.json["repeat"] is True
    with app.app_context():
        reg = db.session.get(FairRegistration, reg_id)
        assert reg.checked_in_at is not None
        assert db.session.scalar(db.select(AuditLog).where(AuditLog.action == "fair_check_in")) is not None
    # a checked-in registration cannot be cancelled
    cancelled = client.post(f"/me/fairs/registrations/{reg_id}/cancel", follow_redirects=True)
    assert "已签到，不能取消报名" in cancelled.text


def test_registration_window_closed(app, make, login_as):
    fair = make.fair(seeker_signup_until=utcnow() - timedelta(minutes=1))
    response = login_as(make.user(Role.SEEKER)).post(f"/me/fairs/{fair.id}/register", follow_redirects=True)
    assert "不在报名时间内" in response.text


# --- the fair page: enterprises and posts, searchable through Meilisearch -------------------------


def test_fair_page_searches_only_the_fairs_posts(app, make, client):
    fair = make.fair(title="智能制造专场")
    at_fair = make.enterprise(name="天津云帆精密机械有限公司")
    brought = make.post(at_fair.id, title="数控车工")
    not_brought = make.post(at_fair.id, title="数控铣工")
    elsewhere = make.post(title="数控编程员")
    pending_firm = make.enterprise()
    pending_post = make.post(pending_firm.id, title="数控机床装调维修工")
    make.participation(fair.id, at_fair.id, [brought.id])
    make.participation(fair.id, pending_firm.id, [pending_post.id], status=ParticipationStatus.PENDING)
    index_now(app)
    page = client.get(f"/fairs/{fair.id}?q=数控")
    assert page.status_code == 200
    assert "天津云帆精密机械有限公司" in page.text
    assert f'href="/jobs/{brought.id}?fair={fair.id}"' in page.text  # links carry the fair for attribution
    assert "共 <strong>1</strong> 个岗位" in page.text
    for absent in (not_brought, elsewhere, pending_post):
        assert f"/jobs/{absent.id}?" not in page.text
    assert "降级" not in page.text and "暂时不可用" not in page.text  # answered by Meilisearch
    # the fair is a facet of the main search too
    facets = client.get("/api/v1/jobs?q=数控").json["facets"]
    assert facets.get("fair") == {"智能制造专场": 1}
    assert {brought.id, not_brought.id, elsewhere.id} <= {
        h["id"] for h in client.get("/api/v1/jobs?q=数控").json["hits"]
    }


def test_fair_facet_follows_the_organizers_decision(app, make, login_as):
    fair = make.fair(title="春季专场")
    firm = make.enterprise()
    post = make.post(firm.id, title="电气工程师")
    part = make.participation(fair.id, firm.id, [post.id], status=ParticipationStatus.PENDING)
    index_now(app)
    client = login_as(make.user(Role.ORGANIZER))
    assert client.get("/api/v1/jobs?fair=春季专场").json["total"] == 0
    client.post(f"/organizer/fairs/participations/{part.id}/decide", data={"decision": "approve"})
    index_now(app)
    assert [h["id"] for h in client.get("/api/v1/jobs?fair=春季专场").json["hits"]] == [post.id]
    client.post(f"/organizer/fairs/{fair.id}/status", data={"status": "cancelled"})
    index_now(app)
    assert client.get("/api/v1/jobs?fair=春季专场").json["total"] == 0


def test_apply_from_the_fair_page_is_attributed_to_the_fair(app, make, login_as):
    fair = make.fair()
    firm = make.enterprise()
    post = make.post(firm.id)
    make.participation(fair.id, firm.id, [post.id])
    client = login_as(make.user(Role.SEEKER))
    detail = client.get(f"/jobs/{post.id}?fair={fair.id}")
    assert f'name="fair_id" value="{fair.id}"' in detail.text
    client.post(f"/me/apply/{post.id}", data={"fair_id": str(fair.id)})
    # a fair id the post is not at is ignored (no made-up attribution)
    other = make.post(firm.id)
    client.post(f"/me/apply/{other.id}", data={"fair_id": str(fair.id)})
    with app.app_context():
        got = {a.post_id: (a.source, a.source_ref) for a in db.session.scalars(db.select(Application))}
    assert got[post.id] == (ApplicationSource.FAIR, f"fair:{fair.id}")
    assert got[other.id] == (ApplicationSource.SEARCH, "")


# --- the report -----------------------------------------------------------------------------------


def test_report_counts_and_excel(app, make, login_as):
    fair = make.fair(title='=HYPERLINK("http://x")专场')
    firm_a, firm_b = make.enterprise(name="甲公司"), make.enterprise(name="乙公司")
    post_a, post_b = make.post(firm_a.id, headcount=3), make.post(firm_b.id, headcount=2)
    make.participation(fair.id, firm_a.id, [post_a.id], booth="A01")
    make.participation(fair.id, firm_b.id, [post_b.id], booth="A02")
    seekers = [make.user(Role.SEEKER) for _ in range(4)]
    owner_a = make.user(Role.ENTERPRISE, enterprise_id=firm_a.id)
    with app.app_context():
        profiles = [
            db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == s.id)) for s in seekers
        ]
        for i, profile in enumerate(profiles):
            reg = FairRegistration(fair_id=fair.id, seeker_id=profile.id, code=attendance.new_code())
            reg.checked_in_at = utcnow() if i < 3 else None
            db.session.add(reg)
        db.session.commit()
    for s in seekers[:3]:  # three apply at the fair to firm A, one applies from search (not counted)
        login_as(s).post(f"/me/apply/{post_a.id}", data={"fair_id": str(fair.id)})
    login_as(seekers[3]).post(f"/me/apply/{post_b.id}")
    with app.app_context():
        apps = db.session.scalars(db.select(Application).where(Application.post_id == post_a.id)).all()
        ids = [a.id for a in apps]
    client = login_as(owner_a)
    client.post(f"/enterprise/applications/{ids[0]}/status", data={"status": "interview"})
    client.post(f"/enterprise/applications/{ids[1]}/status", data={"status": "interview"})
    client.post(f"/enterprise/applications/{ids[1]}/status", data={"status": "hired"})
    organizer = login_as(make.user(Role.ORGANIZER))
    page = organizer.get(f"/organizer/fairs/{fair.id}/report")
    assert page.status_code == 200
    with app.app_context():
        from webapp.fairs import report as fair_report

        report = fair_report.build(db.session.get(Fair, fair.id))
    assert (report.enterprises, report.posts, report.openings) == (2, 2, 5)
    assert (report.registrations, report.check_ins) == (4, 3)
    assert (report.applications, report.interviews, report.hires) == (3, 2, 1)
    assert report.lines[0].name == "甲公司" and report.lines[0].applications == 3
    xlsx = organizer.get(f"/organizer/fairs/{fair.id}/report?format=xlsx")
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(values_only=True)}
    assert summary["投递"] == 3 and summary["录用"] == 1 and summary["签到"] == 3
    assert summary["招聘会"].startswith("'=")  # formula neutralised
    assert [r for r in wb["参会企业"].iter_rows(values_only=True)][1][:4] == ("甲公司", "A01", 1, 3)
    with app.app_context():
        assert (
            db.session.scalar(db.select(AuditLog).where(AuditLog.action == "export_fair_report")) is not None
        )


def test_cli_loads_brands_and_lists_fairs(app, make, runner):
    result = runner.invoke(args=["fairs", "load-brands"])
    assert result.exit_code == 0 and "brands_2026.toml: 14 added" in result.output
    again = runner.invoke(args=["fairs", "load-brands"])
    assert "brands_2026.toml: 0 added, 14 already present" in again.output
    make.fair(title="列表里的招聘会")
    listed = runner.invoke(args=["fairs", "list"])
    assert "列表里的招聘会" in listed.output


def test_labels_of_enums_sharing_a_value_stay_apart():
    """ "live" and "rejected" exist in several vocabularies; each keeps its own Chinese label."""
    from webapp.models import ApplicationSource, FairMode, LiveStatus, Verification

    assert (ApplicationSource.LIVE.label, LiveStatus.LIVE.label, FairMode.LIVE.label) == (
        "直播带岗",
        "直播中",
        "直播",
    )
    assert (PostStatus.REJECTED.label, Verification.REJECTED.label, ParticipationStatus.REJECTED.label) == (
        "已驳回",
        "未通过",
        "未通过",
    )


def test_match_counts_per_fair_for_organizers(app, make, login_as):
    """供需匹配: registered seekers who fit each post well, and others open to recommendation (counts)."""
    from webapp.models import Education
    from webapp.services import recommendations

    fair = make.fair()
    firm = make.enterprise()
    post = make.post(
        firm.id,
        title="数据分析师",
        skills=["Python", "SQL"],
        description="负责业务数据分析与报表，使用Python和SQL建模",
        requirements="统计学或计算机相关专业，熟悉Python、SQL",
        adcode="120104",
    )
    make.participation(fair.id, firm.id, [post.id])

    def seeker(title, skills, adcode, open_=True, register=False):
        made = make.user(Role.SEEKER)
        with app.app_context():
            profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == made.id))
            profile.desired_titles, profile.skills, profile.desired_adcodes = [title], skills, [adcode]
            profile.education, profile.major = Education.BACHELOR, "统计学"
            profile.open_to_recommendation = open_
            if register:
                db.session.add(
                    FairRegistration(fair_id=fair.id, seeker_id=profile.id, code=attendance.new_code())
                )
            db.session.commit()
            return profile.id

    seeker("数据分析师", ["Python", "SQL"], "120000", register=True)
    seeker("焊工", ["氩弧焊"], "320500", register=True)  # registered, but not a fit
    seeker("数据分析师", ["Python", "SQL", "Tableau"], "120000")  # could be invited
    seeker("数据分析师", ["Python", "SQL"], "120000", open_=False)  # did not agree to be recommended
    with app.app_context():
        rows = recommendations.fair_match_counts(fair.id)
    assert [(r.post.id, r.registered, r.pool) for r in rows] == [(post.id, 1, 1)]
    assert rows[0].best >= recommendations.GOOD_MATCH
    page = login_as(make.user(Role.SPECIALIST)).get(f"/organizer/fairs/{fair.id}/matches")
    assert page.status_code == 200 and "数据分析师" in page.text
    assert not re.search(r"求职者\d", page.text)  # counts, never names


def test_people_are_told_about_decisions_changes_and_cancellation(app, make, login_as):
    from webapp.models import Notice

    fair = make.fair(title="春季双选会")
    owner = make.user(Role.ENTERPRISE)
    member = make.user(Role.ENTERPRISE, enterprise_id=owner.enterprise_id)
    withdrawn = make.user(Role.ENTERPRISE)
    part = make.participation(
        fair.id, owner.enterprise_id, [make.post(owner.enterprise_id).id], status=ParticipationStatus.PENDING
    )
    make.participation(
        fair.id,
        withdrawn.enterprise_id,
        [make.post(withdrawn.enterprise_id).id],
        status=ParticipationStatus.WITHDRAWN,
    )
    seeker = make.user(Role.SEEKER)
    login_as(seeker).post(f"/me/fairs/{fair.id}/register")

    def notices(user) -> list[str]:
        with app.app_context():
            return [n.title for n in db.session.scalars(db.select(Notice).where(Notice.user_id == user.id))]

    organizer = app.test_client()
    login(organizer, make.user(Role.ORGANIZER).account)
    organizer.post(f"/organizer/fairs/participations/{part.id}/decide", data={"decision": "approve"})
    assert notices(owner) == notices(member) == ["招聘会报名已通过：春季双选会"]
    with app.app_context():
        moved = db.session.get(Fair, fair.id)
        start = moved.starts_at + timedelta(days=1)
    organizer.post(
        f"/organizer/fairs/{fair.id}/edit",
        data={"title": "春季双选会", "mode": "hybrid", "venue": "南开区人力资源市场",
              "starts_at": _local(start), "ends_at": _local(start + timedelta(days=7))},
    )  # fmt: skip
    assert "招聘会时间或地点调整：春季双选会" in notices(seeker)
    organizer.post(f"/organizer/fairs/{fair.id}/status", data={"status": "cancelled"})
    assert "招聘会已取消：春季双选会" in notices(seeker)
    assert "招聘会已取消：春季双选会" in notices(member)
    assert notices(withdrawn) == []  # firms that withdrew are not told


def test_registered_seekers_hear_when_the_live_room_opens(app, make, login_as):
    from webapp.models import Notice

    fair = make.fair()
    firm = make.enterprise()
    make.participation(fair.id, firm.id, [make.post(firm.id).id])
    session = make.live_session(fair.id, [firm.id])
    registered, other = make.user(Role.SEEKER), make.user(Role.SEEKER)
    login_as(registered).post(f"/me/fairs/{fair.id}/register")
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    staff.post(f"/organizer/live/{session.id}/start")
    with app.app_context():
        told = {n.user_id: n.link for n in db.session.scalars(db.select(Notice))}
    assert told == {registered.id: f"/live/{session.id}"} and other.id not in told


@pytest.mark.parametrize(
    "starts, ends, message",
    [
        (timedelta(days=3), timedelta(days=3, hours=4), "签到将于"),
        (-timedelta(days=1), -timedelta(hours=2), "已结束"),
    ],
)
def test_check_in_only_around_the_fair(app, make, login_as, starts, ends, message):
    fair = make.fair(starts_at=utcnow() + starts, ends_at=utcnow() + ends)
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        db.session.add(FairRegistration(fair_id=fair.id, seeker_id=profile.id, code="ABCD2345"))
        db.session.commit()
    response = login_as(make.user(Role.SPECIALIST)).post(
        f"/organizer/fairs/{fair.id}/checkin", data={"code": "ABCD2345"}
    )
    assert message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(FairRegistration)).checked_in_at is None


def test_registrants_are_reminded_the_day_before_once(app, make, runner):
    from webapp.models import Notice

    soon = make.fair(
        title="明天的专场", starts_at=utcnow() + timedelta(hours=12), ends_at=utcnow() + timedelta(hours=16)
    )
    later = make.fair(
        title="下周的专场",
        starts_at=utcnow() + timedelta(days=7),
        ends_at=utcnow() + timedelta(days=7, hours=3),
    )
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        for fair_id in (soon.id, later.id):
            db.session.add(
                FairRegistration(fair_id=fair_id, seeker_id=profile.id, code=attendance.new_code())
            )
        db.session.commit()
    assert "reminded 1 registrations" in runner.invoke(args=["fairs", "remind"]).output
    assert "reminded 0 registrations" in runner.invoke(args=["fairs", "remind"]).output
    with app.app_context():
        titles = [n.title for n in db.session.scalars(db.select(Notice).where(Notice.user_id == seeker.id))]
    assert titles == ["明天参加招聘会：明天的专场"]


def test_fair_page_recommends_the_seekers_best_posts_at_that_fair(app, make, login_as):
    from webapp.models import Education

    fair = make.fair()
    firm = make.enterprise()
    at_fair = make.post(firm.id, title="数据分析师", skills=["Python", "SQL"], adcode="120104")
    make.participation(fair.id, firm.id, [at_fair.id])
    elsewhere = make.post(title="数据分析师", skills=["Python", "SQL"], adcode="120104")  # not at the fair
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.desired_titles, profile.skills, profile.desired_adcodes = (
            ["数据分析师"],
            ["Python", "SQL"],
            ["120000"],
        )
        profile.education = Education.BACHELOR
        db.session.commit()
    page = login_as(seeker).get(f"/fairs/{fair.id}").text
    picks = page.split('id="picks-h"')[1].split("</section>")[0]
    assert f"/jobs/{at_fair.id}?fair={fair.id}" in picks and f"/jobs/{elsewhere.id}" not in picks
    assert "分</span>" in picks


def test_fair_page_search_falls_back_to_the_database(tmp_path):
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, None)  # Meilisearch unreachable
    make = Factory(app)
    fair, firm = make.fair(), make.enterprise()
    brought, other = make.post(firm.id, title="数控车工"), make.post(firm.id, title="数控铣工")
    make.participation(fair.id, firm.id, [brought.id])
    page = app.test_client().get(f"/fairs/{fair.id}?q=数控").text
    assert "搜索服务暂时不可用" in page
    assert f"/jobs/{brought.id}?fair={fair.id}" in page and f"/jobs/{other.id}?" not in page


def test_an_in_memory_database_needs_no_pool_settings():
    from webapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "MEILI_URL": ""})
    with app.app_context():
        from webapp.extensions import db as database

        assert database.engine.dialect.name == "sqlite"
