"""北京时间 wherever a person reads a time. The clock is frozen at 20:00 UTC, when it is already 04:00 the
next day in Beijing: a page or file that used the server's UTC date or time shows the wrong day."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from sqlalchemy import func, select

from webapp import beijing
from webapp.extensions import db
from webapp.models import Application, ApplicationEvent, Fair, LiveSession, Role

pytestmark = pytest.mark.meili
UTC_EVENING = datetime(2026, 11, 29, 20, 0)  # 2026-11-30 04:00 北京时间


def test_beijing_today_is_not_the_utc_date():
    with freeze_time(UTC_EVENING):
        assert date.today() == date(2026, 11, 29)
        assert beijing.today() == date(2026, 11, 30)
        assert beijing.at(date(2026, 11, 30), 9) == datetime(2026, 11, 30, 1, 0)
        assert beijing.next_slot(UTC_EVENING) == beijing.at(date(2026, 11, 30), 10)


def test_policy_finder_defaults_to_the_beijing_date(make, login_as, client):
    organizer = make.user(Role.ORGANIZER)
    with freeze_time(UTC_EVENING):
        login_as(organizer)  # inside the frozen clock: a session signed "later" would not be accepted
        page = client.get("/organizer/policy/claims").text
    assert 'name="on" value="2026-11-30"' in page


def test_excel_fair_report_shows_live_starts_in_beijing_time(app, make, login_as, client):
    organizer = make.user(Role.ORGANIZER)
    fair = make.fair()
    firm = make.enterprise()
    session = make.live_session(fair.id, [firm.id])
    started = datetime(2026, 11, 29, 2, 0)  # 10:00 北京时间
    with app.app_context():
        db.session.get(LiveSession, session.id).started_at = started
        db.session.commit()
    login_as(organizer)
    response = client.get(f"/organizer/fairs/{fair.id}/report?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data))["直播间"]
    assert sheet.cell(2, 2).value == datetime(2026, 11, 29, 10, 0)
    assert sheet.cell(2, 2).number_format == "yyyy-mm-dd hh:mm"


def test_demo_times_are_plausible_in_beijing(app, runner):
    with freeze_time(UTC_EVENING, tick=True):
        assert runner.invoke(args=["seed-demo", "--once"]).exit_code == 0
    with app.app_context():
        latest_application = db.session.scalar(select(func.max(Application.created_at)))
        latest_event = db.session.scalar(select(func.max(ApplicationEvent.at)))
        assert latest_application <= UTC_EVENING + timedelta(minutes=5)  # nothing dated in the future
        assert latest_event <= UTC_EVENING + timedelta(minutes=5)
        for fair in db.session.scalars(select(Fair)):
            for moment in (fair.starts_at, fair.ends_at):
                local = beijing.to_local(moment)
                assert local.minute == 0 and 8 <= local.hour <= 18, (fair.title, local)
        for live in db.session.scalars(select(LiveSession)):
            assert beijing.to_local(live.starts_at).hour in (10, 14, 19)
