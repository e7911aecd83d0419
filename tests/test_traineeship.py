"""就业见习 end to end: a firm applies to be a base and the bureau recognises it (audited, capacity);
only a base publishes 见习岗位; an agreement for a hired trainee writes the hire record, and the rules give
the monthly allowance (和平区: 80 % of 天津's minimum wage, worked out by hand) and, once kept on three
months, 南开区's retention reward through 政策找人's engine; capacity, term and outcome rules say why in
Chinese; retention is confirmed at three and six months; the organizer's overview counts it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import login
from tests.test_review_flow import POST_FORM
from webapp.extensions import db
from webapp.models import (
    AgreementStatus,
    Application,
    ApplicationStatus,
    AuditLog,
    BaseStatus,
    EmploymentType,
    Enterprise,
    HireRecord,
    Role,
    SeekerProfile,
    TraineeAgreement,
    User,
)
from webapp.months import add_months, months_elapsed, term_months
from webapp.services import ServiceError
from webapp.subsidies import services as subsidies
from webapp.traineeship import services

HEPING, NANKAI = "120101", "120104"


@pytest.fixture
def loaded(app):
    with app.app_context():
        return subsidies.load_rule_files_into_db()


def _firm(make, adcode: str):
    firm = make.enterprise(adcode=adcode)
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    return firm, owner


def _hired(app, make, firm_id: int, adcode: str, n: int = 1) -> list[int]:
    """``n`` applicants hired onto a 见习岗位 of the firm; returns their application ids."""
    post = make.post(
        firm_id, title="机械设计助理（就业见习岗）", employment_type=EmploymentType.TRAINEESHIP, adcode=adcode
    )
    ids = []
    for _ in range(n):
        seeker = make.user(Role.SEEKER)
        with app.app_context():
            profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
            profile.graduation_date, profile.groups = date(2026, 6, 30), ["graduate"]
            application = Application(seeker_id=profile.id, post_id=post.id, status=ApplicationStatus.HIRED)
            db.session.add(application)
            db.session.commit()
            ids.append(application.id)
    return ids


def _recognised(app, owner, organizer, capacity: int = 5):
    with app.app_context():
        base = services.apply_base(
            db.session.get(User, owner.id), capacity, "机械设计、数控加工", 2, "岗前培训一周"
        )
        services.review_base(db.session.get(User, organizer.id), base.id, True, capacity, "材料齐全")
        return base.id


def test_months_are_counted_as_contracts_count_them():
    assert term_months(date(2026, 1, 10), date(2026, 4, 9)) == 3
    assert term_months(date(2026, 1, 1), date(2026, 3, 31)) == 3
    assert term_months(date(2026, 1, 1), date(2026, 3, 30)) == 2
    assert months_elapsed(date(2026, 3, 31), date(2026, 6, 30)) == 3  # 06-30 is 03-31 + 3 months
    assert months_elapsed(date(2026, 3, 31), date(2026, 6, 29)) == 2
    assert months_elapsed(date(2026, 6, 30), date(2026, 5, 1)) == 0
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28) and add_months(
        date(2026, 3, 15), -3
    ) == date(2025, 12, 15)


def test_the_bureau_recognises_a_base_and_only_a_base_publishes_traineeship_posts(app, make, login_as):
    firm, owner = _firm(make, NANKAI)
    organizer = make.user(Role.ORGANIZER)
    client = login_as(owner)
    refused = client.post("/enterprise/posts/new", data=POST_FORM | {"employment_type": "traineeship"})
    assert refused.status_code == 200 and "只有经人社局认定的就业见习基地可以发布就业见习岗位" in refused.text
    with app.app_context():
        user = db.session.get(User, owner.id)
        with pytest.raises(ServiceError, match="见习方向"):
            services.apply_base(user, 5, " ", 2, "")
        with pytest.raises(ServiceError, match="1 到 500"):
            services.apply_base(user, 0, "机械", 2, "")
        base = services.apply_base(user, 8, "机械设计", 2, "")
        assert base.status == BaseStatus.PENDING and not db.session.get(Enterprise, firm.id).traineeship_base
        with pytest.raises(ServiceError, match="待认定"):
            services.apply_base(user, 8, "机械设计", 2, "")
        staff = db.session.get(User, organizer.id)
        with pytest.raises(ServiceError, match="不予认定的原因"):
            services.review_base(staff, base.id, False, None, "")
        services.review_base(staff, base.id, False, None, "带教老师不足")
        again = services.apply_base(user, 6, "机械设计", 3, "增加带教老师")  # after a refusal, again
        services.review_base(staff, again.id, True, 4, "核定 4 人")
        assert again.capacity == 4 and db.session.get(Enterprise, firm.id).traineeship_base
        actions = list(
            db.session.scalars(select(AuditLog.action).where(AuditLog.subject_type == "traineeship_base"))
        )
        assert actions.count("traineeship_base_apply") == 2 and "traineeship_base_reject" in actions
        assert "traineeship_base_approve" in actions
    published = client.post("/enterprise/posts/new", data=POST_FORM | {"employment_type": "traineeship"})
    assert published.status_code == 302  # a recognised base may
    with app.app_context():
        services.revoke_base(db.session.get(User, organizer.id), again.id, "见习待遇不落实")
        assert not db.session.get(Enterprise, firm.id).traineeship_base
    assert (
        "只有经人社局认定"
        in client.post("/enterprise/posts/new", data=POST_FORM | {"employment_type": "traineeship"}).text
    )


def test_an_agreement_writes_the_hire_and_the_rules_give_the_allowance(app, make, loaded):
    firm, owner = _firm(make, HEPING)
    organizer = make.user(Role.ORGANIZER)
    _recognised(app, owner, organizer)
    (application_id,) = _hired(app, make, firm.id, HEPING)
    with app.app_context():
        user = db.session.get(User, owner.id)
        # 和平区's measures ran from 2020-06-30 to 2025-06-29: a traineeship inside them
        agreement = services.sign_agreement(user, application_id, date(2025, 1, 10), date(2025, 7, 9), "王工")
        record = db.session.scalar(select(HireRecord).where(HireRecord.application_id == application_id))
        assert (record.employment_type, record.traineeship_months, record.start_date) == (
            "就业见习",
            6,
            date(2025, 1, 10),
        )
        # 和平区 四（九）: 80 % of 天津's monthly minimum wage (2,180 元 from 2021-07-01) = 1,744 元
        assert agreement.monthly_allowance == pytest.approx(0.8 * 2180)
        assert "见习生活费补贴" in agreement.allowance_basis
        answer = subsidies.evaluate_case(
            subsidies.enterprise_case(db.session.get(Enterprise, firm.id), [record], date(2025, 2, 1))
        )
        titles = {g.rule.title for g in answer.subsidies}
        assert "见习生活费补贴" in titles and "见习单位留用奖励" not in titles
        services.end_agreement(user, agreement.id, "retained", date(2025, 5, 10))  # kept on before the term
        assert (record.retained, record.retained_on, record.served_traineeship_months) == (
            True,
            date(2025, 5, 10),
            4,
        )
        facts = subsidies.hire_facts(record, date(2025, 6, 1))
        assert (facts["served_traineeship_months"], facts["traineeship_months"]) == (4, 6)  # 提前留用
        answer = subsidies.evaluate_case(
            subsidies.enterprise_case(db.session.get(Enterprise, firm.id), [record], date(2025, 6, 1))
        )
        reward = [g for g in answer.subsidies if g.rule.title == "见习单位留用奖励"]
        assert reward and reward[0].money.amount == 3000


def test_nankai_rewards_retention_after_three_months(app, make, loaded):
    firm, owner = _firm(make, NANKAI)
    _recognised(app, owner, make.user(Role.ORGANIZER))
    (application_id,) = _hired(app, make, firm.id, NANKAI)
    with app.app_context():
        user = db.session.get(User, owner.id)
        agreement = services.sign_agreement(user, application_id, date(2026, 1, 1), date(2026, 3, 31), "李工")
        assert agreement.monthly_allowance is None and "按本市见习补贴标准" in agreement.allowance_basis
        services.end_agreement(user, agreement.id, "retained", date(2026, 3, 31))
        record = db.session.scalar(select(HireRecord).where(HireRecord.application_id == application_id))
        firm_row = db.session.get(Enterprise, firm.id)

        def reward_on(day):
            answer = subsidies.evaluate_case(subsidies.enterprise_case(firm_row, [record], day))
            found = [g for g in answer.subsidies if g.rule.id == "nankai2023.retention_reward"]
            missing = [m for m in answer.missing if m.get("rule") == "nankai2023.retention_reward"]
            return found, missing

        found, missing = reward_on(date(2026, 5, 15))  # a month and a half after: not yet
        assert not found and missing
        found, _ = reward_on(date(2026, 6, 30))  # 03-31 + three months
        assert found


def test_capacity_term_and_outcomes_are_checked_and_said_in_chinese(app, make, loaded):
    firm, owner = _firm(make, NANKAI)
    _recognised(app, owner, make.user(Role.ORGANIZER), capacity=1)
    first, second = _hired(app, make, firm.id, NANKAI, n=2)
    _, other_owner = _firm(make, NANKAI)
    with app.app_context():
        user = db.session.get(User, owner.id)
        start = date(2026, 1, 1)
        with pytest.raises(ServiceError, match="3 到 12 个月"):
            services.sign_agreement(user, first, start, date(2026, 2, 28), "王工")
        with pytest.raises(ServiceError, match="3 到 12 个月"):
            services.sign_agreement(user, first, start, date(2027, 6, 30), "王工")
        with pytest.raises(ServiceError, match="带教老师"):
            services.sign_agreement(user, first, start, date(2026, 6, 30), " ")
        agreement = services.sign_agreement(user, first, start, date(2026, 6, 30), "王工")
        with pytest.raises(ServiceError, match="已达认定容量（1 人）"):
            services.sign_agreement(user, second, start, date(2026, 6, 30), "王工")
        with pytest.raises(ServiceError, match="已签订"):
            services.sign_agreement(user, first, start, date(2026, 6, 30), "王工")
        with pytest.raises(Exception) as caught:  # another firm's agreement
            services.end_agreement(
                db.session.get(User, other_owner.id), agreement.id, "ended", date(2026, 2, 1)
            )
        assert getattr(caught.value, "code", None) == 403
        with pytest.raises(ServiceError, match="日期应在见习期内"):
            services.end_agreement(user, agreement.id, "ended", date(2025, 12, 1))
        services.end_agreement(user, agreement.id, "ended", date(2026, 2, 15))
        assert agreement.status == AgreementStatus.ENDED
        services.sign_agreement(user, second, start, date(2026, 6, 30), "王工")  # the place is free again
        with pytest.raises(ServiceError, match="已结束"):
            services.end_agreement(user, agreement.id, "retained", date(2026, 2, 15))


def test_retention_is_confirmed_at_three_and_six_months_and_counted(app, make, loaded, login_as):
    firm, owner = _firm(make, NANKAI)
    organizer = make.user(Role.ORGANIZER)
    _recognised(app, owner, organizer)
    kept, left = _hired(app, make, firm.id, NANKAI, n=2)
    today = date.today()
    with app.app_context():
        user = db.session.get(User, owner.id)
        start = add_months(today, -12)
        a = services.sign_agreement(user, kept, start, add_months(start, 6) - timedelta(days=1), "王工")
        services.end_agreement(user, a.id, "retained", add_months(today, -7))
        b = services.sign_agreement(user, left, start, add_months(start, 6) - timedelta(days=1), "王工")
        services.end_agreement(user, b.id, "completed", today)
        assert [(x.id, m) for x, m in services.due_checks([a, b])] == [(a.id, 3), (a.id, 6)]
    client = login_as(owner)
    page = client.get("/enterprise/traineeship")
    assert page.status_code == 200 and "留用满 3 个月" in page.text and "留用满 6 个月" in page.text
    assert (
        client.post(
            f"/enterprise/traineeship/agreements/{a.id}/confirm", data={"months": "3", "employed": "yes"}
        ).status_code
        == 302
    )
    client.post(f"/enterprise/traineeship/agreements/{a.id}/confirm", data={"months": "6", "employed": "no"})
    with app.app_context():
        saved = db.session.get(TraineeAgreement, a.id)
        assert (saved.employed_3m, saved.employed_6m) == (True, False)
        figures = {f.base.enterprise_id: f for f in services.overview()}[firm.id]
        assert (figures.finished, figures.retained, figures.retention_rate) == (2, 1, 0.5)
        assert figures.employed_3m == (1, 1) and figures.employed_6m == (0, 1)
    staff = login_as(organizer)
    overview = staff.get("/organizer/traineeship")
    assert (
        overview.status_code == 200 and "50%（1/2）" in overview.text and "traineeship-chart" in overview.text
    )


def test_the_firm_and_the_bureau_use_the_pages(app, make, loaded, login_as):
    firm, owner = _firm(make, HEPING)
    organizer = make.user(Role.ORGANIZER)
    firm_client = app.test_client()  # the firm and the bureau at once, each in its own session
    assert login(firm_client, owner.account).status_code == 302
    assert "申请认定" in firm_client.get("/enterprise/traineeship").text
    form = {"capacity": "3", "mentors": "2", "fields": "数控加工", "introduction": "<b>岗前培训</b>"}
    assert firm_client.post("/enterprise/traineeship/base", data=form).status_code == 302
    bad = firm_client.post(
        "/enterprise/traineeship/base", data=form | {"capacity": "abc"}, follow_redirects=True
    )
    assert "请填写整数" in bad.text
    staff = login_as(organizer)
    queue = staff.get("/organizer/traineeship").text
    assert "待认定申请（1）" in queue and "<b>岗前培训</b>" not in queue and "&lt;b&gt;岗前培训" in queue
    with app.app_context():
        base_id = services.base_of(firm.id).id
    assert (
        "不予认定的原因"
        in staff.post(
            f"/organizer/traineeship/bases/{base_id}/review",
            data={"decision": "reject"},
            follow_redirects=True,
        ).text
    )
    staff.post(
        f"/organizer/traineeship/bases/{base_id}/review", data={"decision": "approve", "capacity": "2"}
    )
    (application_id,) = _hired(app, make, firm.id, HEPING)
    page = firm_client.get("/enterprise/traineeship").text
    assert "已认定" in page and "签订见习协议" in page
    signed = firm_client.post(
        "/enterprise/traineeship/agreements",
        data={"application_id": str(application_id), "start_date": "2025-01-06", "end_date": "2025-07-05",
              "mentor": "张工"},
        follow_redirects=True,
    )  # fmt: skip
    assert "见习协议已签订" in signed.text and "1,744 元" in signed.text
    wrong = firm_client.post(
        "/enterprise/traineeship/agreements",
        data={"application_id": str(application_id), "start_date": "12/08", "end_date": "", "mentor": "张工"},
        follow_redirects=True,
    )
    assert "请填写日期" in wrong.text
    with app.app_context():
        assert db.session.scalar(select(TraineeAgreement.status)) == AgreementStatus.ACTIVE
