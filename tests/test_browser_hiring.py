"""The hiring conversation in two headless browsers side by side: a firm invites from 推荐人才, the seeker
applies with one tap, a fee request in a message gets the safety prompt, the firm proposes an interview, the
seeker accepts, the reminder goes out, the firm hires — and each notice shows on the other side's open page
without a reload (the badge and a message, or the conversation itself)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (fixtures)
from webapp import beijing
from webapp.extensions import db
from webapp.models import Interview, Role, SeekerProfile

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]


def sign_in(driver, base: str, account: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "account").send_keys(account)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # the click returns before the sign-in has landed: a page asked for now would go out without the session
    deadline = time.time() + 10
    while "/login" in driver.current_url and time.time() < deadline:
        time.sleep(0.05)
    assert "/login" not in driver.current_url, "sign-in did not complete"


def badge(driver) -> int:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, "notice-count")
    return int(element.get_attribute("textContent") or 0) if element.get_attribute("hidden") is None else 0


def test_invite_apply_interview_hire_with_live_notices(live_server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id, title="数控编程工程师")
    seeker = make.user(Role.SEEKER, consent_at=None)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.open_to_recommendation, profile.desired_titles = True, ["数控编程员"]
        db.session.commit()
    person, firm = chromium(), chromium(width=1280, height=900)
    try:
        wait_person, wait_firm = WebDriverWait(person, 10), WebDriverWait(firm, 10)
        sign_in(person, base, seeker.account)
        wait_person.until(ec.url_contains("/me/"))
        person.get(f"{base}/me/applications")  # the seeker's page stays open
        assert badge(person) == 0

        sign_in(firm, base, firm_user.account)
        wait_firm.until(ec.url_contains("/enterprise"))
        firm.get(f"{base}/enterprise/posts/{post.id}/talent")
        firm.find_element(By.CSS_SELECTOR, "form[action$='/invite'] button").click()
        wait_firm.until(lambda d: "已邀请·待回复" in d.page_source)
        wait_person.until(lambda d: badge(d) == 1)  # no reload on the seeker's side
        toast = wait_person.until(ec.visibility_of_element_located((By.ID, "notice-toast")))
        assert "企业邀请您投递：数控编程工程师" in toast.text
        shot(person, "hiring-01-invitation-arrives-live")

        person.get(f"{base}/me/invitations")
        person.find_element(By.NAME, "consent").click()
        person.find_element(By.XPATH, "//button[text()='一键投递']").click()
        wait_person.until(lambda d: "投递成功" in d.page_source)

        firm.get(f"{base}/enterprise/posts/{post.id}/applications")
        firm.find_element(By.LINK_TEXT, "查看简历").click()
        wait_firm.until(ec.presence_of_element_located((By.ID, "slot1")))
        detail_url = firm.current_url

        # a message asking for a fee reaches the seeker's open conversation with the safety prompt
        person.get(f"{base}/me/applications")
        person.find_element(By.LINK_TEXT, "与企业沟通").click()
        wait_person.until(ec.presence_of_element_located((By.ID, "body")))
        firm.find_element(By.LINK_TEXT, "与求职者沟通").click()
        wait_firm.until(ec.presence_of_element_located((By.ID, "body")))
        firm.find_element(By.ID, "body").send_keys("入职前需交300元服装费，加我微信 hr_zhang88")
        firm.find_element(By.CSS_SELECTOR, "#compose button").click()
        wait_firm.until(lambda d: "平台已向对方提示风险" in d.page_source)
        wait_person.until(lambda d: "索要费用" in d.find_element(By.ID, "messages").text)  # no reload
        assert "转到站外联系" in person.find_element(By.ID, "messages").text
        shot(person, "hiring-01b-fee-request-prompt")
        person.find_element(By.ID, "body").send_keys("请问为什么要交费？")
        person.find_element(By.CSS_SELECTOR, "#compose button").click()
        wait_person.until(lambda d: "请问为什么要交费" in d.page_source)
        firm.get(detail_url)
        wait_firm.until(ec.presence_of_element_located((By.ID, "slot1")))
        day = beijing.today() + timedelta(days=2)
        for name, value in (("slot1", f"{day:%Y-%m-%d}T14:00"), ("slot2", f"{day:%Y-%m-%d}T16:30")):
            firm.execute_script("arguments[0].value = arguments[1]", firm.find_element(By.ID, name), value)
        firm.find_element(By.ID, "place").send_keys("南开区科研西路5号3楼")
        firm.find_element(By.ID, "contact").send_keys("王女士")
        person.get(f"{base}/me/applications")  # the seeker is on 我的投递 when the invitation comes
        before = badge(person)
        firm.find_element(By.XPATH, "//button[text()='发送面试邀请']").click()
        wait_firm.until(lambda d: "面试安排已发送" in d.page_source)
        wait_person.until(lambda d: badge(d) > before)
        assert "面试邀请：数控编程工程师" in person.find_element(By.ID, "notice-toast").text

        person.get(f"{base}/me/applications")
        person.find_elements(By.NAME, "slot")[1].click()
        shot(person, "hiring-02-interview-slots")
        firm_before = badge(firm)
        person.find_element(By.XPATH, "//button[text()='确认该时间']").click()
        wait_person.until(lambda d: "已确认面试时间" in d.page_source)
        assert "16:30" in person.find_element(By.CSS_SELECTOR, ".interview").text
        wait_firm.until(lambda d: badge(d) > firm_before)  # the firm's open page hears it
        assert "求职者已确认面试" in firm.find_element(By.ID, "notice-toast").text

        from webapp.hiring.interviews import remind_due

        with app.app_context():
            starts = db.session.scalar(select(Interview.starts_at))
            before = badge(person)
            assert remind_due(starts - timedelta(hours=12)) == 1
        wait_person.until(lambda d: badge(d) > before)
        assert "面试提醒" in person.find_element(By.ID, "notice-toast").text

        firm.refresh()
        before = badge(person)
        firm.find_element(By.XPATH, "//button[text()='标记为录用']").click()
        wait_firm.until(lambda d: "已更新为“录用”" in d.page_source)
        wait_person.until(lambda d: badge(d) > before)
        assert "录用通知：数控编程工程师" in person.find_element(By.ID, "notice-toast").text
        shot(person, "hiring-03-hired-live")
        shot(firm, "hiring-04-firm-view")
    finally:
        person.quit()
        firm.quit()
