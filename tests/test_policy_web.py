"""政策计算器 and 政策找人 through the web app: rules in the database, hire records, the calculator pages, the
organizer's batch, notices, status tracking, the claim-list export and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    AuditLog,
    ClaimStatus,
    Enterprise,
    HireRecord,
    Notice,
    Role,
    SeekerProfile,
    SizeBand,
    SubsidyClaim,
    SubsidyRuleVersion,
)

ISSUE_CASE = {
    "region": "天津市南开区",
    "date": "2024-03-01",
    "enterprise": {"size": "小型", "tier": "专精特新中小企业"},
    "hires": [
        {
            "age": 23,
            "graduation_date": "2023-07-01",
            "groups": ["高校毕业生"],
            "registered_unemployed_months": 0,
            "contract_months": 12,
            "insured_months": 3,
        }
    ],
}


@pytest.fixture
def loaded(app):
    from webapp.subsidies.services import load_rule_files_into_db

    with app.app_context():
        return load_rule_files_into_db()


@pytest.fixture
def hire(app, make, loaded):
    """A small 南开区 firm that hired a 2025 graduate (ID number: born 2002, female)."""
    firm = make.enterprise(name="天津海河智造科技有限公司", size_band=SizeBand.SMALL, adcode="120104")
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    seeker = make.user(Role.SEEKER)
    post = make.post(firm.id)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.graduation_date = date(2025, 6, 30)
        profile.groups = ["graduate"]
        profile.id_number = "120104200203150024"
        application = Application(seeker_id=profile.id, post_id=post.id, status=ApplicationStatus.HIRED)
        db.session.add(application)
        db.session.commit()
        return {"owner": owner, "seeker": seeker, "application": application.id, "firm": firm.id}


def hire_form(**over) -> dict:
    form = {
        "contract_months": "12",
        "insured_months": "3",
        "employment_type": "全职",
        "groups": ["高校毕业生"],
    }
    form.update(over)
    return form


def test_rule_files_load_once(app, loaded):
    from webapp.subsidies.services import load_rule_files_into_db

    assert loaded["added"] >= 45 and loaded["parameters"] >= 1
    with app.app_context():
        again = load_rule_files_into_db()
        assert again["added"] == again["updated"] == 0
        assert db.session.scalar(select(func.count()).select_from(SubsidyRuleVersion)) == loaded["added"]


def test_enterprise_enters_a_hire_and_sees_subsidies_with_reasons(app, hire, login_as):
    client = login_as(hire["owner"])
    form_page = client.get(f"/enterprise/hires/{hire['application']}")
    assert form_page.status_code == 200 and "用工信息" in form_page.text
    assert 'value="女"' in form_page.text or "女" in form_page.text  # gender read from the ID number
    response = client.post(f"/enterprise/hires/{hire['application']}", data=hire_form(insured_months="1"))
    assert response.status_code == 302
    page = client.get("/enterprise/policy").text
    assert "一次性扩岗补助" in page  # no insurance condition in 南开 一、1 for 扩岗补助
    assert "再缴纳 2 个月社会保险后可申领" in page
    client.post(f"/enterprise/hires/{hire['application']}", data=hire_form(insured_months="3"))
    page = client.get("/enterprise/policy").text
    assert (
        "一次性吸纳就业补贴" in page
        and "因为" in page
        and "南开区人社局促进专精特新企业发展专项服务办法 一、1" in page
    )
    assert "社会保险补贴（五项社保）" in page
    assert "不重复享受" in page


def test_the_hire_records_what_the_bureau_targets_count(app, hire, login_as):
    """Skill level and title are entered with the hire; 高校毕业生 is worked out from leaving school."""
    from webapp.models import HireRecord, SkillLevel, TitleLevel

    client = login_as(hire["owner"])
    assert "职业技能等级" in client.get(f"/enterprise/hires/{hire['application']}").text
    form = hire_form(groups=[], skill_level="technician", title_level="associate_senior",
                     start_date="2026-03-01", graduation_date="2025-06-30")  # fmt: skip
    assert client.post(f"/enterprise/hires/{hire['application']}", data=form).status_code == 302
    with app.app_context():
        record = db.session.scalar(select(HireRecord))
        assert (record.skill_level, record.title_level) == (
            SkillLevel.TECHNICIAN,
            TitleLevel.ASSOCIATE_SENIOR,
        )
        assert record.graduate is True
    client.post(f"/enterprise/hires/{hire['application']}", data=form | {"graduation_date": "2020-06-30"})
    with app.app_context():
        assert db.session.scalar(select(HireRecord)).graduate is False


def test_hire_record_only_for_own_hired_applications(app, hire, make, login_as):
    other = make.user(Role.ENTERPRISE)
    client = login_as(other)
    assert client.post(f"/enterprise/hires/{hire['application']}", data=hire_form()).status_code == 403
    with app.app_context():
        db.session.get(Application, hire["application"]).status = ApplicationStatus.INTERVIEW
        db.session.commit()
    owner = login_as(hire["owner"])
    response = owner.post(f"/enterprise/hires/{hire['application']}", data=hire_form())
    assert response.status_code == 400 and "只有“录用”状态" in response.text


def test_bad_hire_input_is_refused_in_chinese(app, hire, login_as):
    client = login_as(hire["owner"])
    response = client.post(f"/enterprise/hires/{hire['application']}", data=hire_form(insured_months="-3"))
    assert response.status_code == 200 and "请输入0到600之间的月数" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HireRecord)) == 0


def test_what_if_hire_needs_no_saving(app, hire, login_as):
    client = login_as(hire["owner"])
    page = client.get(
        "/enterprise/policy",
        query_string={
            "age": "20",
            "groups": ["登记失业人员"],
            "contract_months": "12",
            "insured_months": "3",
        },
    ).text
    assert "一次性扩岗补助" in page
    assert "登记失业人员" in page


def test_seeker_sees_support_open_to_them(app, hire, login_as):
    client = login_as(hire["seeker"])
    response = client.post(
        "/me/policy",
        data={"adcode": "120104", "groups": ["在校生"], "starting_business": "y", "in_training": ""},
    )
    assert response.status_code == 302
    page = client.get("/me/policy").text
    assert "个人创业担保贷款" in page and "500,000" in page  # 南开 一、4
    # 和平区's rules ended on 2025-06-29: asking about 和平区 today finds its loan rule out of force
    client.post("/me/policy", data={"adcode": "120101", "groups": ["在校生"], "starting_business": "y"})
    assert "创业担保贷款（重点创业人群）" not in client.get("/me/policy").text
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == hire["seeker"].id))
        assert profile.policy_facts["adcode"] == "120101" and profile.policy_facts["groups"] == ["在校生"]


def _record_hire(client, hire, **over):
    assert client.post(f"/enterprise/hires/{hire['application']}", data=hire_form(**over)).status_code == 302


def test_find_notify_track_and_export(app, hire, make, login_as):
    owner = login_as(hire["owner"])
    _record_hire(owner, hire)
    owner.post("/logout")
    organizer = make.user(Role.ORGANIZER)
    client = login_as(organizer)
    assert "运行政策找人" in client.get("/organizer/policy/claims").text
    client.post("/organizer/policy/find", data={"on": date.today().isoformat()})
    client.post("/organizer/policy/find", data={"on": date.today().isoformat()})  # idempotent
    with app.app_context():
        claims = db.session.scalars(select(SubsidyClaim)).all()
        titles = sorted(c.title for c in claims)
        assert "一次性吸纳就业补贴" in titles and len(titles) == len(set(titles))
        assert all(c.status == ClaimStatus.FOUND for c in claims)
        absorption = next(c for c in claims if c.title == "一次性吸纳就业补贴")
    client.post("/organizer/policy/notify")
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.user_id == hire["owner"].id)).all()
        assert len(notices) == len(claims)
        assert all(c.status == ClaimStatus.NOTIFIED for c in db.session.scalars(select(SubsidyClaim)))
    # the enterprise sees the notice and the claim's progress
    client.post("/logout")
    owner = login_as(hire["owner"])
    assert "您可享受：一次性吸纳就业补贴" in owner.get("/notices").text
    assert "已告知" in owner.get("/enterprise/policy").text
    owner.post("/logout")
    client = login_as(organizer)
    # status moves one step at a time
    client.post(f"/organizer/policy/claims/{absorption.id}/status", data={"status": "paid"})
    with app.app_context():
        assert db.session.get(SubsidyClaim, absorption.id).status == ClaimStatus.NOTIFIED
    client.post(f"/organizer/policy/claims/{absorption.id}/status", data={"status": "claimed"})
    client.post(f"/organizer/policy/claims/{absorption.id}/status", data={"status": "paid"})
    with app.app_context():
        paid = db.session.get(SubsidyClaim, absorption.id)
        assert paid.status == ClaimStatus.PAID and paid.paid_at is not None
    export = client.get("/organizer/policy/claims.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "申领编号" and len(rows) == len(claims) + 1
    id_numbers = {r[7] for r in rows[1:]}
    assert id_numbers == {"120*************24"}  # every claim names the hire; loans are not claims
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "export_claims")) is not None


def test_export_neutralises_formulas(app, hire, make, login_as):
    with app.app_context():
        db.session.get(Enterprise, hire["firm"]).name = '=HYPERLINK("http://x","点我")'
        db.session.commit()
    _record_hire(login_as(hire["owner"]), hire)
    organizer = login_as(make.user(Role.ORGANIZER))
    organizer.post("/organizer/policy/find", data={"on": date.today().isoformat()})
    sheet = load_workbook(io.BytesIO(organizer.get("/organizer/policy/claims.xlsx").data)).active
    names = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {'\'=HYPERLINK("http://x","点我")'}


def test_organizer_edits_a_rule_as_a_new_version(app, loaded, make, login_as):
    client = login_as(make.user(Role.ORGANIZER))
    page = client.get("/organizer/policy/rules/nankai2023.absorption")
    assert page.status_code == 200 and "一次性吸纳就业补贴" in page.text
    with app.app_context():
        data = db.session.scalar(
            select(SubsidyRuleVersion).where(SubsidyRuleVersion.rule_id == "nankai2023.absorption")
        ).data
    changed = {**data, "amount": {"kind": "once", "value": 1500}}
    bad = {**data, "when": [{"fact": "shoe_size", "at_least": 1}]}
    response = client.post(
        "/organizer/policy/rules/nankai2023.absorption",
        data={"data": json.dumps(bad, ensure_ascii=False), "active": "on", "note": "试改"},
    )
    assert (
        response.status_code == 400 and "规则有误，未保存" in response.text and "shoe_size" in response.text
    )
    response = client.post(
        "/organizer/policy/rules/nankai2023.absorption",
        data={
            "data": json.dumps(changed, ensure_ascii=False),
            "active": "on",
            "note": "依据新文件调整为1500元",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        from webapp.subsidies.services import evaluate_case

        versions = db.session.scalars(
            select(SubsidyRuleVersion).where(SubsidyRuleVersion.rule_id == "nankai2023.absorption")
        ).all()
        assert sorted(v.version for v in versions) == [1, 2]
        assert [v.version for v in versions if v.current] == [2]
        answer = evaluate_case(ISSUE_CASE).to_dict()
        assert next(s for s in answer["subsidies"] if s["rule"] == "nankai2023.absorption")["amount"] == 1500
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "policy_rule_edit")) is not None


def test_cli_evaluate_prints_the_answer(app, runner, tmp_path, loaded):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(ISSUE_CASE, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["policy", "evaluate", "--case", str(case), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["one_time_total"] == 1000
    first = next(s for s in answer["subsidies"] if s["rule"] == "nankai2023.absorption")
    assert set(first) >= {"rule", "title", "beneficiary", "amount", "unit", "months", "source", "reason"}
    readable = runner.invoke(args=["policy", "evaluate", "--case", str(case)])
    assert "一次性吸纳就业补贴" in readable.output and "一次性合计 1,000 元" in readable.output
    case.write_text(json.dumps({**ISSUE_CASE, "region": "火星"}), encoding="utf-8")
    bad = runner.invoke(args=["policy", "evaluate", "--case", str(case), "--json"])
    assert bad.exit_code != 0 and "unknown region" in bad.output


def test_cli_find_runs_the_batch(app, runner, hire, make, login_as):
    _record_hire(login_as(hire["owner"]), hire)
    make.user(Role.ORGANIZER)
    result = runner.invoke(args=["policy", "find"])
    assert result.exit_code == 0, result.output
    assert "new claims" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SubsidyClaim)) >= 1


def test_deleting_the_account_removes_hire_data_and_claims(app, hire, make, login_as):
    _record_hire(login_as(hire["owner"]), hire)
    organizer = login_as(make.user(Role.ORGANIZER))
    organizer.post("/organizer/policy/find", data={"on": date.today().isoformat()})
    organizer.post("/logout")
    seeker = login_as(hire["seeker"])
    assert seeker.post("/me/delete", data={"password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HireRecord)) == 0
        assert db.session.scalar(select(func.count()).select_from(SubsidyClaim)) == 0


def test_organizer_reads_conditions_in_chinese_and_makes_a_simple_edit(app, loaded, make, login_as):
    client = login_as(make.user(Role.ORGANIZER))
    page = client.get("/organizer/policy/rules/nankai2023.expansion").text
    assert "满足其一" in page and "年龄16–24岁" in page
    response = client.post(
        "/organizer/policy/rules/nankai2023.expansion",
        data={"value": "1200", "valid_until": "2026-12-31", "active": "on", "note": "示例调整"},
    )
    assert response.status_code == 302
    response = client.post(
        "/organizer/policy/rules/nankai2023.expansion",
        data={"value": "一千", "valid_until": "", "active": "on", "note": "写错了"},
    )
    assert response.status_code == 400 and "未保存" in response.text
    with app.app_context():
        current = db.session.scalar(
            select(SubsidyRuleVersion).where(
                SubsidyRuleVersion.rule_id == "nankai2023.expansion", SubsidyRuleVersion.current
            )
        )
        assert current.version == 2
        assert current.data["amount"]["value"] == 1200 and current.data["valid_until"] == "2026-12-31"
