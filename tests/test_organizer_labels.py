"""Organizer screens speak Chinese: the import preview shows labels (本科, 全职), never None / bachelor /
full_time / []; the audit log names actions, subjects and people, never codes or user ids."""

import ast
import io
import re
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.test_imports_web import settled
from webapp import display
from webapp.models import ComplaintStatus, Role, SanctionLevel

pytestmark = pytest.mark.meili
CODES = re.compile(r">\s*(None|bachelor|college|full_time|internship|\[\]|month)\s*<")


def test_import_preview_shows_labels_not_codes(make, login_as):
    firm = make.enterprise(name="天津海河智造科技有限公司")
    wb = Workbook()
    wb.active.append(
        ["岗位编号", "招聘岗位", "企业名称", "薪资待遇", "工作地点", "学历", "经验要求", "岗位职责"]
    )
    wb.active.append(
        [
            "A1",
            "运维工程师",
            "天津海河智造科技有限公司",
            "6-8K",
            "天津市南开区",
            "本科",
            "",
            "负责产线设备巡检与保养，处理突发故障",
        ]
    )
    wb.active.append(
        [
            "A2",
            "实习生",
            "天津海河智造科技有限公司",
            "",
            "天津市南开区",
            "",
            "实习",
            "协助工程师完成设备调试记录工作",
        ]
    )
    data = io.BytesIO()
    wb.save(data)
    client = login_as(make.user(Role.ORGANIZER))
    response = client.post(
        "/organizer/imports",
        data={"kind": "posts", "file": (io.BytesIO(data.getvalue()), "岗位.xlsx")},
        content_type="multipart/form-data",
    )
    settled(client, response.headers["Location"])  # the file is checked in the background
    page = client.get(response.headers["Location"]).text
    preview = page[page.index("解析预览") :]
    assert "本科" in preview and ("全职" in preview or "实习" in preview)
    assert not CODES.search(preview), CODES.search(preview)
    assert firm.id


def test_audit_log_names_actions_subjects_and_people(app, make, login_as):
    organizer = make.user(Role.ORGANIZER, name="王科长")
    firm = make.enterprise(verification="pending")
    client = login_as(organizer)
    client.post(f"/organizer/enterprises/{firm.id}/review", data={"decision": "approve"})
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import User
        from webapp.services import audit

        audit.record(db.session.get(User, organizer.id), "import", "posts", None, "岗位.xlsx：新增 1 条")
        db.session.commit()
    for _ in range(10):
        page = client.get("/organizer/audit").text
        if "批量导入" in page:
            break
        time.sleep(0.1)
    body = page[page.index("<tbody>") :]
    assert "王科长" in body and "批量导入" in body and "岗位" in body
    assert "#None" not in body and "import" not in body.replace("important", "")


def test_every_audit_action_in_the_code_has_a_label():
    """A new audit.record(...) with an unlabelled action code fails here, not on an organizer's screen."""
    used = set()
    for path in (Path(__file__).parents[1] / "webapp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "record"
                and len(node.args) > 2
            ):
                for arg in (node.args[1],):
                    for const in ast.walk(arg):
                        if isinstance(const, ast.Constant) and isinstance(const.value, str):
                            used.add(const.value)
                kind = node.args[2]
                if isinstance(kind, ast.Constant):
                    assert kind.value in display.SUBJECTS, (path.name, kind.value)
    # f"fair_{status.value}", f"complaint_{status.value}", f"sanction_{level.value}": labelled below
    used -= {"fair_", "complaint_", "sanction_"}
    assert used and used <= set(display.ACTIONS), sorted(used - set(display.ACTIONS))
    for status in ("draft", "published", "cancelled"):
        assert f"fair_{status}" in display.ACTIONS
    for status in ComplaintStatus:
        assert status == ComplaintStatus.OPEN or f"complaint_{status.value}" in display.ACTIONS
    for level in SanctionLevel:
        assert f"sanction_{level.value}" in display.ACTIONS
