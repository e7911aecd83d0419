"""Imports into the real database: all or nothing per file, idempotent re-import, similar firm names never
merged silently, enterprises and seekers, the CLI's JSON and report, the organizer's upload → preview →
correct → import with progress, and the real BOSS直聘 file."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from importers.identifiers import make_uscc
from tests import bureau_files, hostile_files
from tests.conftest import index_now
from webapp.extensions import db
from webapp.models import (
    AuditLog,
    Enterprise,
    ImportJob,
    JobPost,
    PostStatus,
    Role,
    SearchOutbox,
    SeekerProfile,
    User,
)
from webapp.services.search_index import JOBS

HEADER = [
    "岗位编号",
    "招聘岗位",
    "企业名称",
    "薪资待遇",
    "工作地点",
    "学历",
    "经验要求",
    "招聘人数",
    "岗位职责",
]
DESC = "负责PLC程序设计与调试，参与自动化产线改造项目"
FIRM = "天津海河智造科技有限公司"
BOSS = Path(os.environ.get("SHARED_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
BOSS = BOSS / "postings" / "boss_data_analyst_jobs.xlsx"


def post_row(n: int, **over) -> list[str]:
    values = {"id": f"P{n}", "title": f"电气工程师{n}", "firm": FIRM, "pay": "8-12K·13薪",
              "place": "天津市南开区",
              "edu": "本科", "exp": "3-5年", "count": "2", "desc": f"{DESC}（{n}号产线）"} | over  # fmt: skip
    return list(values.values())


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


@pytest.fixture
def organizer(make):
    return make.user(Role.ORGANIZER, account="importer")


def settled(client, job_url: str, was: str = "checking", timeout: float = 30) -> str:
    """Poll the job's progress fragment (as the page does) until the background work is over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"{job_url}/progress?was={was}")
        if "hx-get" not in response.text:
            return response.text
        time.sleep(0.05)
    raise AssertionError(f"{job_url} still busy after {timeout} s")


def upload(client, data: bytes, filename: str, kind: str = "posts"):
    # encoded here: the test client would spool a body over 500 KB to a temporary file it never closes
    boundary, body = encode_multipart({"kind": kind, "file": FileStorage(io.BytesIO(data), filename)})
    return client.post(
        "/organizer/imports", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_cli_import_is_all_or_nothing_then_idempotent(app, runner, make, organizer, tmp_path):
    make.enterprise(name=FIRM)
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADER, post_row(1), post_row(2, pay="很高")])
    result = runner.invoke(args=["import", "posts", str(bad), "--json"])
    assert result.exit_code == 1, (result.output, result.exception)
    report = json.loads(result.stdout)
    assert (report["rows"], report["valid"], report["written"]) == (2, 1, False)
    assert report["errors"][0]["row"] == 3 and "薪酬" in report["errors"][0]["message"]
    assert report["mapping"]["招聘岗位"] == "title"
    assert count(app, JobPost) == 0  # the valid row was not written either

    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, post_row(1), post_row(2)])
    result = runner.invoke(args=["import", "posts", str(good), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created"] == 2
    again = runner.invoke(args=["import", "posts", str(good), "--json"])
    assert json.loads(again.stdout)["updated"] == 2 and count(app, JobPost) == 2
    with app.app_context():
        posts = db.session.scalars(select(JobPost)).all()
        assert {p.status for p in posts} == {PostStatus.PENDING}  # into the review queue
        assert posts[0].pay_text == "8-12K·13薪" and posts[0].headcount == 2
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "import")) is not None


@pytest.mark.meili
def test_the_posts_an_import_writes_and_only_they_are_queued_for_the_index(app, runner, make, tmp_path):
    """New posts are written in one statement without their ids coming back: the outbox rows are chosen by
    who wrote them and when, so another user's post written before is not queued again."""
    firm = make.enterprise(name=FIRM)
    make.user(Role.ORGANIZER, account="importer")
    earlier = make.post(firm.id, title="早已发布的岗位")
    index_now(app)  # the earlier post's outbox row is processed
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, post_row(1), post_row(2), post_row(3)])
    result = runner.invoke(args=["import", "posts", str(good), "--json"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        written = set(db.session.scalars(select(JobPost.id).where(JobPost.id != earlier.id)))
        queued = db.session.scalars(
            select(SearchOutbox.entity_id).where(
                SearchOutbox.processed_at.is_(None), SearchOutbox.index == JOBS
            )
        ).all()
    assert len(written) == 3 and sorted(queued) == sorted(written)
    index_now(app)  # and the worker takes them: pending posts are not searchable, nothing fails


def test_dry_run_writes_nothing(app, runner, make, organizer, tmp_path):
    make.enterprise(name=FIRM)
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, post_row(1)])
    result = runner.invoke(args=["import", "posts", str(good), "--dry-run", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["dry_run"] is True
    assert count(app, JobPost) == 0


def test_similar_firm_names_wait_for_a_decision(app, runner, make, organizer, tmp_path):
    firm = make.enterprise(name=FIRM)
    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, post_row(1, firm="海河智造科技（天津）有限公司")])
    result = runner.invoke(args=["import", "posts", str(path), "--json", "--create-enterprises"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and "相近" in report["errors"][0]["message"]
    assert report["merge_suggestions"]["海河智造科技（天津）有限公司"][0]["id"] == firm.id
    merged = runner.invoke(
        args=["import", "posts", str(path), "--json", "--merge", f"海河智造科技（天津）有限公司={firm.id}"]
    )
    assert merged.exit_code == 0, merged.output
    with app.app_context():
        assert db.session.scalar(select(JobPost.enterprise_id)) == firm.id
        assert db.session.scalar(select(func.count()).select_from(Enterprise)) == 1


def test_unknown_firms_are_created_pending_only_when_asked(app, runner, organizer, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, post_row(1, firm="天津新立精密机械有限公司")])
    refused = runner.invoke(args=["import", "posts", str(path), "--json"])
    assert "不在平台上" in json.loads(refused.stdout)["errors"][0]["message"]
    created = runner.invoke(args=["import", "posts", str(path), "--json", "--create-enterprises"])
    assert json.loads(created.stdout)["enterprises_created"] == 1
    with app.app_context():
        firm = db.session.scalar(select(Enterprise))
        assert firm.credit_code is None and firm.verification.value == "pending"


def test_enterprises_and_seekers_import(app, runner, organizer, tmp_path):
    code = make_uscc("91120104MA05KXYW1")
    firms = write_xlsx(
        tmp_path / "firms.xlsx",
        [
            ["2026年南开区专精特新企业名单"],
            ["序号", "企业名称", "统一社会信用代码", "认定类型", "所在地区", "职工人数", "联系电话"],
            [
                "1",
                "天津瑞泰智能装备有限公司",
                code,
                "专精特新“小巨人”企业",
                "天津市南开区",
                "120",
                "13800138000",
            ],
            ["2", "天津错码科技有限公司", "91120104MA05KXYW10", "专精特新中小企业", "南开区", "30", ""],
        ],
    )
    result = runner.invoke(args=["import", "enterprises", str(firms), "--json"])
    report = json.loads(result.stdout)
    assert report["errors"][0]["row"] == 4 and "信用代码" in report["errors"][0]["column"]
    fixed = [
        ["企业名称", "统一社会信用代码", "认定类型", "所在地区", "职工人数"],
        ["天津瑞泰智能装备有限公司", code, "专精特新“小巨人”企业", "天津市南开区", "120"],
    ]
    write_xlsx(firms, fixed)
    assert runner.invoke(args=["import", "enterprises", str(firms)]).exit_code == 0
    with app.app_context():
        firm = db.session.scalar(select(Enterprise))
        assert (firm.tier.value, firm.adcode, firm.employees) == ("little_giant", "120104", 120)

    people = tmp_path / "people.csv"
    people.write_bytes(
        "姓名,手机号,学历,毕业院校,专业,毕业时间,人员类别\n张三,13912345678,本科,天津大学,自动化,2025-06,高校毕业生\n".encode(
            "gbk"
        )
    )
    assert runner.invoke(args=["import", "seekers", str(people)]).exit_code == 0
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile))
        assert profile.graduation_date.isoformat() == "2025-06-01" and profile.groups == ["graduate"]
        assert profile.resume_consent_at is None  # imported people have not consented to share a résumé
        assert db.session.scalar(select(User.role).where(User.account == "13912345678")) == Role.SEEKER


def test_rows_are_counted_not_messages_the_same_in_json_page_and_report(
    app, runner, make, organizer, login_as, tmp_path
):
    """Row 3 has two errors (pay and place), row 4 one (place): 3 rows, 1 valid, 2 with errors
    (3 messages) — the JSON, the preview page and the .xlsx report's 汇总 sheet agree."""
    make.enterprise(name=FIRM)
    rows = [HEADER, post_row(1), post_row(2, pay="很高", place="火星"), post_row(3, place="月球背面")]
    path = write_xlsx(tmp_path / "counts.xlsx", rows)
    report = json.loads(runner.invoke(args=["import", "posts", str(path), "--json", "--dry-run"]).stdout)
    assert (report["rows"], report["valid"], report["rows_with_errors"]) == (3, 1, 2)
    assert len(report["errors"]) == 3 and {e["row"] for e in report["errors"]} == {3, 4}
    assert report["rows_with_warnings"] == len({w["row"] for w in report["warnings"]})
    client = login_as(organizer)
    job_url = upload(client, path.read_bytes(), "counts.xlsx").headers["Location"]
    settled(client, job_url)
    page = re.sub(r"\s+", " ", client.get(job_url).text)
    assert '<span class="n">1</span><span>可导入的行</span>' in page
    assert '<span class="n">2</span><span>有错误的行（3 条）</span>' in page
    book = load_workbook(io.BytesIO(client.get(job_url + "/report.xlsx").data))
    summary = dict(book["汇总"].iter_rows(values_only=True))
    figures = [summary[k] for k in ("数据行", "可导入的行", "有错误的行", "错误条数")]
    assert figures == [3, 1, 2, 3]
    assert summary["有提示的行"] == report["rows_with_warnings"]


def test_cli_report_has_an_error_column(app, runner, make, organizer, tmp_path):
    make.enterprise(name=FIRM)
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, post_row(1), post_row(2, place="火星")])
    out = tmp_path / "report.xlsx"
    runner.invoke(args=["import", "posts", str(path), "--report", str(out)])
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("错误", "提示")
    assert rows[1][-2] in (None, "") and "无法识别地点" in rows[2][-2]


def test_organizer_uploads_previews_corrects_and_imports(app, make, organizer, login_as, tmp_path):
    make.enterprise(name=FIRM)
    rows = [
        ["编号", "岗位", "单位", "月薪", "城市", "备注"],
        ["A1", "运维工程师", FIRM, "6-8K", "天津", DESC],
    ]
    data = io.BytesIO()
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(data)
    client = login_as(organizer)
    response = upload(client, data.getvalue(), "岗位信息采集表.xlsx")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    settled(client, job_url)
    page = client.get(job_url).text
    # 备注 maps to no field: kept (附加到任职要求), and the post is described from the other columns
    assert "导入预览" in page and "表中没有工作内容列" in page
    assert 'value="_keep" selected' in page and "依据表头" in page
    # the user maps 备注 to 工作内容 in the preview
    client.post(
        job_url + "/mapping",
        data={"map:备注": "description", "map:单位": "enterprise_name", "map:编号": "external_id"},
    )
    settled(client, job_url)
    page = client.get(job_url).text
    assert "确认导入 1 行" in page, re.sub(r"\s+", " ", page.split("错误 <small>")[-1])[:800]
    assert "disabled" not in page.split("确认导入")[0][-200:]
    assert "表中没有工作内容列" not in page and "已手动调整" in page
    client.post(job_url + "/run")
    fragment = settled(client, job_url, was="running")
    assert "导入完成：新增 1 条" in fragment
    assert count(app, JobPost) == 1
    report = client.get(job_url + "/report.xlsx")
    assert report.status_code == 200 and load_workbook(io.BytesIO(report.data)).active.max_row == 2
    with app.app_context():
        job = db.session.scalar(select(ImportJob))
        assert "static" not in job.stored_path and Path(job.stored_path).exists()


HOSTILE = {
    "维度炸弹.xlsx": (lambda d: hostile_files.dimension_bomb(d / "a.xlsx"), "声明的范围"),
    "目录撒谎.xlsx": (lambda d: hostile_files.lying_sizes(d / "b.xlsx"), "结构异常"),
    "行号越界.xlsx": (lambda d: hostile_files.far_row(d / "c.xlsx", 5_000_000), "行号超出"),
    "行数过多.xlsx": (lambda d: hostile_files.many_rows(d / "d.xlsx", 200_001), "200,000 行"),
    "列号越界.xlsx": (lambda d: hostile_files.far_column(d / "g.xlsx"), "200 列"),
    "相距甚远.xlsx": (lambda d: hostile_files.scattered(d / "h.xlsx"), "范围过大"),
    "无位置单元格.xlsx": (lambda d: hostile_files.unplaced_cells(d / "i.xlsx"), "未标明位置"),
    "列数过多.csv": (lambda d: hostile_files.wide_csv(d / "e.csv"), "200 列"),
    "行数过多.csv": (lambda d: hostile_files.long_csv(d / "f.csv", 200_001), "200,000 行"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_uploads_are_refused_at_once_leaving_nothing(app, organizer, login_as, tmp_path, name):
    build, reason = HOSTILE[name]
    data = build(tmp_path).read_bytes()
    client = login_as(organizer)
    started = time.perf_counter()
    response = upload(client, data, name)
    elapsed = time.perf_counter() - started
    page = client.get(response.headers["Location"]).text
    assert reason in page, page[:2000]
    assert elapsed < 1.0, f"refusing {name} took {elapsed:.2f} s"
    assert count(app, ImportJob) == 0
    assert not list((Path(app.instance_path) / "uploads" / "imports").glob("*"))


@pytest.mark.parametrize("build", [hostile_files.dimension_bomb, hostile_files.scattered])
def test_a_hostile_workbook_costs_under_a_second_and_200_mb(tmp_path, build):
    """A 2 KB bomb (a lying dimension; two cells a million rows apart) through the same check and reader, in
    a fresh process (its peak memory is its own; VmHWM, as ru_maxrss would carry the forking test process's
    peak across exec): the first used to take 80 s and 2.8 GB for 20,000 rows."""
    bomb = build(tmp_path / "bomb.xlsx", 1_000_000)
    assert bomb.stat().st_size < 2048
    script = (
        "import re, sys, time\n"
        "from importers import ImportRefused\n"
        "from importers.safety import inspect_upload\n"
        "from importers.reading import read_table\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    read_table(sys.argv[1], inspect_upload(__import__('pathlib').Path(sys.argv[1])).kind)\n"
        "    verdict = 'read'\n"
        "except ImportRefused:\n"
        "    verdict = 'refused'\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(verdict, time.perf_counter() - t, int(peak) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(bomb)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    ).stdout.split()  # fmt: skip
    assert out[0] == "refused"
    assert float(out[1]) < 1.0 and int(out[2]) < 200, out


def test_a_big_csv_is_checked_outside_the_request_with_progress(app, make, organizer, login_as, tmp_path):
    make.enterprise(name=FIRM)
    rows = 3_000
    buffer = io.StringIO()
    buffer.write(",".join(HEADER) + "\n")
    for n in range(rows):
        buffer.write(",".join(post_row(n)) + "\n")
    client = login_as(organizer)
    started = time.perf_counter()
    response = upload(client, buffer.getvalue().encode("gb18030"), "岗位.csv")
    answered = time.perf_counter() - started
    job_url = response.headers["Location"]
    first = client.get(f"{job_url}/progress?was=checking")
    assert "正在读取和校验" in first.text and f"约 {rows + 1} 行" in first.text  # the bar, before the preview
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        fragment = client.get(f"{job_url}/progress?was=checking")
        if fragment.headers.get("HX-Refresh"):
            break
        seen.add(fragment.text.split('value="')[1].split('"')[0])
        time.sleep(0.05)
    assert fragment.headers.get("HX-Refresh") == "true"  # the page reloads into the preview
    assert len(seen) >= 2, seen  # the bar moved
    page = client.get(job_url).text
    assert f"确认导入 {rows} 行" in page, re.sub(r"\s+", " ", page.split("错误 <small>")[-1])[:600]
    assert answered < 2.0, f"the upload request took {answered:.2f} s"


def test_a_public_sector_vacancy_table_as_bureaus_publish_it(app, runner, organizer, login_as, tmp_path):
    """Two sheets, two title rows, 13 columns in the bureau's own words, government employers with no credit
    code, no pay or place column, a footnote, and conditions in 其他条件: every column is mapped or kept,
    the employers are created pending (by name and region, for the organizer to confirm), the place comes from
    the employer's name, and a gender or marriage condition in the free-text column stops its row."""
    table = bureau_files.public_sector_table(tmp_path / "2026年南开区事业单位招聘岗位表.xlsx")
    report = json.loads(runner.invoke(args=["import", "posts", str(table), "--json", "--dry-run"]).stdout)
    assert report["rows"] == 7  # the footnotes are not rows
    for sheet in report["sheets"]:
        placed = set(sheet["mapping"]) | set(sheet["kept"])
        assert placed == set(bureau_files.PUBLIC_SECTOR_HEADER) - {"序号"}, sheet
        assert "表注" in sheet["note"]
    blocked = {(e["sheet"], e["row"]) for e in report["errors"]}
    assert blocked == {("教育系统", 5), ("教育系统", 7)}, report["errors"]
    assert all("《" in e["message"] for e in report["errors"])  # each names its rule
    assert {e["column"] for e in report["errors"]} == {"其他条件"}  # the column to fix, not 工作内容
    assert {w["column"] for w in report["warnings"] if "年龄限制" in w["message"]} == {"年龄"}
    assert report["rows_with_warnings"] == 7  # 年龄 limits and a description built from the columns

    lawful = bureau_files.public_sector_table(tmp_path / "lawful.xlsx", lawful_only=True)
    report = json.loads(runner.invoke(args=["import", "posts", str(lawful), "--json"]).stdout)
    assert report["written"] and report["created"] == 5, report["errors"]
    assert sorted(report["new_employers"]) == sorted(
        [
            "天津市南开区第二十中学",
            "天津市南开区实验小学",
            "天津市南开区疾病预防控制中心",
            "天津市南开区王顶堤医院",
        ]
    )
    with app.app_context():
        nurse = db.session.scalar(select(JobPost).where(JobPost.title == "护士"))
        assert nurse.adcode == "120104" and nurse.enterprise.verification.value == "pending"
        assert "专业：护理学" in nurse.requirements and "取得护士执业资格" in nurse.requirements
    page = login_as(organizer).get("/organizer/enterprises").text
    assert "天津市南开区王顶堤医院" in page  # listed for the organizer to confirm
    # the same file again: no duplicates (岗位代码 is the external id)
    again = json.loads(runner.invoke(args=["import", "posts", str(lawful), "--json"]).stdout)
    assert (again["created"], again["updated"], again["enterprises_created"]) == (0, 5, 0)


def test_a_merged_two_row_header_and_a_fair_signup_sheet(app, runner, make, organizer, tmp_path):
    state = bureau_files.state_firm_table(tmp_path / "国企需求.xlsx")
    report = json.loads(runner.invoke(args=["import", "posts", str(state), "--json", "--dry-run"]).stdout)
    mapping = report["sheets"][0]["mapping"]
    assert {mapping[h] for h in ("岗位信息需求岗位", "岗位信息需求人数", "任职条件学历要求", "薪酬待遇")} == {
        "title", "headcount", "education", "pay"
    }  # fmt: skip
    assert set(report["sheets"][0]["kept"]) == {"任职条件专业要求", "联系方式"}
    made = make.enterprise(name="天津精工数控有限公司")
    with app.app_context():
        firm = db.session.get(Enterprise, made.id)
        fair = bureau_files.fair_signup_table(tmp_path / "报名表.xlsx", [(firm.name, firm.credit_code)])
    report = json.loads(runner.invoke(args=["import", "posts", str(fair), "--json"]).stdout)
    assert report["written"] and report["created"] == 2, report["errors"]
    # "王女士 13800001111" in the contact column is a contact person, not a gender preference
    assert not [w for w in report["warnings"] if "性别" in w["message"]], report["warnings"]


def test_import_the_valid_rows_now_fix_the_rest_and_import_again_without_duplicates(
    app, make, organizer, login_as, tmp_path
):
    """All or nothing stays the default; "仅导入有效数据" is an explicit choice. The rows to fix download as a
    file that, corrected, imports again; the whole corrected file once more duplicates nothing (these posts
    have no 编号: they are recognised by firm, title and text)."""
    make.enterprise(name=FIRM)
    header = HEADER[1:]  # no 岗位编号 column
    rows = [post_row(1)[1:], post_row(2, place="火星")[1:], post_row(3)[1:]]
    client = login_as(organizer)
    job_url = upload(client, write_xlsx(tmp_path / "a.xlsx", [header, *rows]).read_bytes(), "a.xlsx").headers[
        "Location"
    ]
    settled(client, job_url)
    page = client.get(job_url).text
    assert "仅导入 2 行有效数据" in page and "下载 1 行待修正" in page
    assert client.post(job_url + "/run").status_code == 302  # the default button: refused, nothing runs
    assert "还有错误未解决" in client.get(job_url).text and count(app, JobPost) == 0
    to_fix = load_workbook(io.BytesIO(client.get(job_url + "/report.xlsx?rows=errors").data))
    sheet = to_fix.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    assert len(lines) == 2 and "无法识别地点" in lines[1][-2]  # the header and the one row to fix
    client.post(job_url + "/run", data={"only_valid": "1"})
    assert "跳过有错误的 1 行" in settled(client, job_url, was="running")
    assert count(app, JobPost) == 2
    # the user corrects the place in the downloaded file and uploads it as it is (错误/提示 columns included)
    sheet.cell(row=2, column=header.index("工作地点") + 1, value="天津市南开区")
    fixed = io.BytesIO()
    to_fix.save(fixed)
    second = upload(client, fixed.getvalue(), "待修正.xlsx").headers["Location"]
    settled(client, second)
    assert "确认导入 1 行" in client.get(second).text
    client.post(second + "/run")
    assert "导入完成：新增 1 条" in settled(client, second, was="running")
    with app.app_context():
        post = db.session.scalar(select(JobPost).where(JobPost.title == "电气工程师2"))
        assert "错误" not in post.requirements  # the report's own columns were not kept as text
    rows[1] = post_row(2)[1:]
    again = upload(client, write_xlsx(tmp_path / "b.xlsx", [header, *rows]).read_bytes(), "b.xlsx")
    settled(client, again.headers["Location"])
    client.post(again.headers["Location"] + "/run")
    assert "新增 0 条，更新 3 条" in settled(client, again.headers["Location"], was="running")
    assert count(app, JobPost) == 3


def test_upload_refuses_macro_files_in_chinese(app, organizer, login_as):
    client = login_as(organizer)
    response = client.post(
        "/organizer/imports",
        data={"kind": "posts", "file": (io.BytesIO(b"PK\x03\x04"), "宏.xlsm")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "不接受含宏的 Excel 文件" in response.text
    assert count(app, ImportJob) == 0


@pytest.mark.slow
@pytest.mark.skipif(not BOSS.exists(), reason="../shared/data not present")
def test_real_boss_file_every_row_accounted_for(app, runner, organizer):
    result = runner.invoke(args=["import", "posts", str(BOSS), "--json", "--dry-run", "--create-enterprises"])
    report = json.loads(result.stdout)
    assert report["rows"] == 2117
    failing = {e["row"] for e in report["errors"]}
    # rows without a company, one two-word description, and firms whose names look alike and need a decision
    # and rows the compliance detector stops (each names its clause: 《…》)
    reasons = {e["message"].split("「")[0][:12] for e in report["errors"] if "《" not in e["message"]}
    assert reasons <= {"缺少企业名称或统一社会信", "工作内容少于10个字", "企业"}
    stopped = {e["row"] for e in report["errors"] if "《" in e["message"]}
    assert len(stopped) < 0.02 * 2117, stopped  # real ads: the detector stops few
    assert len(failing) < 90 + len(stopped) and report["valid"] == 2117 - len(failing)


def test_places_outside_the_zone_are_named_from_the_national_table():
    from webapp.reference import national_names, place_name

    if not national_names():
        pytest.skip("national region table not present")
    assert place_name("420100") == "武汉市" and place_name("430121") == "长沙市·长沙县"
    assert place_name("120104") == "天津市·南开区"  # the zone's own table still first
