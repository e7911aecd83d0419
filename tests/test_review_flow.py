"""An enterprise registers, drafts a post, and an organizer verifies both before it is searchable."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import index_now, login, register
from webapp.extensions import db
from webapp.models import AuditLog, Enterprise, JobPost, PostStatus, Role, Verification

POST_FORM = {
    "title": "电气自动化工程师",
    "description": "负责设备电气系统设计、PLC程序编写与现场调试",
    "requirements": "电气工程及其自动化相关专业，熟悉西门子PLC",
    "skills": "PLC，西门子S7、EPLAN",
    "adcode": "120104",
    "pay_unit": "month",
    "pay_min": "9000",
    "pay_max": "14000",
    "pay_months": "13",
    "education": "bachelor",
    "employment_type": "full_time",
    "experience_min_years": "1",
    "headcount": "3",
    "target_groups": ["graduate"],
    "valid_until": (date.today() + timedelta(days=30)).isoformat(),
    "action": "submit",
}


def test_enterprise_to_published_post(app, make):
    enterprise_client = app.test_client()
    register(
        enterprise_client,
        "/register/enterprise",
        {
            "enterprise_name": "天津示例电气有限公司",
            "credit_code": "91110108551385082Q",
            "name": "孙经理",
            "phone": "13712340000",
            "password": "s3cret-pass",
            "confirm": "s3cret-pass",
        },
    )
    created = enterprise_client.post("/enterprise/posts/new", data=POST_FORM, follow_redirects=True)
    assert "岗位已提交审核" in created.text
    with app.app_context():
        post = db.session.scalar(select(JobPost))
        assert post.status == PostStatus.PENDING and post.skills == ["PLC", "西门子S7", "EPLAN"]
        assert post.pay_text == "9-14K·13薪" and post.headcount == 3
        post_id, enterprise_id = post.id, post.enterprise_id

    organizer = make.user(Role.ORGANIZER)
    staff = app.test_client()
    login(staff, organizer.account)
    queue = staff.get("/organizer/posts").text
    assert "电气自动化工程师" in queue and "disabled" in queue  # cannot publish before verification
    refused = staff.post(
        f"/organizer/posts/{post_id}/review", data={"decision": "approve"}, follow_redirects=True
    )
    assert "企业尚未通过认证" in refused.text
    no_reason = staff.post(
        f"/organizer/enterprises/{enterprise_id}/review", data={"decision": "reject"}, follow_redirects=True
    )
    assert "驳回时请填写原因" in no_reason.text
    staff.post(f"/organizer/enterprises/{enterprise_id}/review", data={"decision": "approve"})
    staff.post(f"/organizer/posts/{post_id}/review", data={"decision": "approve"})
    with app.app_context():
        enterprise = db.session.get(Enterprise, enterprise_id)
        assert enterprise.verification == Verification.VERIFIED and enterprise.reverify_due
        assert db.session.get(JobPost, post_id).status == PostStatus.PUBLISHED
        assert db.session.scalar(select(AuditLog.action).where(AuditLog.subject_id == enterprise_id)) == (
            "verify_enterprise"
        )
    index_now(app)
    assert app.test_client().get("/api/v1/jobs?q=电气自动化").json["total"] == 1

    # an edit of a live post goes back to review and leaves the index
    edited = dict(POST_FORM, title="电气自动化工程师（调试方向）")
    enterprise_client.post(f"/enterprise/posts/{post_id}/edit", data=edited)
    with app.app_context():
        assert db.session.get(JobPost, post_id).status == PostStatus.PENDING
    index_now(app)
    assert app.test_client().get("/api/v1/jobs?q=电气自动化").json["total"] == 0


def test_incomplete_post_is_explained_in_chinese(app, make, login_as):
    client = login_as(make.user(Role.ENTERPRISE))
    bad = dict(
        POST_FORM, description="太短", pay_min="", valid_until=(date.today() - timedelta(days=1)).isoformat()
    )
    page = client.post("/enterprise/posts/new", data=bad)
    assert page.status_code == 200
    assert "工作内容10到5000字" in page.text
    page = client.post("/enterprise/posts/new", data=dict(POST_FORM, pay_min="", pay_max=""))
    assert "请填写基本薪酬" in page.text
    page = client.post(
        "/enterprise/posts/new",
        data=dict(POST_FORM, valid_until=(date.today() - timedelta(days=1)).isoformat()),
    )
    assert "有效期不能早于今天" in page.text
    with app.app_context():
        assert db.session.scalar(select(JobPost.id)) is None


def test_rejected_post_shows_the_reason_to_the_enterprise(app, make, login_as):
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, status=PostStatus.PENDING)
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    staff.post(f"/organizer/posts/{post.id}/review", data={"decision": "reject", "reason": "请补充工作地点"})
    dashboard = login_as(owner).get("/enterprise/").text
    assert "已驳回" in dashboard and "请补充工作地点" in dashboard


def test_specialist_sees_queues_but_cannot_decide(app, make):
    post = make.post(status=PostStatus.PENDING)
    client = app.test_client()
    login(client, make.user(Role.SPECIALIST).account)
    assert "机械设计工程师" in client.get("/organizer/posts").text
    assert client.post(f"/organizer/posts/{post.id}/review", data={"decision": "approve"}).status_code == 403
