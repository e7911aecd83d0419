"""举报 → review → sanction → blocked re-registration in headless Chromium: a seeker on a phone reports a post
with a screenshot as evidence; the organizer at a desk handles it, closing the firm; the seeker's 我的举报
shows the outcome; someone trying to register the closed firm again is stopped. A second firm gets a warning,
reads it on a phone and appeals; the organizer sees the appeal."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (fixtures)
from tests.test_browser_hiring import sign_in
from webapp.extensions import db
from webapp.models import Enterprise, Role

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]
ID_NUMBER = "11010519491231002X"


def test_report_close_and_refuse_reregistration(live_server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="仓储管理员")
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        credit_code = db.session.get(Enterprise, owner.enterprise_id).credit_code
    phone, desk = chromium(), chromium(width=1280, height=900)
    try:
        wait, wait_desk = WebDriverWait(phone, 10), WebDriverWait(desk, 10)
        sign_in(phone, base, seeker.account)
        wait.until(ec.url_contains("/me/"))
        phone.get(f"{base}/jobs/{post.id}")
        evidence = tmp_path / "聊天截图.png"
        evidence.write_bytes(phone.get_screenshot_as_png())  # a real PNG, as a phone user would attach
        phone.find_element(By.LINK_TEXT, "举报该岗位").click()
        wait.until(ec.url_contains(f"/report/post/{post.id}"))
        phone.find_element(By.CSS_SELECTOR, "input[name=reason][value=fee]").click()
        phone.find_element(By.CSS_SELECTOR, "textarea[name=detail]").send_keys(
            "面试时要求先交500元服装费才能入职"
        )
        phone.find_element(By.ID, "evidence").send_keys(str(evidence))
        shot(phone, "trust-01-report-form-phone")
        phone.find_element(By.XPATH, "//button[text()='提交举报']").click()
        wait.until(ec.url_contains("/reports"))
        assert "举报已提交" in phone.page_source and "待处理" in phone.page_source
        shot(phone, "trust-02-my-reports-open-phone")

        sign_in(desk, base, make.user(Role.ORGANIZER).account)
        wait_desk.until(ec.url_contains("/organizer"))
        desk.get(f"{base}/organizer/complaints")
        assert "收取费用、押金或扣押证件" in desk.page_source
        desk.find_element(By.LINK_TEXT, "处理").click()
        wait_desk.until(ec.presence_of_element_located((By.ID, "handle")))
        assert "聊天截图.png" in desk.page_source and "仓储管理员" in desk.page_source
        desk.find_element(By.ID, "resolution-up").send_keys("经核实企业面试时收取服装费，已关闭其账号")
        desk.find_element(By.CSS_SELECTOR, "input[name=level][value=closure]").click()
        desk.find_element(By.ID, "sanction_reason").send_keys("向求职者收取服装费")
        desk.find_element(By.XPATH, "//summary[contains(., '关闭账号')]").click()
        desk.find_element(By.NAME, "id_number").send_keys(ID_NUMBER)
        shot(desk, "trust-03-case-closing-desktop")
        desk.find_element(By.XPATH, "//button[text()='举报属实，结案']").click()
        wait_desk.until(lambda d: "举报属实" in d.page_source and "处理结果" in d.page_source)
        shot(desk, "trust-04-case-closed-desktop")
        desk.get(f"{base}/organizer/abnormal-entities")
        assert credit_code in desk.page_source and "110*************2X" in desk.page_source
        shot(desk, "trust-05-abnormal-list-desktop")

        phone.get(f"{base}/reports")
        assert "属实，已处理" in phone.page_source and "已关闭其账号" in phone.page_source
        shot(phone, "trust-06-my-reports-handled-phone")

        phone.delete_all_cookies()
        phone.get(f"{base}/register/enterprise")
        phone.find_element(By.NAME, "enterprise_name").send_keys("天津换个名字有限公司")
        phone.find_element(By.NAME, "credit_code").send_keys(credit_code)
        phone.find_element(By.NAME, "name").send_keys("钱经理")
        phone.find_element(By.NAME, "phone").send_keys("13712345601")
        phone.find_element(By.NAME, "send_code").click()
        code = re.search(
            r"验证码 (\d{6})", wait.until(lambda d: d.page_source if "验证码 " in d.page_source else None)
        )
        phone.find_element(By.NAME, "code").send_keys(code.group(1))
        phone.find_element(By.NAME, "password").send_keys("s3cret-pass")
        phone.find_element(By.NAME, "confirm").send_keys("s3cret-pass")
        phone.find_element(By.XPATH, "//button[text()='提交注册']").click()
        wait.until(lambda d: "异常名录" in d.page_source)
        assert "收取服装费" not in phone.page_source  # the reason is the organizer's to read
        shot(phone, "trust-07-reregistration-refused-phone")
    finally:
        phone.quit()
        desk.quit()
    with app.app_context():
        assert (
            db.session.scalar(select(Enterprise.id).where(Enterprise.name == "天津换个名字有限公司")) is None
        )


def test_warned_firm_reads_it_on_a_phone_and_appeals(live_server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    owner = make.user(Role.ENTERPRISE)
    make.post(owner.enterprise_id, title="装配钳工")
    phone, desk = chromium(), chromium(width=1280, height=900)
    try:
        wait, wait_desk = WebDriverWait(phone, 10), WebDriverWait(desk, 10)
        sign_in(desk, base, make.user(Role.ORGANIZER).account)
        wait_desk.until(ec.url_contains("/organizer"))
        desk.get(f"{base}/organizer/enterprises/{owner.enterprise_id}/record")
        desk.find_element(By.CSS_SELECTOR, "input[name=level][value=throttle]").click()
        desk.find_element(By.ID, "sanction_reason").send_keys("一周内重复发布相同岗位12次")
        desk.find_element(By.XPATH, "//button[text()='处理']").click()
        wait_desk.until(lambda d: "处理已生效" in d.page_source)

        sign_in(phone, base, owner.account)
        wait.until(ec.url_contains("/enterprise"))
        assert "生效中的违规处理" in phone.page_source and "每日最多新发布 1 个岗位" in phone.page_source
        shot(phone, "trust-08-firm-dashboard-throttled-phone")
        phone.find_element(By.LINK_TEXT, "查看处理记录与申诉").click()
        phone.find_element(By.XPATH, "//summary[text()='提出申诉']").click()
        phone.find_element(By.CSS_SELECTOR, "textarea[name=text]").send_keys(
            "12次为同一岗位在不同区县的招聘，已合并为一个岗位"
        )
        phone.find_element(By.XPATH, "//button[text()='提交申诉']").click()
        wait.until(lambda d: "申诉已提交" in d.page_source)
        shot(phone, "trust-09-firm-appealed-phone")

        desk.get(f"{base}/organizer/sanctions")
        assert "待答复申诉" in desk.page_source and "已合并为一个岗位" in desk.page_source
        shot(desk, "trust-10-appeals-desktop")
    finally:
        phone.quit()
        desk.quit()
