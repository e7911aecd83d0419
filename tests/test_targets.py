"""The targets dashboard against figures worked out by hand: who counts (专精特新 tiers, the region, insured
hires, the period from the target's counted_from), 北京 month boundaries for timestamps, the shares, the
records behind each figure, audited target edits, and the page and exports as an organizer gets them."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    AuditLog,
    ClaimStatus,
    FairStatus,
    HireRecord,
    PostStatus,
    Role,
    SeekerProfile,
    SkillLevel,
    SubsidyClaim,
    TargetMetric,
    Tier,
    TitleLevel,
)
from webapp.services import ServiceError
from webapp.subsidies.services import graduate_at_hire
from webapp.targets import services

NOW = datetime(2025, 12, 20, 4, 0)  # 2025-12-20 12:00 北京时间


def utc(text: str) -> datetime:
    """A 北京时间 'YYYY-MM-DD HH:MM' as the naive UTC the database stores."""
    return datetime.fromisoformat(text) - timedelta(hours=8)


@pytest.fixture
def zone(app, make):
    """Four firms, eight hires (four of them counted for 江苏 2025), fairs, posts and claims on the edges."""
    suzhou = make.enterprise(name="苏州甲科技有限公司", tier=Tier.SPECIALIZED, adcode="320505")
    nanjing = make.enterprise(name="南京乙股份有限公司", tier=Tier.LITTLE_GIANT, adcode="320102")
    innovative = make.enterprise(name="苏州丙有限公司", tier=Tier.INNOVATIVE, adcode="320505")
    tianjin = make.enterprise(name="天津丁科技有限公司", tier=Tier.SPECIALIZED, adcode="120104")
    seeker = make.user(Role.SEEKER)
    hires = [  # firm, start, insured months, graduate, skill, title
        (suzhou, date(2025, 1, 15), 3, True, SkillLevel.SENIOR, TitleLevel.NONE),
        (suzhou, date(2025, 1, 31), 1, False, SkillLevel.NONE, TitleLevel.ASSOCIATE_SENIOR),
        (suzhou, date(2025, 2, 1), 0, True, SkillLevel.SENIOR, TitleLevel.SENIOR),  # not insured
        (nanjing, date(2025, 3, 10), 2, False, SkillLevel.TECHNICIAN, TitleLevel.INTERMEDIATE),
        (nanjing, date(2024, 6, 1), 12, True, SkillLevel.JUNIOR, TitleLevel.NONE),  # 2024: counted from 2024
        (innovative, date(2025, 3, 10), 5, True, SkillLevel.SENIOR, TitleLevel.NONE),  # not 专精特新
        (tianjin, date(2025, 3, 10), 5, True, SkillLevel.SENIOR, TitleLevel.NONE),  # not 江苏
        (suzhou, date(2026, 1, 1), 1, True, SkillLevel.SENIOR, TitleLevel.NONE),  # next year
    ]
    posts = {
        firm.id: make.post(firm.id, status=PostStatus.CLOSED)
        for firm in (suzhou, nanjing, innovative, tianjin)
    }
    hire_posts = [
        make.post(firm.id, title=f"岗位{i}", status=PostStatus.CLOSED) for i, (firm, *_) in enumerate(hires)
    ]
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        records = []
        for post, (firm, start, insured, graduate, skill, title) in zip(hire_posts, hires, strict=True):
            application = Application(seeker_id=profile.id, post_id=post.id, status=ApplicationStatus.HIRED)
            db.session.add(application)
            db.session.flush()
            record = HireRecord(
                application_id=application.id, enterprise_id=firm.id, seeker_id=profile.id, start_date=start,
                insured_months=insured, graduate=graduate, skill_level=skill, title_level=title,
            )  # fmt: skip
            db.session.add(record)
            records.append(record)
        db.session.flush()
        from webapp.models import JobPost

        for post_id, at in (
            (posts[suzhou.id].id, utc("2025-12-31 23:30")),  # December in 北京
            (posts[nanjing.id].id, utc("2026-01-01 00:10")),  # still 2025 in UTC: not counted
            (posts[innovative.id].id, utc("2025-06-01 10:00")),  # not 专精特新
        ):
            db.session.get(JobPost, post_id).published_at = at
        for firm_id, hire, amount, status, paid in (
            (suzhou.id, None, 3000, ClaimStatus.PAID, utc("2025-05-05 10:00")),
            (None, records[3].id, 1000, ClaimStatus.PAID, utc("2025-05-06 10:00")),  # through the hire
            (suzhou.id, None, 500, ClaimStatus.CLAIMED, None),
        ):
            db.session.add(
                SubsidyClaim(
                    rule_id=f"r{amount}", rule_version=1, subject_key=f"s{amount}", title="补贴",
                    beneficiary="enterprise", enterprise_id=firm_id, hire_id=hire, amount=amount,
                    status=status, paid_at=paid,
                )
            )  # fmt: skip
        db.session.commit()
    make.fair(
        title="1月末场", adcode="320500", starts_at=utc("2025-01-31 23:00"), ends_at=utc("2025-02-01 01:00")
    )
    make.fair(
        title="2月首场", adcode="320100", starts_at=utc("2025-02-01 00:30"), ends_at=utc("2025-02-01 05:00")
    )
    make.fair(title="草稿", adcode="320100", status=FairStatus.DRAFT, starts_at=utc("2025-03-01 09:00"))
    make.fair(title="天津场", adcode="120104", starts_at=utc("2025-03-01 09:00"))
    make.fair(title="未开始", adcode="320100", starts_at=utc("2025-12-25 09:00"))
    with app.app_context():
        assert services.seed_jiangsu() == 6
    return {"suzhou": suzhou, "nanjing": nanjing}


def figures(app, region="320000", year=2025):
    with app.app_context():
        board = services.dashboard(region, year, now=NOW)
        return {f.metric or f.kind: f for f in board.figures}


def test_the_figures_are_what_a_person_counts_by_hand(app, zone):
    f = figures(app)
    hires = f[TargetMetric.INSURED_HIRES]
    assert (hires.actual, hires.before, hires.months[:3]) == (4, 1, [2, 0, 1])  # 2024-06 counted before
    assert hires.target == 100_000 and hires.gap == 99_996
    assert hires.period.start == date(2024, 1, 1)
    graduate = f[TargetMetric.GRADUATE_SHARE]
    assert (graduate.numerator, graduate.denominator, graduate.actual) == (2, 4, 50.0)
    assert graduate.months[:3] == [50.0, None, 0.0]  # a month without hires has no share
    assert f[TargetMetric.HIGH_SKILL_SHARE].actual == 50.0  # 高级工 and 技师; 初级工 is not
    assert f[TargetMetric.SENIOR_TITLE_SHARE].actual == 25.0  # 副高级; 中级 is not
    assert f[TargetMetric.GRADUATE_SHARE].gap == 0  # 50 % ≥ 15 %
    fairs = f[TargetMetric.FAIRS]
    assert fairs.actual == 2 and fairs.months[:2] == [1, 1]  # 23:00 on 1/31 and 00:30 on 2/1, 北京时间
    posts = f[TargetMetric.POSTS]
    assert posts.actual == 1 and posts.months[11] == 1
    claims = f["claims"]
    assert claims.actual == 2 and claims.months[4] == 2 and claims.extra == "合计 4,000 元"


def test_a_city_counts_its_own_firms_from_the_first_of_the_year_without_a_target(app, zone):
    f = figures(app, region="320500")
    hires = f[TargetMetric.INSURED_HIRES]
    assert hires.target is None and hires.period.start == date(2025, 1, 1)
    assert (hires.actual, hires.months[0]) == (2, 2)
    assert f[TargetMetric.FAIRS].actual == 1


def test_pace_and_projection_follow_the_calendar(app, zone):
    hires = figures(app)[TargetMetric.INSURED_HIRES]
    today = date(2024, 12, 31)  # half of the two-year period gone (366 of 731 days)
    assert hires.expected(today) == pytest.approx(100_000 * 366 / 731)
    assert hires.on_track(today) is False
    assert hires.projected(today) == pytest.approx(4 * 731 / 366)


def test_the_records_behind_each_figure_are_the_ones_counted(app, zone):
    with app.app_context():

        def total(kind, **kw):
            return services.records(kind, "320000", 2025, now=NOW, **kw).total

        assert total("hires") == 4
        assert total("hires", only="graduate") == 2
        assert total("hires", month=1) == 2 and total("hires", month=2) == 0
        assert total("fairs") == 2 and total("fairs", month=2) == 1
        assert total("posts") == 1 and total("claims") == 2
        with pytest.raises(Exception, match="404"):
            services.records("people", "320000", 2025)


def test_targets_are_edited_with_an_audit_trail_and_checked(app, zone, make):
    organizer = make.user(Role.ORGANIZER)
    with app.app_context():
        from webapp.models import User

        actor = db.session.get(User, organizer.id)
        services.set_target(actor, "320000", 2025, TargetMetric.FAIRS, 120, None)
        assert services.targets_for("320000", 2025)[TargetMetric.FAIRS].value == 120
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "target_set"))
        assert entry.actor_id == organizer.id and "100（自2025-01-01） → 120" in entry.detail
        with pytest.raises(ServiceError):
            services.set_target(actor, "320000", 2025, TargetMetric.GRADUATE_SHARE, 150, None)
        services.set_target(actor, "320000", 2025, TargetMetric.FAIRS, None, None)
        assert TargetMetric.FAIRS not in services.targets_for("320000", 2025)
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "target_remove")) is not None


def test_graduate_at_hire_is_two_years_from_leaving_school():
    class Seeker:
        graduation_date = date(2023, 6, 30)

    assert graduate_at_hire(Seeker(), date(2025, 6, 1), {})
    assert not graduate_at_hire(Seeker(), date(2025, 7, 1), {})
    assert graduate_at_hire(None, date(2030, 1, 1), {"groups": ["高校毕业生"]})
    assert not graduate_at_hire(Seeker(), date(2023, 1, 1), {})  # not yet left


def test_the_organizer_reads_the_page_and_both_exports(app, zone, make, login_as):
    organizer = make.user(Role.ORGANIZER)
    client = login_as(organizer)
    page = client.get("/organizer/targets?region=320000&year=2025")
    assert page.status_code == 200
    text = page.text
    assert "专精特新企业吸纳就业参保人数" in text and "还差 <strong>99,996</strong>" in text
    assert "data-chart='{" in text and "vendor/echarts/echarts.min.js" in text
    assert "/organizer/targets/records/hires?region=320000&amp;year=2025&amp;only=graduate" in text
    book = load_workbook(
        io.BytesIO(client.get("/organizer/targets/export.xlsx?region=320000&year=2025").data)
    )
    rows = list(book["指标"].iter_rows(values_only=True))
    assert "北京时间" in rows[0][0]
    hires_row = next(r for r in rows if r[0] == "专精特新企业吸纳就业参保人数")
    assert (hires_row[3], hires_row[4], hires_row[5]) == (100000, 4, 99996)
    months = list(book["按月"].iter_rows(values_only=True))
    assert months[1][0] == "2025-01" and months[1][1] == 2
    listing = client.get("/organizer/targets/records/hires?region=320000&year=2025&month=1")
    assert listing.status_code == 200 and "共 <strong>2</strong> 条" in listing.text
    export = client.get("/organizer/targets/records/hires.xlsx?region=320000&year=2025")
    sheet = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert len(sheet) == 5 and all("*" in row[3] for row in sheet[1:])  # names masked
    with app.app_context():
        assert (
            db.session.scalar(select(AuditLog).where(AuditLog.action == "export_target_records")) is not None
        )


def test_the_organizer_saves_targets_through_the_form(app, zone, make, login_as):
    client = login_as(make.user(Role.ORGANIZER))
    data = {"region": "320500", "year": "2026", "value_fairs": "24", "from_fairs": "2026-01-01",
            "value_graduate_share": "18"}  # fmt: skip
    page = client.get("/organizer/targets?region=320500&year=2026")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/organizer/targets", data=data | {"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        saved = services.targets_for("320500", 2026)
        assert saved[TargetMetric.FAIRS].value == 24 and saved[TargetMetric.GRADUATE_SHARE].value == 18
        assert saved[TargetMetric.GRADUATE_SHARE].counted_from == date(2026, 1, 1)


def test_the_editor_saves_all_or_nothing_and_says_why_in_chinese(app, zone, make, login_as):
    client = login_as(make.user(Role.ORGANIZER))
    base = {"region": "320500", "year": "2026"}
    refused = client.post(
        "/organizer/targets", data=base | {"value_fairs": "24", "value_graduate_share": "150"}
    )
    assert "其中高校毕业生占比的目标值不正确" in client.get(refused.headers["Location"]).text
    bad_date = client.post("/organizer/targets", data=base | {"value_posts": "10", "from_posts": "明年"})
    assert "请填写数字和日期" in client.get(bad_date.headers["Location"]).text
    with app.app_context():
        assert services.targets_for("320500", 2026) == {}  # the valid fairs figure was not kept either
    client.post("/organizer/targets", data=base | {"value_fairs": "24"})
    again = client.post("/organizer/targets", data=base | {"value_fairs": "24", "from_fairs": "2026-01-01"})
    assert "目标没有变化" in client.get(again.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditLog.action == "target_set")) == 1
