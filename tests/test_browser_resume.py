"""A seeker on a phone uploads a PDF résumé (printed by Chromium, as "另存为 PDF" makes it), checks the draft
the platform read from it, corrects one field and saves; at a desk the same is done with a Word file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import resume_files
from tests.conftest import Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (fixtures)
from tests.test_browser_hiring import sign_in
from webapp.extensions import db
from webapp.models import Role, SeekerProfile

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]


def test_upload_a_pdf_resume_and_confirm_the_draft(live_server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    seeker = Factory(app).user(Role.SEEKER)
    pdf = resume_files.resume_pdf(tmp_path / "李明轩的简历.pdf")
    docx = resume_files.resume_docx(tmp_path / "李明轩的简历.docx")
    for driver, path, tag in (
        (chromium(), pdf, "phone"),
        (chromium(width=1280, height=900), docx, "desktop"),
    ):
        try:
            wait = WebDriverWait(driver, 10)
            sign_in(driver, base, seeker.account)
            wait.until(ec.url_contains("/me/"))
            driver.get(f"{base}/me/profile")
            driver.find_element(By.ID, "resume-file").send_keys(str(path))
            shot(driver, f"resume-01-upload-{tag}")
            driver.find_element(By.XPATH, "//button[text()='读取简历文件']").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "[role=status]")))
            assert "已从简历文件读出" in driver.page_source
            major = driver.find_element(By.NAME, "major")
            assert major.get_attribute("value") == "电气工程及其自动化"
            assert "天津新元智能装备" in driver.find_element(
                By.CSS_SELECTOR, "textarea[name=experiences]"
            ).get_attribute("value")
            shot(driver, f"resume-02-draft-{tag}")
            with app.app_context():  # not saved before the seeker confirms
                profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
                assert not profile.experiences or tag == "desktop"
            major.clear()
            major.send_keys("电气工程及其自动化（智能制造方向）")
            driver.find_element(By.XPATH, "//button[text()='保存']").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".flash")))
            assert "简历已保存" in driver.page_source
            shot(driver, f"resume-03-saved-{tag}")
        finally:
            driver.quit()
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        assert profile.major == "电气工程及其自动化（智能制造方向）" and profile.name == "李明轩"
        assert len(profile.experiences) == 2 and "PLC" in profile.skills
