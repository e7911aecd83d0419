"""Résumés as files (issue 18 item 7): text from a browser-printed PDF and a Word document, a draft the
seeker confirms (nothing saved before 保存, the file never kept), an honest answer for a scan, hostile files
refused, and the parser's entity scores on ResumeNER through ``flask resume eval``."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from importers.resumes import NoText, ResumeParser, ResumeRefused, evaluate, extract_text, read_bmes
from tests import resume_files
from webapp.extensions import db
from webapp.models import Role, SeekerProfile

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def parser():
    return ResumeParser(SHARED)


def test_a_browser_printed_pdf_becomes_a_draft(tmp_path, parser):
    text = extract_text(resume_files.resume_pdf(tmp_path / "简历.pdf").read_bytes(), "简历.pdf")
    assert "天津大学" in text and "⼤" not in text  # Kangxi-radical look-alikes folded back (NFKC)
    draft = parser.parse(text)
    assert (draft.name, draft.phone, draft.email) == ("李明轩", "13800138000", "limx@example.com")
    assert (draft.education, draft.major) == ("bachelor", "电气工程及其自动化")
    assert draft.graduation_date.isoformat() == "2023-06-01"
    assert len(draft.experiences) == 2 and "实习生" in draft.experiences[0]
    assert {"PLC", "AutoCAD", "Python"} <= set(draft.skills)
    if SHARED.is_dir():
        assert draft.school == "天津大学"  # from the 教育部 list


def test_a_word_document_and_a_scan(tmp_path, parser):
    draft = parser.parse(extract_text(resume_files.resume_docx(tmp_path / "r.docx").read_bytes(), "r.docx"))
    assert draft.name == "李明轩" and draft.major == "电气工程及其自动化" and len(draft.experiences) == 2
    with pytest.raises(NoText, match="无法识别文字"):
        extract_text(resume_files.scanned_pdf(tmp_path / "scan.pdf").read_bytes(), "scan.pdf")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("简历.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("简历.pdf", b"PK\x03\x04 not a pdf", "与扩展名不符"),
        ("简历.pdf", b"%PDF-1.7\nbroken", "无法读取该 PDF"),
        ("简历.exe", b"MZ", "只支持 PDF"),
        ("简历.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "超过 5 MB"),
    ],
)
def test_files_that_are_not_resumes_are_refused_in_chinese(name, data, message):
    with pytest.raises(ResumeRefused, match=message):
        extract_text(data, name)


def test_a_docx_bomb_is_refused(tmp_path):
    with pytest.raises(ResumeRefused, match="压缩比"):
        extract_text(resume_files.docx_bomb(tmp_path / "b.docx").read_bytes(), "b.docx")


def test_entity_scores_are_exact_span_f1(tmp_path, parser):
    """Scored by hand: one sentence, a NAME and an EDU found, a TITLE missed and one invented."""
    bmes = tmp_path / "one.bmes"
    tags = {"张": "B-NAME", "伟": "E-NAME", "硕": "B-EDU", "士": "E-EDU"}
    sentence = "张伟，硕士，高级架构人"
    lines = [f"{c} {tags.get(c, 'O')}" for c in sentence]
    lines[-3:] = ["架 B-TITLE", "构 M-TITLE", "人 E-TITLE"]
    bmes.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    gold = read_bmes(bmes)
    assert [(e.kind, e.text) for e in gold[0][1]] == [("NAME", "张伟"), ("EDU", "硕士"), ("TITLE", "架构人")]
    scores = evaluate(parser, gold, ("NAME", "EDU", "TITLE"))
    assert scores["NAME"][:3] == (1.0, 1.0, 1.0) and scores["EDU"][2] == 1.0
    assert scores["TITLE"][1] == 0.0  # "架构人" is no title the parser knows


@pytest.mark.skipif(not (SHARED / "resumes" / "dev.char.bmes").is_file(), reason="../shared/data not present")
def test_flask_resume_eval_on_the_resumener_dev_set(runner):
    result = runner.invoke(args=["resume", "eval", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sentences"] == 463 and set(report["scores"]) == {"NAME", "EDU", "ORG", "TITLE", "PRO"}
    for kind, score in report["scores"].items():
        assert 0.0 <= score["f1"] <= 1.0 and score["n"] > 0, kind
    assert report["scores"]["NAME"]["f1"] > 0.8 and report["scores"]["EDU"]["f1"] > 0.7  # rules that work


def test_the_seeker_confirms_the_draft_before_anything_is_saved(app, make, login_as, tmp_path):
    seeker = make.user(Role.SEEKER)
    client = login_as(seeker)
    pdf = resume_files.resume_pdf(tmp_path / "我的简历.pdf").read_bytes()
    page = client.post(
        "/me/profile/resume-file",
        data={"file": (io.BytesIO(pdf), "我的简历.pdf")},
        content_type="multipart/form-data",
    ).text
    assert "已从简历文件读出" in page and 'value="李明轩"' in page and "电气工程及其自动化" in page
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        assert profile.major == "" and not profile.experiences  # nothing saved yet
    assert not list(Path(app.instance_path).rglob("*.pdf"))  # the file is not kept
    form = {name: value for name, value in re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page)}
    form["experiences"] = re.search(
        r'<textarea[^>]*name="experiences"[^>]*>\s*([^<]*)</textarea>', page
    ).group(1)
    form["education"] = "bachelor"
    client.post("/me/profile", data=form)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        assert profile.major == "电气工程及其自动化" and len(profile.experiences) == 2
    scan = resume_files.scanned_pdf(tmp_path / "scan.pdf").read_bytes()
    page = client.post(
        "/me/profile/resume-file",
        data={"file": (io.BytesIO(scan), "scan.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).text
    assert "无法识别文字" in page
