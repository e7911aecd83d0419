"""The shortage catalogue (急需紧缺职业目录) against figures worked out by hand: which posts and seekers count
(region, 北京 quarter boundaries, internships, headcount 若干, wanted places that cover the region), 求人倍率
and the proposal under thresholds; publishing and withdrawing (audited, checked, the 急需 badge and facet
through the real Meilisearch); the pages and exports as an organizer and the public get them; coding titles
and places for seekers."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import index_now
from webapp.extensions import db
from webapp.models import (
    Application,
    AuditLog,
    EmploymentType,
    JobPost,
    PostStatus,
    Role,
    SeekerOccupation,
    SeekerProfile,
    ShortageCatalogue,
    User,
)
from webapp.services import ServiceError
from webapp.shortage import services
from webapp.shortage.coding import code_seekers, place_of
from webapp.shortage.listing import SHORTAGE, Listing
from webapp.shortage.quarters import Quarter

LATHE, CLERK = "6-18-01-01", "3-01-02-01"  # 车工, and a second occupation
Q3 = Quarter(2025, 3)
LOOSE = services.Thresholds(min_ratio=0.5, min_openings=5, min_firms=3)  # on the 95 % lower bound


def utc(text: str) -> datetime:
    """A 北京时间 'YYYY-MM-DD HH:MM' as the naive UTC the database stores."""
    return datetime.fromisoformat(text) - timedelta(hours=8)


@pytest.fixture
def market(app, make):
    """Posts and seekers around 苏州 2025Q3; the expected figures are in the tests."""
    codes = ("320505", "320506", "320583", "320102", "120104")
    suzhou1, suzhou2, kunshan, nanjing, tianjin = firms = [make.enterprise(adcode=code) for code in codes]
    places = {firm.id: code for firm, code in zip(firms, codes, strict=True)}
    posts = [  # firm, code, headcount, published (北京时间), employment type
        (suzhou1, LATHE, 5, "2025-07-01 00:30", EmploymentType.FULL_TIME),
        (suzhou2, LATHE, None, "2025-08-10 10:00", EmploymentType.FULL_TIME),  # 若干: one
        (kunshan, LATHE, 4, "2025-09-30 23:50", EmploymentType.FULL_TIME),
        (suzhou1, LATHE, 3, "2025-10-01 00:10", EmploymentType.FULL_TIME),  # Q4 in 北京 (Q3 in UTC)
        (suzhou1, LATHE, 10, "2025-08-01 10:00", EmploymentType.INTERNSHIP),  # not a job
        (nanjing, LATHE, 6, "2025-08-01 10:00", EmploymentType.FULL_TIME),  # 江苏, not 苏州
        (tianjin, LATHE, 9, "2025-08-01 10:00", EmploymentType.FULL_TIME),  # elsewhere
        (suzhou2, LATHE, 2, "2025-05-01 10:00", EmploymentType.FULL_TIME),  # the quarter before
        (suzhou1, CLERK, 2, "2025-07-20 10:00", EmploymentType.FULL_TIME),
        (suzhou2, CLERK, 1, "2025-07-21 10:00", EmploymentType.FULL_TIME),
    ]
    for firm, code, headcount, at, kind in posts:
        made = make.post(
            firm.id,
            status=PostStatus.CLOSED,
            headcount=headcount,
            employment_type=kind,
            adcode=places[firm.id],
        )
        with app.app_context():
            post = db.session.get(JobPost, made.id)
            post.occupation_code, post.published_at = code, utc(at)
            db.session.commit()
    people = [  # wanted (code, place) pairs, registered (北京时间), applied (北京时间) or None
        ([(LATHE, "3205")], "2025-07-15 09:00", None),
        ([(LATHE, "32")], "2025-03-01 09:00", "2025-08-01 09:00"),  # registered in Q1, applied in Q3
        ([(LATHE, "")], "2025-09-30 23:30", None),  # anywhere
        ([(LATHE, "3201")], "2025-08-01 09:00", None),  # 南京: 江苏, not 苏州
        ([(LATHE, "320505")], "2025-08-01 09:00", None),  # a district of 苏州
        ([(LATHE, "3205"), (LATHE, "320505"), (CLERK, "3205")], "2025-08-02 09:00", None),  # counted once
        ([(LATHE, "3205")], "2025-10-01 00:30", None),  # Q4 in 北京
        ([(LATHE, "12")], "2025-08-01 09:00", None),  # 天津
        ([(LATHE, "3205")], "2025-05-05 09:00", None),  # the quarter before
    ]
    applied_to = make.post(suzhou1.id, status=PostStatus.CLOSED, adcode="320505")
    for wanted, registered, applied in people:
        user = make.user(Role.SEEKER)
        with app.app_context():
            profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == user.id))
            profile.created_at, profile.occupations_coded = utc(registered), True
            db.session.add_all(
                SeekerOccupation(seeker_id=profile.id, occupation_code=c, place=p) for c, p in wanted
            )
            if applied:
                at = utc(applied)
                db.session.add(Application(seeker_id=profile.id, post_id=applied_to.id, created_at=at))
            db.session.commit()
    return {"suzhou": suzhou1}


def clerk_bound() -> float:
    """Wilson's 95 % lower bound for 3 openings against 1 seeker, step by step."""
    z, n, p = 1.645, 4, 3 / 4
    low = (p + z * z / (2 * n) - z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return low / (1 - low)


def test_the_lower_bound_is_sure_of_large_counts_and_not_of_small_ones():
    assert services.lower_ratio(10, 0) == pytest.approx(10 / 1.645**2)  # nobody sought it: finite
    assert services.lower_ratio(0, 4) == 0.0
    assert services.lower_ratio(10_000, 1_000) > 9.4  # close to its ratio of 10
    assert services.lower_ratio(26, 3) < 3.4  # a ratio of 8.7 on 29 people
    assert services.lower_ratio(20, 10) < services.lower_ratio(200, 100) < 2.0


def by_code(board) -> dict:
    return {o.code: o for o in board.occupations}


def test_the_figures_are_what_a_person_counts_by_hand(app, market):
    with app.app_context():
        board = services.review("320500", Q3, LOOSE)
        lathe, clerk = by_code(board)[LATHE], by_code(board)[CLERK]
        assert board.quarters == [Quarter(2024, 4), Quarter(2025, 1), Quarter(2025, 2), Q3]
        assert (lathe.openings[-1], lathe.posts[-1], lathe.firms[-1], lathe.seekers[-1]) == (10, 3, 3, 5)
        assert lathe.ratio() == 2.0 and lathe.gap == 5
        # Wilson's bound on p = 10/15 with z = 1.645, as p / (1 - p): worked out by hand to 0.8354
        assert lathe.lower() == pytest.approx(0.8354, abs=1e-4)
        assert clerk_bound() == pytest.approx(0.5531, abs=1e-4)
        assert (lathe.openings[-2], lathe.seekers[-2], lathe.previous_ratio, lathe.trend) == (2, 1, 2.0, "→")
        assert lathe.seekers[1] == 1  # Q1: the one who registered then
        assert (clerk.openings[-1], clerk.firms[-1], clerk.seekers[-1], clerk.ratio()) == (3, 2, 1, 3.0)
        # by the bound: 3 against 1 is a higher ratio than 10 against 5 but says less
        assert [o.code for o in board.occupations] == [LATHE, CLERK]
        assert [o.code for o in board.proposed] == [LATHE]  # 车工 passes; 3 openings are too few
        assert board.totals["openings"] == 13

        jiangsu = by_code(services.review("320000", Q3, LOOSE))[LATHE]
        assert (jiangsu.openings[-1], jiangsu.firms[-1], jiangsu.seekers[-1]) == (16, 4, 6)

        strict = services.review("320500", Q3, services.Thresholds(1.5, 5, 3))
        assert strict.proposed == []  # a ratio of 2.0 on 15 people is not surely above 1.5
        fewer_firms = services.review("320500", Q3, services.Thresholds(0.5, 1, 2))
        assert {o.code for o in fewer_firms.proposed} == {LATHE, CLERK}


def test_quarters_are_beijing_calendar_quarters():
    q = Quarter.parse("2025Q3")
    assert (q.start, q.end) == (utc("2025-07-01 00:00"), utc("2025-10-01 00:00"))
    assert (
        q.label == "2025年第三季度"
        and q.before() == Quarter(2025, 2)
        and Quarter(2025, 1).before() == Quarter(2024, 4)
    )
    assert Quarter.last_complete(date(2026, 1, 1)) == Quarter(2025, 4)
    assert Quarter.of(date(2025, 12, 31)) == Quarter(2025, 4)
    for bad in ("2025Q5", "2025-3", "", "2025Q3'"):
        with pytest.raises(Exception) as caught:
            Quarter.parse(bad)
        assert getattr(caught.value, "code", None) == 404


def test_wanted_places_cover_the_region(app):
    assert [place_of(a) for a in ("320000", "320500", "320505", "120000", "", "全国", "000000")] == [
        "32", "3205", "320505", "12", "", "", "",
    ]  # fmt: skip


def test_publishing_lists_the_posts_and_withdrawing_unlists_them(app, market, make, client):
    live = make.post(market["suzhou"].id, title="数控车工", adcode="320505")
    other = make.post(market["suzhou"].id, title="行政文员", adcode="320505")
    elsewhere = make.post(title="车工", adcode="120104")
    organizer = make.user(Role.ORGANIZER)
    with app.app_context():
        for made, code in ((live, LATHE), (other, CLERK), (elsewhere, LATHE)):
            db.session.get(JobPost, made.id).occupation_code = code
        db.session.commit()
        user = db.session.get(User, organizer.id)
        catalogue = services.publish(user, "320500", Q3, LOOSE, [LATHE], "复核后发布")
        entry = catalogue.entries[0]
        assert (entry.occupation_code, entry.openings, entry.seekers, entry.firms, entry.rank) == (
            LATHE,
            10,
            5,
            3,
            1,
        )
        assert entry.previous_ratio == 2.0
        log = db.session.scalar(select(AuditLog).where(AuditLog.action == "shortage_publish"))
        assert log.actor_id == organizer.id and "1 个职业" in log.detail
        listing = Listing()
        assert listing.is_listed(LATHE, "320505") and not listing.is_listed(LATHE, "120104")
        assert not listing.is_listed(CLERK, "320505")
        catalogue_id = catalogue.id
    index_now(app)
    hits = client.get(f"/api/v1/jobs?shortage={SHORTAGE}").json
    assert [h["id"] for h in hits["hits"]] == [live.id]
    assert client.get("/api/v1/jobs").json["facets"]["shortage"] == {SHORTAGE: 1}
    page = client.get(f"/jobs/{live.id}")
    assert 'class="tag shortage"' in page.text and f"/shortage/{catalogue_id}" in page.text
    assert 'class="tag shortage"' not in client.get(f"/jobs/{other.id}").text
    search_page = client.get(f"/jobs?shortage={SHORTAGE}")
    assert "急需紧缺职业" in search_page.text and f"/jobs/{live.id}" in search_page.text

    with app.app_context():
        user = db.session.get(User, organizer.id)
        with pytest.raises(ServiceError, match="撤回原因"):
            services.withdraw(user, catalogue_id, " ")
        services.withdraw(user, catalogue_id, "数据复核有误")
        assert db.session.get(ShortageCatalogue, catalogue_id).retired_at is not None
        assert not Listing().is_listed(LATHE, "320505")
    index_now(app)
    assert client.get(f"/api/v1/jobs?shortage={SHORTAGE}").json["total"] == 0
    assert 'class="tag shortage"' not in client.get(f"/jobs/{live.id}").text


def test_publishing_is_checked_and_says_why_in_chinese(app, market, make):
    organizer = make.user(Role.ORGANIZER)
    with app.app_context():
        user = db.session.get(User, organizer.id)
        with pytest.raises(ServiceError, match="至少选择一个职业"):
            services.publish(user, "320500", Q3, LOOSE, [])
        with pytest.raises(ServiceError, match="没有岗位需求"):
            services.publish(user, "320500", Q3, LOOSE, [LATHE, "9-99-99-99"])
        with pytest.raises(ServiceError, match="求人倍率门槛"):
            services.publish(user, "320500", Q3, services.Thresholds(0, 5, 3), [LATHE])
        first = services.publish(user, "320500", Q3, LOOSE, [LATHE, CLERK])  # an organizer may add one
        assert [e.occupation_code for e in first.entries] == [LATHE, CLERK]
        assert "其中 1 个不在建议名单" in db.session.scalar(
            select(AuditLog.detail).where(AuditLog.action == "shortage_publish")
        )
        second = services.publish(user, "320500", Q3, LOOSE, [LATHE])
        assert first.retired_at is not None and second.retired_at is None
        with pytest.raises(ServiceError, match="不能再发布更早季度"):
            services.publish(user, "320500", Quarter(2025, 2), LOOSE, [LATHE])
        assert services.Thresholds.defaults("320500") == LOOSE  # the next review starts from them


def test_the_organizer_reviews_publishes_and_exports_through_the_pages(app, market, make, login_as, client):
    organizer = login_as(make.user(Role.ORGANIZER))
    query = "region=320500&quarter=2025Q3&min_ratio=0.5&min_openings=5&min_firms=3"
    page = organizer.get(f"/organizer/shortage?{query}")
    assert page.status_code == 200
    assert f'value="{LATHE}" form="publish-form" checked' in page.text
    assert f'value="{CLERK}" form="publish-form" checked' not in page.text and f'value="{CLERK}"' in page.text
    assert "data-chart='{" in page.text and "vendor/echarts/echarts.min.js" in page.text
    bad = organizer.get("/organizer/shortage?region=320500&quarter=2025Q3&min_ratio=abc")
    assert bad.status_code == 200 and "门槛请填写数字" in bad.text
    assert organizer.get("/organizer/shortage?region=32abc").status_code == 404
    assert organizer.get("/organizer/shortage?quarter=2025Q9").status_code == 404

    sheet = load_workbook(io.BytesIO(organizer.get(f"/organizer/shortage/figures.xlsx?{query}").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "北京时间" in rows[0][0]
    lathe = next(r for r in rows if r[1] == LATHE)
    assert lathe[3:10] == (10, 5, "2.00", "0.84", 5, 3, 3) and lathe[10] == "是"

    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "region": "320500", "quarter": "2025Q3", "min_ratio": "0.5",
            "min_openings": "5", "min_firms": "3", "code": [LATHE], "note": "<script>x</script>"}  # fmt: skip
    done = organizer.post("/organizer/shortage", data=form)
    assert done.status_code == 302 and "/shortage/" in done.headers["Location"]
    public_page = client.get(done.headers["Location"])
    assert public_page.status_code == 200 and "2025年第三季度" in public_page.text
    assert "<script>x</script>" not in public_page.text  # the note is escaped
    with app.app_context():
        catalogue_id = db.session.scalar(select(ShortageCatalogue.id))
    book = load_workbook(io.BytesIO(client.get(f"/shortage/{catalogue_id}.xlsx").data)).active
    cells = list(book.iter_rows(values_only=True))
    assert "北京时间" in cells[1][0]
    assert cells[4][1:6] == (LATHE, cells[4][2], 10, 5, "2.00")
    assert "'=" not in str(cells[-1][0]) and cells[-1][0].startswith("说明：")
    assert "江苏省·苏州市" in client.get("/shortage").text

    refused = organizer.post("/organizer/shortage", data=form | {"code": []}, follow_redirects=True)
    assert "请至少选择一个职业" in refused.text
    withdrawn = organizer.post(
        f"/organizer/shortage/{catalogue_id}/withdraw", data={"csrf_token": token, "reason": "复核"}
    )
    assert withdrawn.status_code == 302
    assert "停止施行" in client.get(f"/shortage/{catalogue_id}").text


def test_seekers_are_coded_from_their_titles_and_places_when_they_change(app, make):
    with app.app_context():
        if not services.occupation_names():
            pytest.skip("the 职业分类大典 table is not in ../shared/data")
    user = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == user.id))
        profile.desired_titles, profile.desired_adcodes = ["数控车工", "车工"], ["320500", "320000"]
        db.session.commit()
        stamp = profile.updated_at
        assert profile.occupations_coded is False
        assert code_seekers() >= 1
        rows = db.session.execute(
            select(SeekerOccupation.occupation_code, SeekerOccupation.place).where(
                SeekerOccupation.seeker_id == profile.id
            )
        ).all()
        db.session.refresh(profile)
        assert profile.occupations_coded is True and profile.updated_at == stamp  # no edit of the résumé
        codes = {code for code, _ in rows}
        assert codes and {place for _, place in rows} == {"32", "3205"}
        assert all(code.startswith("6-18") for code in codes), codes  # 车工 is a 机械加工 trade
        profile.desired_titles = ["会计"]
        db.session.commit()
        assert profile.occupations_coded is False
        code_seekers()
        recoded = set(
            db.session.scalars(
                select(SeekerOccupation.occupation_code).where(SeekerOccupation.seeker_id == profile.id)
            )
        )
        assert recoded and recoded.isdisjoint(codes)
