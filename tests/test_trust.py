"""举报 → review → sanction → blocked re-registration, through the pages people use: a seeker reports a post
with evidence and follows its status; the organizer works the queue, sees the target's history, upholds with a
sanction; the firm sees it and appeals; a closed firm's credit code and people cannot come back by
registration, member accounts or an import; several people's complaints take a post to review by itself."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from importers.identifiers import id_number_error, make_uscc
from tests.conftest import login, register
from webapp.extensions import db
from webapp.models import (
    AbnormalEntity,
    AuditLog,
    Complaint,
    Enterprise,
    JobPost,
    Notice,
    PostStatus,
    Role,
    Sanction,
    User,
    Verification,
)
from webapp.services import ServiceError
from webapp.services.jobs import PostDraft, save_post

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ID_NUMBER = "11010519491231002X"  # the GB 11643 standard's own example


def report(
    client, kind: str, target_id: int, reason: str = "fee", detail: str = "面试时要求先交500元服装费", **files
):
    data = {"reason": reason, "detail": detail, **files}
    return client.post(
        f"/report/{kind}/{target_id}", data=data, content_type="multipart/form-data", follow_redirects=True
    )


def test_id_number_check_digit():
    assert id_number_error(ID_NUMBER) is None
    assert "校验位" in id_number_error("110105194912310021")
    assert "18位" in id_number_error("1101051949")


@pytest.fixture
def world(make):
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="仓储管理员")
    other_post = make.post(owner.enterprise_id, title="叉车司机")
    return owner, post, other_post


def test_complaint_to_closure_blocks_the_firm_from_coming_back(app, make, world, tmp_path):
    owner, post, _ = world
    seeker = make.user(Role.SEEKER)
    client = app.test_client()
    login(client, seeker.account)
    page = client.get(f"/jobs/{post.id}").text
    assert f"/report/post/{post.id}" in page and "举报该岗位" in page
    form = client.get(f"/report/post/{post.id}").text
    assert "仓储管理员" in form and "收取费用、押金或扣押证件" in form
    done = report(client, "post", post.id, evidence=(io.BytesIO(PDF), "聊天截图.pdf"))
    assert "举报已提交" in done.text and "待处理" in done.text  # lands on 我的举报 with the status

    staff = app.test_client()
    organizer = make.user(Role.ORGANIZER)
    login(staff, organizer.account)
    queue = staff.get("/organizer/complaints").text
    assert "岗位：仓储管理员" in queue and "收取费用" in queue
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.enterprise_id == owner.enterprise_id and complaint.evidence_sha256
        cid = complaint.id
    case = staff.get(f"/organizer/complaints/{cid}").text
    assert "仓储管理员" in case and "聊天截图.pdf" in case and "叉车司机" in case  # posts it could take down
    evidence = staff.get(f"/organizer/complaints/{cid}/evidence")
    assert evidence.data == PDF and evidence.mimetype == "application/pdf"
    closed = staff.post(
        f"/organizer/complaints/{cid}/uphold",
        data={
            "resolution": "经核实企业在面试时收取服装费，已关闭其账号",
            "level": "closure",
            "sanction_reason": "向求职者收取服装费",
            "id_number": ID_NUMBER,
        },
        follow_redirects=True,
    )
    assert "举报属实" in closed.text, closed.text
    with app.app_context():
        firm = db.session.get(Enterprise, owner.enterprise_id)
        assert firm.closed_at is not None and firm.verification == Verification.REJECTED
        statuses = {p.status for p in db.session.scalars(select(JobPost))}
        assert statuses == {PostStatus.CLOSED}
        assert not db.session.get(User, owner.id).is_active_account
        sanction = db.session.scalar(select(Sanction))
        assert "举报 #" in sanction.evidence and "聊天截图.pdf" in sanction.evidence
        listed = {e.kind: e.shown for e in db.session.scalars(select(AbnormalEntity))}
        masked_phone = owner.account[:3] + "****" + owner.account[-4:]
        assert listed == {
            "credit_code": firm.credit_code,
            "phone": masked_phone,
            "id_number": "110*************2X",
        }
        credit_code = firm.credit_code
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {
            "complaint_file",
            "view_complaint_evidence",
            "sanction_closure",
            "complaint_upheld",
        } <= actions
        told = db.session.scalar(select(Notice).where(Notice.user_id == seeker.id))
        assert "举报已处理" in told.title
    assert login(app.test_client(), owner.account).status_code != 302  # the closed firm cannot sign in
    mine = client.get("/reports").text
    assert "属实，已处理" in mine and "已关闭其账号" in mine

    # the same credit code, by a new person with a new phone: refused at once
    newcomer = app.test_client()
    data = {"enterprise_name": "天津换个名字有限公司", "credit_code": credit_code, "name": "钱经理",
            "phone": "13712345601", "password": "s3cret-pass", "confirm": "s3cret-pass"}  # fmt: skip
    refused = newcomer.post("/register/enterprise", data={**data, "code": "000000"})
    assert "异常名录" in refused.text and "收取服装费" not in refused.text  # the reason is for the organizer
    # the listed ID number's holder is added by the organizer; a listed phone with a new credit code: refused
    staff.post(
        "/organizer/abnormal-entities", data={"kind": "phone", "value": "13712345602", "reason": "冒用执照"}
    )
    data |= {"credit_code": make_uscc("91120104MA0000001"), "phone": "13712345602"}
    assert "异常名录" in register(newcomer, "/register/enterprise", data).text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enterprise)) == 1
        stops = db.session.scalar(select(func.sum(AbnormalEntity.hits)))
        assert stops == 2
    # an organizer's import of the credit code: a row error that says why
    wb = Workbook()
    wb.active.append(["企业名称", "统一社会信用代码", "认定类型", "所在地区"])
    wb.active.append(["天津又一个名字有限公司", credit_code, "专精特新中小企业", "天津市南开区"])
    path = tmp_path / "firms.xlsx"
    wb.save(path)
    result = app.test_cli_runner().invoke(args=["import", "enterprises", str(path), "--json"])
    errors = json.loads(result.stdout)["errors"]
    assert (
        result.exit_code == 1 and "异常名录" in errors[0]["message"] and "收取服装费" in errors[0]["message"]
    )
    listing = staff.get("/organizer/abnormal-entities").text
    assert credit_code in listing and "110*************2X" in listing and ID_NUMBER not in listing


def test_several_peoples_complaints_take_a_post_to_review(app, make, world):
    _, post, _ = world
    for n in range(3):
        client = app.test_client()
        login(client, make.user(Role.SEEKER).account)
        assert (
            "举报已提交"
            in report(client, "post", post.id, reason="discrimination", detail=f"只要男的 {n}").text
        )
        if n == 0:  # the same person twice: one open complaint is enough
            assert "您已举报过该岗位" in report(client, "post", post.id).text
    with app.app_context():
        row = db.session.get(JobPost, post.id)
        assert row.status == PostStatus.PENDING and "人工复核" in row.status_reason
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    assert "有 3 条待处理举报" in staff.get("/organizer/posts").text  # the reviewer sees why it is back


def test_bad_reports_are_refused_with_a_reason_and_keep_nothing(app, make, world):
    owner, post, _ = world
    client = app.test_client()
    login(client, make.user(Role.SEEKER).account)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.txt", "x")
    assert (
        "不接受压缩包"
        in report(client, "post", post.id, evidence=(io.BytesIO(zipped.getvalue()), "证据.pdf")).text
    )
    assert "请说明具体情况" in report(client, "post", post.id, reason="other", detail="").text
    assert "请选择举报理由" in report(client, "post", post.id, reason="nonsense").text
    assert client.get("/report/users/1").status_code == 404
    assert client.get("/report/post/999999").status_code == 404
    firm = app.test_client()
    login(firm, owner.account)
    assert "不能举报本企业" in report(firm, "enterprise", owner.enterprise_id).text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0


def test_live_room_report_names_the_firm_presenting(app, make, world):
    owner, _, _ = world
    fair = make.fair()
    room = make.live_session(fair.id, [owner.enterprise_id])
    with app.app_context():
        from webapp.models import LiveSession

        session = db.session.get(LiveSession, room.id)
        session.current_segment_id = session.segments[0].id
        db.session.commit()
    client = app.test_client()
    login(client, make.user(Role.SEEKER).account)
    assert f"/report/live/{room.id}" in client.get(f"/live/{room.id}").text
    assert (
        "举报已提交" in report(client, "live", room.id, reason="fake_pay", detail="主播说月入三万保录").text
    )
    with app.app_context():
        assert db.session.scalar(select(Complaint.enterprise_id)) == owner.enterprise_id


def test_throttle_takedown_appeal_and_lift(app, make, world):
    owner, post, other_post = world
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    record = staff.get(f"/organizer/enterprises/{owner.enterprise_id}/record").text
    assert "直接处理" in record and "仓储管理员" in record
    staff.post(
        f"/organizer/enterprises/{owner.enterprise_id}/sanction",
        data={
            "level": "throttle",
            "sanction_reason": "一周内重复发布相同岗位",
            "post_limit": "1",
            "days": "7",
        },
    )
    staff.post(
        f"/organizer/enterprises/{owner.enterprise_id}/sanction",
        data={"level": "takedown", "sanction_reason": "岗位含“限男性”", "post_ids": [str(post.id)]},
    )
    with app.app_context():
        taken = db.session.get(JobPost, post.id)
        assert taken.status == PostStatus.CLOSED and taken.status_reason.startswith("违规下架")
        assert db.session.get(JobPost, other_post.id).status == PostStatus.PUBLISHED
        user = db.session.get(User, owner.id)
        until = date.today() + timedelta(days=30)
        fields = {"adcode": "120104", "requirements": "", "valid_until": until}
        save_post(user, PostDraft(title="装配工", description="负责减速机装配与调试", **fields), submit=False)
        with pytest.raises(ServiceError, match="每日最多新发布 1 个岗位"):
            save_post(user, PostDraft(title="质检员", description="负责来料检验与成品抽检", **fields))
    firm = app.test_client()
    login(firm, owner.account)
    dashboard = firm.get("/enterprise/").text
    assert "生效中的违规处理" in dashboard and "每日最多新发布 1 个岗位" in dashboard
    page = firm.get("/enterprise/sanctions").text
    assert "一周内重复发布相同岗位" in page and "提出申诉" in page
    with app.app_context():
        takedown = db.session.scalar(select(Sanction).where(Sanction.level == "takedown"))
        sid = takedown.id
    firm.post(
        f"/enterprise/sanctions/{sid}/appeal", data={"text": "该岗位为叉车司机体力岗，已改为男女不限，请复核"}
    )
    assert "待答复申诉" in staff.get("/organizer/sanctions").text
    staff.post(f"/organizer/sanctions/{sid}/lift", data={"reason": "企业已整改，申诉成立"})
    with app.app_context():
        assert db.session.get(Sanction, sid).lifted_at is not None
        titles = [n.title for n in db.session.scalars(select(Notice).where(Notice.user_id == owner.id))]
        assert "违规处理：下架岗位" in titles and "违规处理已撤销：下架岗位" in titles
    assert "已撤销" in firm.get("/enterprise/sanctions").text


def test_closed_firm_cannot_be_verified_until_the_closure_is_lifted(app, make, world):
    owner, post, _ = world
    fair = make.fair()
    booth = make.participation(fair.id, owner.enterprise_id, [post.id])
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    staff.post(
        f"/organizer/enterprises/{owner.enterprise_id}/sanction",
        data={"level": "closure", "sanction_reason": "冒用他人营业执照"},
    )
    answer = staff.post(
        f"/organizer/enterprises/{owner.enterprise_id}/review",
        data={"decision": "approve"},
        follow_redirects=True,
    )
    assert "已因违规关闭" in answer.text
    with app.app_context():
        from webapp.models import FairParticipation, ParticipationStatus

        assert db.session.get(FairParticipation, booth.id).status == ParticipationStatus.WITHDRAWN
    with app.app_context():
        sid = db.session.scalar(select(Sanction.id))
    staff.post(f"/organizer/sanctions/{sid}/lift", data={"reason": "执照经核实属实，误判"})
    with app.app_context():
        firm = db.session.get(Enterprise, owner.enterprise_id)
        assert firm.closed_at is None and firm.verification == Verification.PENDING
        assert db.session.get(User, owner.id).is_active_account
        left = db.session.scalars(select(AbnormalEntity).where(AbnormalEntity.removed_at.is_(None))).all()
        assert left == []
    assert login(app.test_client(), owner.account).status_code == 302
