"""Compliant vacancies: the checker blocks discriminatory or fee-charging posts while drafting (reason shown),
warns on age limits and near-duplicates, suggests a 大典 occupation, audits organizer overrides, and closes
posts past their valid-until date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.test_review_flow import POST_FORM
from webapp.extensions import db
from webapp.models import AuditLog, JobPost, PostStatus, Role, SearchOutbox


def test_discriminatory_post_is_blocked_with_the_reason(app, make, login_as):
    client = login_as(make.user(Role.ENTERPRISE))
    form = dict(POST_FORM, requirements="限男性，本地户籍优先，熟悉西门子PLC")
    page = client.post("/enterprise/posts/new", data=form)
    assert page.status_code == 200
    assert "岗位信息不合规，不能提交" in page.text and "性别限制" in page.text and "户籍" in page.text
    with app.app_context():
        assert db.session.scalar(select(JobPost)) is None
    # a draft may be kept while it is being fixed
    draft = client.post("/enterprise/posts/new", data=dict(form, action="draft"))
    assert draft.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(JobPost.status)) == PostStatus.DRAFT


def test_live_check_while_drafting(app, make, login_as):
    enterprise = make.user(Role.ENTERPRISE)
    make.post(enterprise.enterprise_id, title="电气自动化工程师", description=POST_FORM["description"])
    client = login_as(enterprise)
    fragment = client.post(
        "/enterprise/posts/check",
        data={
            "title": "电气自动化工程师",
            "description": POST_FORM["description"],
            "requirements": "入职需缴纳押金500元",
        },
    ).text
    assert "收取费用或押金" in fragment and "高度相似" in fragment
    if Path(app.config["OCCUPATIONS_CSV"]).exists():
        assert "建议职业分类" in fragment


def test_age_limit_warns_but_does_not_block(app, make, login_as):
    client = login_as(make.user(Role.ENTERPRISE))
    page = client.post(
        "/enterprise/posts/new",
        data=dict(POST_FORM, requirements="25-35周岁，熟悉PLC"),
        follow_redirects=True,
    )
    assert "岗位已提交审核" in page.text and "含年龄限制" in page.text


def test_saving_a_post_runs_the_compliance_check_once(app, make, login_as, monkeypatch):
    """The classifier and the duplicate scan run in the service; the page shows that check's warnings."""
    from webapp.services import compliance

    calls = []
    real = compliance.check_draft
    monkeypatch.setattr(compliance, "check_draft", lambda *a, **k: calls.append(a) or real(*a, **k))
    client = login_as(make.user(Role.ENTERPRISE))
    page = client.post(
        "/enterprise/posts/new",
        data=dict(POST_FORM, requirements="25-35周岁，熟悉PLC"),
        follow_redirects=True,
    )
    assert "岗位已提交审核" in page.text and "含年龄限制" in page.text
    assert len(calls) == 1


def test_flagged_post_needs_an_audited_override_to_publish(app, make, login_as):
    firm = make.enterprise()
    post = make.post(firm.id, status=PostStatus.PENDING, requirements="已婚已育优先")
    client = login_as(make.user(Role.ORGANIZER))
    queue = client.get("/organizer/posts").text
    assert "婚育状况限制" in queue
    refused = client.post(
        f"/organizer/posts/{post.id}/review", data={"decision": "approve"}, follow_redirects=True
    )
    assert "请填写放行理由" in refused.text
    client.post(
        f"/organizer/posts/{post.id}/review",
        data={"decision": "approve", "reason": "经核实为企业托儿福利说明，非招聘条件"},
    )
    with app.app_context():
        assert db.session.get(JobPost, post.id).status == PostStatus.PUBLISHED
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "compliance_override"))
        assert entry is not None and "marriage" in entry.detail


def test_expired_posts_close_and_leave_the_index(app, make, runner):
    firm = make.enterprise()
    old = make.post(firm.id, valid_until=date.today() - timedelta(days=1))
    live = make.post(firm.id)
    with app.app_context():
        db.session.execute(SearchOutbox.__table__.delete())
        db.session.commit()
    result = runner.invoke(args=["close-expired"])
    assert "closed 1 expired posts" in result.output
    with app.app_context():
        assert db.session.get(JobPost, old.id).status == PostStatus.CLOSED
        assert db.session.get(JobPost, live.id).status == PostStatus.PUBLISHED
        assert db.session.scalar(select(SearchOutbox.entity_id)) == old.id


@pytest.mark.parametrize(("title", "code_prefix"), [("PLC编程工程师", "2-02"), ("数控车工", "6-")])
def test_occupation_suggestion_from_the_dadian(app, title, code_prefix):
    if not Path(app.config["OCCUPATIONS_CSV"]).exists():
        pytest.skip("职业分类大典 table not present")
    from webapp.services.compliance import suggest_occupation

    with app.test_request_context():
        code, name = suggest_occupation(title)
    assert code.startswith(code_prefix), (code, name)


def test_review_queue_is_paged(app, make, login_as):
    firm = make.enterprise()
    for n in range(53):
        make.post(firm.id, status=PostStatus.PENDING, title=f"质检员{n}")
    client = login_as(make.user(Role.ORGANIZER))
    first = client.get("/organizer/posts").text
    assert "53 个待审" in first and first.count('class="card review"') == 50 and "下一页" in first
    second = client.get("/organizer/posts?page=2").text
    assert second.count('class="card review"') == 3
