"""The detector of unlawful and doubtful phrasing (issue 17 item 1): phrasing a word list missed, negation and
ordinary words with a trigger character, the same verdict on the post form, the spreadsheet import and a live
room's pin, and its evaluation on the real job ads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from importers.compliance import blocking, check_post
from tests.test_imports_web import HEADER, post_row, write_xlsx
from tests.test_review_flow import POST_FORM
from webapp.extensions import db
from webapp.models import JobPost, Role

# What the issue found passing "without a word" (tried as a new user would), and what must not be held against
# a post. The labelled set in matching/data is what the model learns from.
UNLAWFUL = ["女士勿扰", "非天津户籍勿扰", "只要男的", "乙肝携带者勿扰", "入职需缴纳押金500元", "外地人勿扰"]
# phrased so no rule has the words: the model flags them, and a reviewer publishes only with a reason
PARAPHRASED = ["适合男生", "本岗位更适合男同志", "谢绝孕期女性"]
DOUBTFUL = ["形象气质佳的女生", "身高170cm以上", "仅限985/211", "年龄35岁以下"]
ORDINARY = [
    "男女不限",
    "不限户籍",
    "欢迎残疾人士",
    "负责女装品牌的线上运营",
    "婚庆策划师",
    "维吾尔语翻译",
    "乙肝疫苗研发工程师",
    "熟悉西门子PLC，有两年以上自动化项目经验",
    "提供五险一金和员工宿舍",
]


@pytest.mark.parametrize("text", UNLAWFUL)
def test_unlawful_phrasing_blocks(text):
    assert blocking(check_post(text)), text


@pytest.mark.parametrize("text", PARAPHRASED)
def test_paraphrases_are_flagged_as_unlawful(text):
    from importers.compliance import unlawful

    assert unlawful(check_post(text)), (text, check_post(text))


@pytest.mark.parametrize("text", DOUBTFUL)
def test_doubtful_phrasing_warns_without_blocking(text):
    findings = check_post(text)
    assert findings and not blocking(findings), (text, findings)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_and_permissions_pass(text):
    assert not blocking(check_post(text)), (text, check_post(text))


# A refusal next to a group the laws protect, in either order, for every group: the rule, not the model, so it
# holds for groups and orders the labelled set has few examples of.
REFUSED_GROUPS = [
    ("残障人士请勿投递简历，谢谢", "disability"),
    ("本公司不招农民工", "rural"),
    ("谢绝穆斯林", "religion"),
    ("四川籍人员免谈", "hukou"),
    ("仅限汉族", "ethnicity"),
    ("宝妈勿扰", "marriage"),
    ("HIV感染者不予录用", "health"),
]
NOT_REFUSALS = ["残疾人优先", "不限民族", "欢迎宝妈加入", "合同期限三年", "外省市人员不要担心住宿"]


@pytest.mark.parametrize(("text", "code"), REFUSED_GROUPS)
def test_a_refusal_of_a_protected_group_blocks_by_rule(text, code):
    rules = [f for f in check_post(text) if f.by == "rule" and f.severity == "block"]
    assert [f.code for f in rules] == [code], text


@pytest.mark.parametrize("text", NOT_REFUSALS)
def test_a_preference_permission_or_other_meaning_is_no_refusal(text):
    assert not [f for f in check_post(text) if f.by == "rule"], text


def test_a_finding_names_its_clause():
    (finding,) = [f for f in check_post("本岗位需经常出差，女士勿扰") if f.code == "gender"]
    assert "就业促进法" in finding.clause and "女士勿扰" in finding.excerpt


@pytest.mark.parametrize("text", ["女士勿扰，非天津户籍勿扰", "只要男的", "年龄35岁以下", "男女不限"])
def test_the_form_and_the_import_give_the_same_verdict(app, make, login_as, runner, tmp_path, text):
    owner = make.user(Role.ENTERPRISE, account="13700000001")
    client = login_as(owner)
    page = client.post("/enterprise/posts/new", data=dict(POST_FORM, requirements=text))
    form_blocked = page.status_code == 200 and "不能提交" in page.text

    make.user(Role.ORGANIZER, account="importer")
    with app.app_context():
        from webapp.models import Enterprise

        firm = db.session.get(Enterprise, owner.enterprise_id).name
    sheet = write_xlsx(tmp_path / "posts.xlsx", [HEADER, post_row(1, firm=firm, desc=f"负责PLC调试。{text}")])
    result = runner.invoke(args=["import", "posts", str(sheet), "--json", "--dry-run"])
    report = json.loads(result.stdout)
    import_blocked = any("《" in e["message"] for e in report["errors"])  # a finding names its clause
    assert form_blocked == import_blocked == bool(blocking(check_post(text))), (text, report["errors"])


def test_a_flagged_post_is_not_pinned_in_a_live_room_unless_an_organizer_let_it_through(app, make):
    from webapp.live import console
    from webapp.models import User
    from webapp.services import ServiceError, compliance

    firm = make.enterprise()
    post = make.post(firm.id, requirements="熟悉PLC。女士勿扰")
    fair = make.fair()
    make.participation(fair.id, firm.id, [post.id])
    session = make.live_session(fair.id, [firm.id])
    organizer = make.user(Role.ORGANIZER)
    with app.app_context():
        staff = db.session.get(User, organizer.id)
        console.start(staff, session.id)
        live = console.get_session(session.id)
        console.switch(staff, session.id, live.segments[0].id)
        with pytest.raises(ServiceError, match="不能置顶"):
            console.pin(staff, session.id, post.id)
        db.session.rollback()
        flagged = blocking(check_post(*db.session.scalars(select(JobPost.requirements)).all()))
        compliance.record_override(staff, db.session.get(JobPost, post.id), flagged, "核实为引用的反例")
        db.session.commit()
        assert console.pin(staff, session.id, post.id).pinned_post_id == post.id


@pytest.mark.slow
def test_the_evaluation_runs_on_the_real_job_ads(app, runner):
    if not (Path(app.config["SHARED_DATA_DIR"]) / "postings").is_dir():
        pytest.skip("../shared/data/postings not present")
    # the held-out figures as `flask compliance eval` prints them (the 5-fold spread is the full run's)
    result = runner.invoke(args=["compliance", "eval", "--folds", "0", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["phrases"] >= 400 and report["real_clauses_test"] > 1000
    assert set(report["per_category"]) >= {"gender", "hukou", "health", "fee", "age", "looks", "school"}
    # the targets: ≤ 2 % of ordinary sentences blocked (met); ≥ 0.95 recall on unlawful phrasing is
    # not met (0.936 of held-out phrases flagged, 0.787 blocked at once): the floor here guards what exists
    assert report["ordinary_blocked"] <= 0.02 and report["real_posts_blocked"] <= 0.02
    assert report["unlawful_flagged"] >= 0.9


def test_a_paraphrase_the_model_only_suspects_still_needs_a_reason_to_publish(app, make, login_as):
    from webapp.models import AuditLog, PostStatus

    text = "本岗位更适合男同志"
    # the model flags it (blocked or only suspected): either way publishing needs a reason
    firm = make.enterprise()
    post = make.post(firm.id, status=PostStatus.PENDING, requirements=text)
    client = login_as(make.user(Role.ORGANIZER))
    queue = client.get("/organizer/posts").text
    assert "性别" in queue and "依据《就业促进法》第二十七条" in queue  # flag, excerpt and clause
    review = f"/organizer/posts/{post.id}/review"
    refused = client.post(review, data={"decision": "approve"}, follow_redirects=True)
    assert "请填写放行理由" in refused.text
    client.post(review, data={"decision": "approve", "reason": "已与企业核实"})
    with app.app_context():
        assert db.session.get(JobPost, post.id).status == PostStatus.PUBLISHED
        assert db.session.scalar(select(AuditLog.detail).where(AuditLog.action == "compliance_override"))
