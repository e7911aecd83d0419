"""The shortage review in headless Chromium, phone and desktop: the trend chart draws (ECharts under the
Content-Security-Policy), the proposed occupation is ticked, publishing lands on the public catalogue."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import Factory
from tests.test_browser import chromium, live_server, shot  # noqa: F401  (fixtures)
from tests.test_browser_hiring import sign_in
from webapp.extensions import db
from webapp.models import JobPost, PostStatus, Role, SeekerOccupation, SeekerProfile
from webapp.shortage.quarters import Quarter

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LATHE = "6-18-01-01"


def _market(make: Factory, app) -> None:
    """Three 苏州 firms post 车工 openings in the last complete quarter and the one before; two seekers."""
    last = Quarter.last_complete()
    for n, adcode in enumerate(("320505", "320506", "320583")):
        firm = make.enterprise(adcode=adcode)
        for quarter, headcount in ((last, 6), (last.before(), 2)):
            made = make.post(firm.id, status=PostStatus.CLOSED, headcount=headcount, adcode=adcode)
            with app.app_context():
                post = db.session.get(JobPost, made.id)
                post.occupation_code = LATHE
                post.published_at = quarter.start + timedelta(days=10 + n)
                db.session.commit()
    for quarter in (last, last.before()):
        user = make.user(Role.SEEKER)
        with app.app_context():
            profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == user.id))
            profile.created_at, profile.occupations_coded = quarter.start + timedelta(days=5), True
            db.session.add(SeekerOccupation(seeker_id=profile.id, occupation_code=LATHE, place="3205"))
            db.session.commit()


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_the_review_draws_its_chart_and_publishes_the_catalogue(live_server, width, height):  # noqa: F811
    from selenium.webdriver.common.by import By

    app, base = live_server
    make = Factory(app)
    organizer = make.user(Role.ORGANIZER)
    _market(make, app)
    driver = chromium(width, height, console=True)
    try:
        sign_in(driver, base, organizer.account)
        driver.get(f"{base}/organizer/shortage?region=320500")
        deadline = time.time() + 10
        while not driver.find_elements(By.CSS_SELECTOR, "#shortage-chart canvas") and time.time() < deadline:
            time.sleep(0.1)
        assert driver.find_elements(By.CSS_SELECTOR, "#shortage-chart canvas")
        box = driver.find_element(By.CSS_SELECTOR, f'input[name="code"][value="{LATHE}"]')
        assert box.is_selected()  # 18 openings, 3 firms, ratio 18 ≥ 1.5: proposed
        shot(driver, f"shortage-{width}")
        messages = [m["message"] for m in driver.get_log("browser")]
        assert not [m for m in messages if "Content Security Policy" in m or "SEVERE" in m], messages
        button = driver.find_element(By.CSS_SELECTOR, "#publish-form button[type=submit]")
        driver.execute_script("arguments[0].scrollIntoView()", button)
        button.click()
        deadline = time.time() + 10  # the click returns before the next page has loaded
        while "/shortage/" not in driver.current_url and time.time() < deadline:
            time.sleep(0.1)
        text = driver.find_element(By.TAG_NAME, "main").text
        assert "急需紧缺职业目录" in text and LATHE in text and "18.00" in text
        shot(driver, f"shortage-published-{width}")
    finally:
        driver.quit()
