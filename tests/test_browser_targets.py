"""The targets dashboard in headless Chromium, phone and desktop: the charts draw (ECharts under the
Content-Security-Policy, from the container's data attribute), a card's figure opens the records behind it."""

from __future__ import annotations

import time

import pytest

from tests.conftest import Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (fixtures)
from tests.test_browser_hiring import sign_in
from webapp.extensions import db
from webapp.models import Role
from webapp.targets import services

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_the_dashboard_draws_its_charts_and_opens_the_records(live_server, width, height):  # noqa: F811
    from selenium.webdriver.common.by import By

    app, base = live_server
    make = Factory(app)
    organizer = make.user(Role.ORGANIZER)
    with app.app_context():
        services.seed_jiangsu()
        db.session.commit()
    driver = chromium(width, height, console=True)
    try:
        sign_in(driver, base, organizer.account)
        driver.get(f"{base}/organizer/targets?region=320000&year=2025")
        deadline = time.time() + 10
        while (
            len(driver.find_elements(By.CSS_SELECTOR, ".chart-canvas canvas")) < 5 and time.time() < deadline
        ):
            time.sleep(0.1)
        # four counts (hires, fairs, posts, claims) and the shares, each drawn on a canvas
        assert len(driver.find_elements(By.CSS_SELECTOR, ".chart-canvas canvas")) >= 5
        shot(driver, f"targets-{width}")
        messages = [m["message"] for m in driver.get_log("browser")]
        assert not [m for m in messages if "Content Security Policy" in m or "SEVERE" in m], messages
        driver.find_element(By.CSS_SELECTOR, ".kpi .big a").click()
        deadline = time.time() + 10  # the click returns before the next page has loaded
        while "/records/" not in driver.current_url and time.time() < deadline:
            time.sleep(0.1)
        assert "/organizer/targets/records/hires" in driver.current_url
        assert "共 0 条" in driver.find_element(By.TAG_NAME, "main").text
    finally:
        driver.quit()
