"""A seeker logs in, searches, opens a post, applies and sees it in 我的投递 — in headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import Factory, index_now, make_app
from webapp.models import Role, Tier

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def live_server(tmp_path, meili):
    from werkzeug.serving import make_server

    app = make_app(tmp_path, meili)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def chromium(width: int = 412, height: int = 915, console: bool = False):
    """A headless Chromium (phone-sized by default); the caller quits it."""
    if not (CHROMIUM and CHROMEDRIVER):
        reason = "Debian chromium + chromium-driver not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--window-size={width},{height}", "--lang=zh-CN",
    ):  # fmt: skip
        options.add_argument(flag)
    if console:  # keep the page's console messages for driver.get_log("browser")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


def shot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank
    return path


def test_seeker_searches_applies_and_follows_the_application(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    firm = make.enterprise(name="天津瑞泰智能装备有限公司", tier=Tier.LITTLE_GIANT)
    make.post(firm.id, title="PLC编程工程师", skills=["PLC", "西门子S7"])
    make.post(firm.id, title="机械设计工程师")
    seeker = make.user(Role.SEEKER, consent_at=None)
    index_now(app)
    wait = WebDriverWait(browser, 10)

    browser.get(f"{base}/login")
    browser.find_element(By.NAME, "account").send_keys(seeker.account)
    browser.find_element(By.NAME, "password").send_keys("correct-horse-9")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.url_contains("/me/applications"))
    assert "您还没有投递过岗位" in browser.page_source

    browser.get(f"{base}/jobs")
    box = browser.find_element(By.ID, "q")
    box.send_keys("PLC")  # results update as you type (htmx, debounced)
    wait.until(lambda d: "共 <strong>1</strong> 个岗位" in d.page_source)
    assert "q=PLC" in browser.current_url  # shareable URL
    shot(browser, "01-search-plc")
    browser.find_element(By.LINK_TEXT, "PLC编程工程师").click()
    wait.until(ec.presence_of_element_located((By.ID, "apply-btn")))
    assert "8-12K·13薪" in browser.page_source and "小巨人" in browser.page_source
    shot(browser, "02-post-detail")

    browser.find_element(By.NAME, "consent").click()
    browser.find_element(By.ID, "apply-btn").click()
    wait.until(lambda d: "投递成功" in d.page_source)
    shot(browser, "03-applied")

    browser.find_element(By.LINK_TEXT, "我的投递").click()
    wait.until(ec.url_contains("/me/applications"))
    cards = browser.find_elements(By.CSS_SELECTOR, "article.application")
    assert len(cards) == 1
    assert "PLC编程工程师" in cards[0].text and "已投递" in cards[0].text
    shot(browser, "04-my-applications")


def test_enterprise_records_a_hire_and_sees_what_it_brings(live_server, browser):
    """政策计算器: the employer fills in a hire and sees the subsidy, the amount, why and what is missing."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from webapp.extensions import db
    from webapp.models import Application, ApplicationStatus, SeekerProfile, SizeBand
    from webapp.subsidies.services import load_rule_files_into_db

    app, base = live_server
    make = Factory(app)
    firm = make.enterprise(name="天津海河精密机械有限公司", size_band=SizeBand.SMALL, adcode="120104")
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    seeker = make.user(Role.SEEKER)
    post = make.post(firm.id, title="数控编程员")
    with app.app_context():
        load_rule_files_into_db()
        profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        application = Application(seeker_id=profile.id, post_id=post.id, status=ApplicationStatus.HIRED)
        db.session.add(application)
        db.session.commit()
        application_id = application.id
    wait = WebDriverWait(browser, 10)
    browser.get(f"{base}/login")
    browser.find_element(By.NAME, "account").send_keys(owner.account)
    browser.find_element(By.NAME, "password").send_keys("correct-horse-9")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.url_contains("/enterprise"))
    browser.find_element(By.CSS_SELECTOR, "details.account-menu > summary").click()  # 我的 ▾
    browser.find_element(By.LINK_TEXT, "政策计算器").click()
    browser.find_element(By.LINK_TEXT, "填写用工信息").click()
    wait.until(ec.url_contains(f"/enterprise/hires/{application_id}"))
    browser.find_element(By.XPATH, "//label[normalize-space()='农民工']/preceding-sibling::input").click()
    for name, value in (("contract_months", "12"), ("insured_months", "2")):
        box = browser.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    browser.find_element(By.XPATH, "//button[contains(., '保存并测算')]").click()
    wait.until(lambda d: "用工信息已保存" in d.page_source)
    missing = browser.find_element(By.CSS_SELECTOR, "ul.missing li[data-rule='nankai2023.absorption']")
    assert "再缴纳 1 个月社会保险后可申领" in missing.text
    shot(browser, "05-policy-missing")

    browser.find_element(By.LINK_TEXT, "修改用工信息").click()
    box = browser.find_element(By.NAME, "insured_months")
    box.clear()
    box.send_keys("3")
    browser.find_element(By.XPATH, "//button[contains(., '保存并测算')]").click()
    card = wait.until(
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, "article.subsidy[data-rule='nankai2023.absorption']")
        )
    )
    assert "1,000 元/人" in card.text and "农民工" in card.text and "一、1" in card.text
    browser.execute_script("arguments[0].scrollIntoView()", card)
    shot(browser, "06-policy-granted")


def test_pages_run_under_the_content_security_policy(live_server):
    """Home, search, a post (with its JSON-LD), the fairs list and the login page raise no CSP violation in
    Chromium, and the scripts that replaced inline handlers still work (the fairs filter submits itself)."""
    app, base = live_server
    make = Factory(app)
    post = make.post(title="数控车工")
    make.fair(title="春风行动专场")
    index_now(app)
    driver = chromium(console=True)
    try:
        for path in ("/", "/jobs?q=数控", f"/jobs/{post.id}", "/fairs", "/login", "/calendar"):
            driver.get(base + path)
            driver.find_element("css selector", "main")
        from selenium.webdriver.support.ui import Select

        driver.get(base + "/fairs")
        select = driver.find_element("css selector", "select[name=mode]")
        Select(select).select_by_index(1)
        import time

        deadline = time.time() + 5
        while "mode=" not in driver.current_url and time.time() < deadline:
            time.sleep(0.1)
        assert "mode=" in driver.current_url  # data-autosubmit, no inline onchange
        messages = [m["message"] for m in driver.get_log("browser")]
        assert not [m for m in messages if "Content Security Policy" in m], messages
    finally:
        driver.quit()
