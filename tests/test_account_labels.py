"""Account labels (2026 notice): 用人单位 / 公共招聘 / 人力资源服务机构. An agency shows its licence number
and fees, and posts only with the client named and the client's authorisation on file; an employer's post
names no client; 公共招聘 is the bureau's to give; a firm that changes what it is goes back to
verification."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.conftest import login
from tests.test_review_flow import POST_FORM
from webapp.extensions import db
from webapp.models import (
    AccountLabel,
    Enterprise,
    EnterpriseDocument,
    JobPost,
    PostStatus,
    Role,
    Verification,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PROFILE = {
    "name": "天津英才人力资源服务有限公司",
    "tier": "none",
    "industry_code": "L72",
    "adcode": "120104",
    "address": "南开区鞍山西道1号",
    "size_band": "small",
    "introduction": "",
}
LICENCE = "（津）人服证字〔2024〕第0104000123号"
FEES = "招聘服务费按录用人员首月工资的20%向用人单位收取；不向求职者收取任何费用"


def test_an_agency_posts_for_a_named_client_with_the_authorisation_on_file(app, make):
    owner = make.user(Role.ENTERPRISE)
    firm = app.test_client()
    login(firm, owner.account)
    refused = firm.post(
        "/enterprise/profile", data=PROFILE | {"account_label": "agency"}, follow_redirects=True
    )
    assert "须填写许可证编号和收费项目" in refused.text
    saved = firm.post(
        "/enterprise/profile",
        data=PROFILE | {"account_label": "agency", "agency_licence_no": LICENCE, "agency_fees": FEES},
        follow_redirects=True,
    )
    assert "企业信息已保存" in saved.text
    with app.app_context():
        row = db.session.get(Enterprise, owner.enterprise_id)
        assert row.account_label == AccountLabel.AGENCY and row.verification == Verification.PENDING
        assert "账号类型变更" in row.verification_reason

    no_client = firm.post("/enterprise/posts/new", data=POST_FORM)
    assert "委托招聘的用人单位" in no_client.text and "委托招聘授权书" in no_client.text
    firm.post(
        "/enterprise/documents",
        data={"kind": "authorisation", "file": (io.BytesIO(PDF), "海河智造授权书.pdf")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        doc_id = db.session.scalar(
            select(EnterpriseDocument.id).where(EnterpriseDocument.kind == "authorisation")
        )
    assert "海河智造授权书.pdf" in firm.get("/enterprise/posts/new").text
    other = make.user(Role.ENTERPRISE)  # another firm's document id is not an authorisation of this one
    with app.app_context():
        file = {"filename": "x.pdf", "stored_path": "/nonexistent", "content_type": "application/pdf"}
        foreign = EnterpriseDocument(
            enterprise_id=other.enterprise_id, kind="authorisation", size=1, sha256="0", **file
        )
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    client = {"client_name": "天津海河智造科技有限公司"}
    stolen = firm.post(
        "/enterprise/posts/new", data=POST_FORM | client | {"client_authorisation_id": foreign_id}
    )
    assert "请先上传并选择该用人单位的委托招聘授权书" in stolen.text
    posted = firm.post(
        "/enterprise/posts/new",
        data=POST_FORM | client | {"client_authorisation_id": doc_id},
        follow_redirects=True,
    )
    assert "岗位已提交审核" in posted.text

    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    queue = staff.get("/organizer/enterprises").text
    assert "人力资源服务机构" in queue and LICENCE in queue
    staff.post(f"/organizer/enterprises/{owner.enterprise_id}/review", data={"decision": "approve"})
    review = staff.get("/organizer/posts").text
    assert (
        "人力资源服务机构代招：天津海河智造科技有限公司" in review
        and f"/organizer/documents/{doc_id}" in review
    )
    with app.app_context():
        post_id = db.session.scalar(select(JobPost.id).where(JobPost.client_name != ""))
    staff.post(f"/organizer/posts/{post_id}/review", data={"decision": "approve"})
    page = app.test_client().get(f"/jobs/{post_id}").text
    assert (
        "人力资源服务机构" in page
        and LICENCE in page
        and "受 <strong>天津海河智造科技有限公司</strong> 委托" in page
    )
    assert "首月工资的20%" in page


def test_an_employer_posts_only_its_own_jobs_and_public_is_the_bureaus(app, make):
    owner = make.user(Role.ENTERPRISE)
    firm = app.test_client()
    login(firm, owner.account)
    firm.post("/enterprise/posts/new", data=POST_FORM | {"client_name": "别的公司"})
    with app.app_context():
        post = db.session.scalar(select(JobPost))
        assert post.status == PostStatus.PENDING and post.client_name == ""
    assert "委托招聘的用人单位" not in firm.get("/enterprise/posts/new").text
    refused = firm.post(
        "/enterprise/profile", data=PROFILE | {"account_label": "public"}, follow_redirects=True
    )
    assert "Not a valid choice" in refused.text or "不是有效" in refused.text or "请选择" in refused.text
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    staff.post(f"/organizer/enterprises/{owner.enterprise_id}/label", data={"account_label": "public"})
    with app.app_context():
        row = db.session.get(Enterprise, owner.enterprise_id)
        assert row.account_label == AccountLabel.PUBLIC and row.verification == Verification.VERIFIED
    assert "公共招聘" in app.test_client().get(f"/enterprises/{owner.enterprise_id}").text
    # the firm's own profile form keeps the bureau's label
    firm.post("/enterprise/profile", data=PROFILE | {"account_label": "employer"}, follow_redirects=True)
    with app.app_context():
        assert db.session.get(Enterprise, owner.enterprise_id).account_label == AccountLabel.PUBLIC


def test_an_import_does_not_post_for_an_agency(app, make, tmp_path):
    from openpyxl import Workbook

    make.user(Role.ORGANIZER, account="importer")
    firm = make.enterprise(name="天津英才人力资源服务有限公司", account_label=AccountLabel.AGENCY)
    wb = Workbook()
    wb.active.append(["招聘岗位", "企业名称", "薪资待遇", "工作地点", "岗位职责", "任职要求"])
    wb.active.append(
        [
            "电工",
            "天津英才人力资源服务有限公司",
            "6-8K",
            "天津市南开区",
            "负责厂区电气设备维护保养",
            "持电工证",
        ]
    )
    path = tmp_path / "posts.xlsx"
    wb.save(path)
    result = app.test_cli_runner().invoke(args=["import", "posts", str(path), "--json"])
    assert result.exit_code == 1 and "人力资源服务机构" in result.stdout
    with app.app_context():
        assert db.session.scalar(select(JobPost.id).where(JobPost.enterprise_id == firm.id)) is None


def test_every_document_kind_fits_its_column():
    """SQLite stores a longer string; PostgreSQL refuses it (how ``client_authorisation`` was caught)."""
    from webapp.services import enterprise_admin

    width = EnterpriseDocument.__table__.c.kind.type.length
    assert all(len(kind) <= width for kind in enterprise_admin.KINDS)
