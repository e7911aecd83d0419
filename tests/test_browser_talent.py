"""搜人才 and the bureau's cohort search in headless Chromium: a firm finds and invites a candidate, an
organizer finds a cohort and invites it to a fair, the seeker sees both and opts out of the pool."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, Factory, index_now
from tests.test_browser import browser, chromium, live_server, shot  # noqa: F401  (fixtures)
from tests.test_talent import raw_documents, seeker
from webapp.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]


def sign_in(driver, base: str, account: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "account").send_keys(account)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


@pytest.mark.parametrize("width", [412, 1280], ids=["phone", "desktop"])
def test_firm_and_bureau_find_invite_and_the_seeker_opts_out(live_server, width):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    app, base = live_server
    make = Factory(app)
    firm_user = make.user(Role.ENTERPRISE)
    make.post(firm_user.enterprise_id, title="数控编程工程师")
    candidate, candidate_id = seeker(
        make, app, firms=True, bureau=True, name="李明远", desired_titles=["数控编程员", "CNC工程师"]
    )
    seeker(
        make, app, firms=True, desired_titles=["会计"], skills=["财务分析"], major="会计学", experiences=[]
    )
    organizer = make.user(Role.ORGANIZER)
    make.fair(title="机械类毕业生专场招聘会")
    index_now(app)
    driver = chromium(width=width, height=900 if width > 500 else 915)
    wait = WebDriverWait(driver, 10)
    size = "phone" if width < 500 else "desktop"
    try:
        # the firm searches the pool, opens the card and invites
        sign_in(driver, base, firm_user.account)
        wait.until(ec.url_contains("/enterprise"))
        driver.get(f"{base}/enterprise/talent")
        box = driver.find_element(By.ID, "q")
        box.send_keys("数控编程")
        Select(driver.find_element(By.NAME, "post")).select_by_visible_text("数控编程工程师")
        box.submit()
        wait.until(lambda d: "共 <strong>" in d.page_source)
        cards = driver.find_elements(By.CSS_SELECTOR, "article.card.talent")
        assert len(cards) == 1 and "数控编程员" in cards[0].text and "李明远" not in driver.page_source
        shot(driver, f"talent-firm-search-{size}")
        cards[0].find_element(By.TAG_NAME, "a").click()
        wait.until(ec.presence_of_element_located((By.ID, "message")))
        assert "李明远" not in driver.page_source and candidate.account not in driver.page_source
        driver.find_element(By.ID, "message").send_keys("欢迎投递，周三下午可面试")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/invite'] button").click()
        wait.until(lambda d: "邀请已发送" in d.page_source)
        shot(driver, f"talent-firm-invited-{size}")

        # the organizer finds a cohort with a purpose and invites it to the fair
        sign_in(driver, base, organizer.account)
        wait.until(ec.url_contains("/organizer"))
        driver.get(f"{base}/organizer/talent")
        Select(driver.find_element(By.NAME, "purpose")).select_by_visible_text("招聘会邀约")
        driver.find_element(By.NAME, "note").send_keys("机械专场")
        driver.find_element(By.ID, "q").send_keys("机械")
        driver.find_element(By.CSS_SELECTOR, "form.searchbox button").click()
        wait.until(lambda d: "共 <strong>" in d.page_source)
        panel = driver.find_element(By.CSS_SELECTOR, "details.filter-panel")
        if panel.get_attribute("open") is None:  # folded on a phone
            panel.find_element(By.TAG_NAME, "summary").click()
        driver.find_element(By.PARTIAL_LINK_TEXT, "机械类").click()  # the 专业类 facet
        wait.until(ec.url_contains("major_category="))
        driver.find_element(By.CSS_SELECTOR, "[data-check-all]").click()
        assert driver.find_element(By.ID, f"pick-{candidate_id}").is_selected()
        Select(driver.find_element(By.ID, "fair_id")).select_by_index(1)
        shot(driver, f"talent-bureau-cohort-{size}")
        driver.find_element(By.CSS_SELECTOR, ".cohort-bar button").click()
        wait.until(lambda d: "已向 1 人发送招聘会邀请" in d.page_source)

        # the seeker sees both invitations, then leaves the pool
        sign_in(driver, base, candidate.account)
        wait.until(ec.url_contains("/me/"))
        driver.get(f"{base}/me/invitations")
        text = driver.find_element(By.TAG_NAME, "main").text
        assert "数控编程工程师" in text and "周三下午可面试" in text and "机械类毕业生专场招聘会" in text
        shot(driver, f"talent-seeker-invitations-{size}")
        driver.get(f"{base}/me/profile")
        for name in ("open_to_recommendation", "bureau_consent"):
            box = driver.find_element(By.NAME, name)
            if box.is_selected():
                driver.execute_script("arguments[0].click()", box)
        form = driver.find_element(By.NAME, "bureau_consent").find_element(By.XPATH, "./ancestor::form")
        driver.execute_script("arguments[0].requestSubmit()", form)
        wait.until(lambda d: "简历已保存" in d.page_source)
    finally:
        driver.quit()
    index_now(app)  # the worker's job in production; here the outbox is drained at once
    assert candidate_id not in {d["id"] for d in raw_documents(app)}
