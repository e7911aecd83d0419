"""服务专员 workbench (issue 20 item 1): a specialist sees and works only their firms; a firm raises a need
(企业吹哨) with a response deadline, the specialist answers it with an action and the firm sees the answer;
contacts go into the firm's file; organizers see overdue needs per specialist."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from webapp.casework.models import EnterpriseNeed, ServiceRecord
from webapp.extensions import db
from webapp.models import AuditLog, Enterprise, Role, User
from webapp.models.mixins import utcnow


def _assign(app, enterprise_id: int, specialist_id: int) -> None:
    with app.app_context():
        db.session.get(Enterprise, enterprise_id).specialist_id = specialist_id
        db.session.commit()


def test_the_firm_raises_a_need_and_its_specialist_answers_it(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    other_firm = make.enterprise(name="天津另一家科技有限公司")
    specialist = make.user(Role.SPECIALIST, account="zhuanyuan")
    _assign(app, firm_user.enterprise_id, specialist.id)

    client = login_as(firm_user)
    page = client.post(
        "/enterprise/needs",
        data={"kind": "people", "detail": "急招数控车工5名，3月底前到岗"},
        follow_redirects=True,
    ).text
    assert "服务专员将在 3 天内响应" in page and "急招数控车工5名" in page and "待响应" in page
    with app.app_context():
        need = db.session.scalar(select(EnterpriseNeed))
        assert timedelta(days=2, hours=23) < need.due_at - need.created_at <= timedelta(days=3, seconds=5)
        need_id = need.id

    desk = login_as(specialist)
    caseload = desk.get("/organizer/caseload").text
    assert "我的服务企业" in caseload and "天津另一家科技有限公司" not in caseload  # only their own firms
    assert desk.get(f"/organizer/caseload/{other_firm.id}").status_code == 403
    file_page = desk.get(f"/organizer/caseload/{firm_user.enterprise_id}").text
    assert "急招数控车工5名" in file_page and "去人才库按需求找人" in file_page
    desk.post(
        f"/organizer/caseload/{firm_user.enterprise_id}/records",
        data={
            "kind": "visit",
            "happened_on": "",
            "contact_person": "王经理",
            "asked": "缺数控车工",
            "promised": "下周推荐5份简历，邀请参加春风行动专场",
        },
    )
    desk.post(
        f"/organizer/caseload/needs/{need_id}/answer", data={"response": "已推送8份简历", "action": "talent"}
    )
    with app.app_context():
        need = db.session.get(EnterpriseNeed, need_id)
        assert (
            need.status.value == "answered"
            and need.action == "talent"
            and need.answered_by_id == specialist.id
        )
        record = db.session.scalar(select(ServiceRecord))
        assert record.specialist_id == specialist.id and record.contact_person == "王经理"
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {"raise_need", "service_record", "answer_need"} <= actions
    assert "已推送8份简历" in login_as(firm_user).get("/enterprise/needs").text  # the firm sees the answer

    # another specialist can neither see nor answer it
    stranger = login_as(make.user(Role.SPECIALIST, account="other"))
    assert stranger.get(f"/organizer/caseload/{firm_user.enterprise_id}").status_code == 403
    answered = stranger.post(
        f"/organizer/caseload/needs/{need_id}/answer", data={"response": "x", "action": ""}
    )
    assert answered.status_code == 403


def test_organizers_see_overdue_needs_per_specialist(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    specialist = make.user(Role.SPECIALIST, account="slow")
    _assign(app, firm_user.enterprise_id, specialist.id)
    with app.app_context():
        late = EnterpriseNeed(
            enterprise_id=firm_user.enterprise_id,
            kind="training",
            detail="数控培训",
            due_at=utcnow() - timedelta(hours=1),
        )
        fresh = EnterpriseNeed(
            enterprise_id=firm_user.enterprise_id,
            kind="fair",
            detail="要展位",
            due_at=utcnow() + timedelta(days=2),
        )
        db.session.add_all([late, fresh])
        db.session.commit()
        name = db.session.get(User, specialist.id).display_name
    page = login_as(make.user(Role.ORGANIZER)).get("/organizer/caseload/overdue").text
    row = page.split(name)[1].split("</tr>")[0]
    assert '<td data-label="待响应">2</td>' in row and '<span class="overdue">1</span>' in row
    caseload = login_as(specialist).get("/organizer/caseload").text
    assert "超期 1" in caseload


def test_a_need_needs_words_and_a_record_cannot_be_in_the_future(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    page = login_as(firm_user).post(
        "/enterprise/needs", data={"kind": "people", "detail": "招人"}, follow_redirects=True
    )
    assert "请具体说明需求" in page.text
    organizer = login_as(make.user(Role.ORGANIZER))
    page = organizer.post(
        f"/organizer/caseload/{firm_user.enterprise_id}/records",
        data={"kind": "call", "happened_on": "2099-01-01", "asked": "问补贴"},
        follow_redirects=True,
    ).text
    assert "联系日期不能晚于今天" in page
