"""直播带岗 in headless Chromium: the organizer pins a post in the console, a viewer sees it within 2 s (by
Server-Sent Events), applies with one tap, and the enterprise finds the application in its list."""

from __future__ import annotations

import time

import pytest

from tests.conftest import PASSWORD, Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (live_server is a fixture)
from webapp.extensions import db
from webapp.models import Application, ApplicationSource, LiveSession, Role

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]
PIN_DEADLINE_S = 2.0


def _login(driver, base: str, account: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "account").send_keys(account)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: "/login" not in d.current_url)


def test_viewer_sees_the_pin_within_two_seconds_and_applies(live_server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    firm = make.enterprise(name="天津海河智能装备有限公司")
    other = make.enterprise(name="天津滨海精密机械有限公司")
    first = make.post(firm.id, title="PLC编程工程师")
    second = make.post(firm.id, title="机器人调试工程师")
    make.post(other.id, title="质量工程师")
    fair = make.fair(title="直播带岗专场")
    make.participation(fair.id, firm.id, [first.id, second.id])
    session = make.live_session(fair.id, [firm.id])
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    organizer = make.user(Role.ORGANIZER)
    seeker = make.user(Role.SEEKER)  # consented to send the résumé earlier: one tap applies

    staff, viewer = chromium(1024, 1200), chromium()
    try:
        _login(staff, base, organizer.account)
        staff.get(f"{base}/organizer/live/{session.id}")
        staff.find_element(By.XPATH, "//button[contains(., '开始直播')]").click()
        WebDriverWait(staff, 5).until(lambda d: "直播已开始" in d.page_source)

        _login(viewer, base, seeker.account)
        viewer.get(f"{base}/live/{session.id}")
        WebDriverWait(viewer, 5).until(
            lambda d: d.find_element(By.ID, "presenting").text == firm_name(app, firm.id)
        )
        assert not viewer.find_element(By.ID, "pinned").is_displayed()

        for post in (first, second):  # the pinned card changes live, twice
            staff.find_element(By.ID, f"pin-{post.id}").click()
            clicked = time.monotonic()
            WebDriverWait(viewer, PIN_DEADLINE_S, poll_frequency=0.05).until(
                lambda d, pid=post.id: (
                    d.find_element(By.ID, "apply-btn").get_attribute("data-post") == str(pid)
                    and d.find_element(By.ID, "pinned").is_displayed()
                )
            )
            lag = time.monotonic() - clicked
            assert lag <= PIN_DEADLINE_S, f"pinned post reached the viewer after {lag:.2f}s"
        assert viewer.find_element(By.ID, "pin-title").text == "机器人调试工程师"
        shot(viewer, "live-01-pinned")

        viewer.find_element(By.ID, "apply-btn").click()
        WebDriverWait(viewer, 5).until(lambda d: d.find_element(By.ID, "apply-result").text == "投递成功")
        shot(viewer, "live-02-applied")
        with app.app_context():
            application = db.session.scalar(db.select(Application))
            live_session = db.session.get(LiveSession, session.id)
            assert application.post_id == second.id and application.source == ApplicationSource.LIVE
            assert application.source_ref == f"live:{session.id}:{live_session.segments[0].id}"
        WebDriverWait(viewer, 6).until(lambda d: d.find_element(By.ID, "c-apps").text == "1")  # counters tick

        staff.delete_all_cookies()
        _login(staff, base, owner.account)
        staff.get(f"{base}/enterprise/posts/{second.id}/applications")
        row = staff.find_element(By.ID, f"application-{application.id}")
        assert "直播带岗" in row.text and "已投递" in row.text
        shot(staff, "live-03-enterprise-sees-application")
    finally:
        staff.quit()
        viewer.quit()


def firm_name(app, enterprise_id: int) -> str:
    from webapp.models import Enterprise

    with app.app_context():
        return db.session.get(Enterprise, enterprise_id).name


def test_viewer_without_event_source_falls_back_to_polling(live_server):  # noqa: F811
    """Browsers or proxies without Server-Sent Events still see the pinned post (polling every 3 s)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app, base = live_server
    make = Factory(app)
    firm = make.enterprise()
    post = make.post(firm.id, title="电气工程师")
    fair = make.fair()
    make.participation(fair.id, firm.id, [post.id])
    session = make.live_session(fair.id, [firm.id])
    organizer = make.user(Role.ORGANIZER)
    viewer = chromium()
    try:
        viewer.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.EventSource;"}
        )
        viewer.get(f"{base}/live/{session.id}")
        assert viewer.execute_script("return typeof window.EventSource") == "undefined"
        with app.test_client() as staff:
            from tests.conftest import login

            login(staff, organizer.account)
            headers = {"Accept": "application/json"}
            assert staff.post(f"/organizer/live/{session.id}/start", headers=headers).json["ok"]
            assert staff.post(
                f"/organizer/live/{session.id}/pin", data={"post_id": post.id}, headers=headers
            ).json["ok"]
        WebDriverWait(viewer, 5, poll_frequency=0.1).until(
            lambda d: d.find_element(By.ID, "pin-title").text == "电气工程师"
        )
        assert viewer.find_element(By.ID, "live-status").text == "直播中"
    finally:
        viewer.quit()
