"""Enterprise onboarding: licence and tier evidence uploads (real type checks, stored outside static/, seen
only by organizers, audited), member accounts under one owner, the 服务专员, and six-monthly re-verification
reminders."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tests.conftest import login
from webapp.extensions import db
from webapp.models import AuditLog, Enterprise, Notice, Role, User, Verification
from webapp.models.mixins import utcnow

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(client, data: bytes, name: str, kind: str = "licence"):
    return client.post(
        "/enterprise/documents",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_licence_upload_checks_real_type_and_only_organizers_see_it(app, make, login_as):
    owner = make.user(Role.ENTERPRISE)
    client = login_as(owner)
    assert "营业执照已上传" in upload(client, PDF, "营业执照.pdf").text
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.txt", "x")
    assert "不接受压缩包" in upload(client, zipped.getvalue(), "营业执照.pdf").text
    assert "只接受 PDF、JPG 或 PNG" in upload(client, b"MZ\x90\x00 not a pdf", "营业执照.pdf").text
    assert (
        "含脚本"
        in upload(
            client, PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /JS (app.alert(1)) >>"), "a.pdf"
        ).text
    )
    assert "超过 5 MB" in upload(client, PDF + b"0" * (5 * 1024 * 1024), "big.pdf").text
    with app.app_context():
        firm = db.session.get(Enterprise, owner.enterprise_id)
        assert len(firm.documents) == 1
        doc = firm.documents[0]
        assert "static" not in doc.stored_path and Path(doc.stored_path).read_bytes() == PDF
        doc_id = doc.id
    assert client.get(f"/organizer/documents/{doc_id}").status_code == 403
    staff = login_as(make.user(Role.ORGANIZER))
    shown = staff.get(f"/organizer/documents/{doc_id}")
    assert shown.status_code == 200 and shown.data == PDF and shown.mimetype == "application/pdf"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "view_document")) is not None


def test_owner_manages_members(app, make, login_as):
    owner = make.user(Role.ENTERPRISE)
    client = login_as(owner)
    page = client.post("/enterprise/members", data={"account": "13811112222", "name": "李招聘"})
    assert "仅显示这一次" in page.text
    password = page.text.split("<code>")[1].split("</code>")[0]
    member_client = app.test_client()
    assert login(member_client, "13811112222", password).status_code == 302
    first = member_client.get("/enterprise/")  # the one-time password the owner saw is replaced first
    assert first.status_code == 302 and first.location.endswith("/account/password")
    changed = member_client.post(
        "/account/password",
        data={"current": password, "new": "new-pass-2026", "confirm": "new-pass-2026"},
        follow_redirects=True,
    )
    assert "密码已修改" in changed.text
    assert member_client.get("/enterprise/").status_code == 200  # same enterprise centre
    assert login(app.test_client(), "13811112222", "new-pass-2026").status_code == 302
    refused = member_client.post(
        "/enterprise/members", data={"account": "13811113333", "name": "x"}, follow_redirects=True
    )
    assert "只有企业管理员" in refused.text
    with app.app_context():
        member = db.session.scalar(select(User).where(User.account == "13811112222"))
        assert member.enterprise_id == owner.enterprise_id and not member.is_enterprise_owner
        member_id = member.id
    client.post(f"/enterprise/members/{member_id}/owner")
    with app.app_context():
        assert db.session.get(User, member_id).is_enterprise_owner
        assert not db.session.get(User, owner.id).is_enterprise_owner
    member_client.post(f"/enterprise/members/{owner.id}/remove")
    with app.app_context():
        removed = db.session.get(User, owner.id)
        assert removed.enterprise_id is None and not removed.is_active_account
    assert login(app.test_client(), owner.account).status_code != 302  # can no longer sign in


def test_specialist_assignment_is_audited(app, make, login_as):
    firm = make.enterprise(verification=Verification.PENDING)
    specialist = make.user(Role.SPECIALIST)
    client = login_as(make.user(Role.ORGANIZER))
    client.post(f"/organizer/enterprises/{firm.id}/specialist", data={"specialist_id": str(specialist.id)})
    with app.app_context():
        assert db.session.get(Enterprise, firm.id).specialist_id == specialist.id
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "assign_specialist")) is not None


def test_reverification_reminders_weekly_and_queue(app, make, login_as, runner):
    owner = make.user(Role.ENTERPRISE)
    with app.app_context():
        firm = db.session.get(Enterprise, owner.enterprise_id)
        firm.verified_at = utcnow() - timedelta(days=170)
        firm.reverify_due = utcnow() + timedelta(days=10)
        db.session.commit()
    assert "reminded 1 enterprises" in runner.invoke(args=["reverify-remind"]).output
    assert "reminded 0 enterprises" in runner.invoke(args=["reverify-remind"]).output  # not again this week
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.user_id == owner.id)).all()
        assert [n.title for n in notices] == ["企业信息复核即将到期"]
    client = login_as(owner)
    assert "到期复核" in client.get("/enterprise/profile").text
    staff = login_as(make.user(Role.ORGANIZER))
    queue = staff.get("/organizer/enterprises").text
    assert f'id="reverify-{owner.enterprise_id}"' in queue


def test_firm_without_credit_code_cannot_be_verified(app, make, login_as):
    firm = make.enterprise(verification=Verification.PENDING)
    with app.app_context():
        db.session.get(Enterprise, firm.id).credit_code = None
        db.session.commit()
    client = login_as(make.user(Role.ORGANIZER))
    page = client.post(
        f"/organizer/enterprises/{firm.id}/review", data={"decision": "approve"}, follow_redirects=True
    )
    assert "缺少统一社会信用代码" in page.text


def test_exports_neutralise_formulas_and_mask_phones(app, make, login_as):
    import csv

    from openpyxl import load_workbook

    from webapp.models import Application, SeekerProfile

    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="=cmd|'/c calc'!A1")
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.name, profile.school = "@SUM(1+1)", "+天津大学"
        db.session.add(Application(seeker_id=profile.id, post_id=post.id))
        db.session.commit()
    client = login_as(owner)
    sheet = load_workbook(io.BytesIO(client.get("/enterprise/posts.xlsx").data)).active
    titles = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=cmd|'/c calc'!A1"]
    text = client.get(f"/enterprise/posts/{post.id}/applications.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'@SUM(1+1)" and rows[1][2] == "'+天津大学"
    assert "****" in rows[1][4]
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "export_applicants")) is not None
