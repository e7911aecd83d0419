"""The hiring conversation: every step of an application reaches the other side (in-app, live through the
broker, and by e-mail through a real local SMTP server when chosen), interviews are proposed, answered,
reminded and recorded, and a résumé must hold what a firm needs before it is sent."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Made, login
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    Education,
    Interview,
    InterviewStatus,
    Notice,
    OutboundMessage,
    Role,
    SeekerProfile,
    TalentInvitation,
)
from webapp.models.mixins import utcnow


def _notices(app, user_id: int) -> list[Notice]:
    with app.app_context():
        return list(db.session.scalars(select(Notice).where(Notice.user_id == user_id).order_by(Notice.id)))


def _applied(app, make, client_seeker, post_id: int) -> int:
    response = client_seeker.post(f"/me/apply/{post_id}", data={"consent": "y"})
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalar(select(Application.id).where(Application.post_id == post_id))


def _slot(days: int, hour: int) -> str:
    """A datetime-local value (北京时间) ``days`` from today at ``hour``:00."""
    day = beijing.today() + timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


@dataclass
class Hiring:
    firm_user: Made
    seeker: Made
    post: Made
    firm: FlaskClient
    person: FlaskClient
    application_id: int


@pytest.fixture
def hiring(app, make) -> Hiring:
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id, title="数控编程工程师")
    seeker = make.user(Role.SEEKER)
    firm, person = app.test_client(), app.test_client()
    login(firm, firm_user.account)
    login(person, seeker.account)
    return Hiring(firm_user, seeker, post, firm, person, _applied(app, make, person, post.id))


def test_every_step_of_an_application_reaches_the_other_side(app, hiring):
    h = hiring
    h.firm.get(f"/enterprise/applications/{h.application_id}")  # opening the résumé: 被查看
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/status",
        data={"status": "unsuitable", "note": "需3年以上经验"},
    )
    titles = [n.title for n in _notices(app, h.seeker.id)]
    assert titles == ["企业查看了您的简历：数控编程工程师", "投递结果：数控编程工程师"]
    assert "需3年以上经验" in _notices(app, h.seeker.id)[-1].body
    # the seeker was not looking: the notices wait for them (unread count on the next page)
    page = h.person.get("/me/applications").text
    assert 'id="notice-count"' in page and ">2</span>" in page
    assert "数控编程工程师" in h.person.get("/notices").text


def test_withdrawing_tells_the_firm(app, make, hiring):
    h = hiring
    h.person.post(f"/me/applications/{h.application_id}/withdraw")
    assert [n.title for n in _notices(app, h.firm_user.id)] == ["求职者撤回了投递：数控编程工程师"]


def test_hired_notice_and_upcoming_steps_on_the_timeline(app, hiring):
    h = hiring
    page = h.person.get("/me/applications").text
    assert page.count('class="ahead"') == 3  # 被查看 → 邀面试 → 录用 still to come
    h.firm.post(f"/enterprise/applications/{h.application_id}/status", data={"status": "viewed"})
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/status", data={"status": "interview", "note": "周三"}
    )
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/status", data={"status": "hired", "note": "12月入职"}
    )
    assert _notices(app, h.seeker.id)[-1].title == "录用通知：数控编程工程师"
    assert 'class="ahead"' not in h.person.get("/me/applications").text


def test_an_empty_resume_cannot_be_sent(app, make, login_as):
    post = make.post()
    seeker = make.user(Role.SEEKER, education=Education.ANY, school="")
    client = login_as(seeker)
    response = client.post(f"/me/apply/{post.id}", data={"consent": "y"}, follow_redirects=True)
    assert "投递前请在“我的简历”中补充：最高学历、毕业院校或工作/实习经历" in response.text
    assert "/me/profile" in response.request.path
    api = client.post("/api/v1/applications", json={"post_id": post.id, "consent": True})
    assert api.status_code == 400 and "最高学历" in api.json["message"]
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.education, profile.experiences = Education.ASSOCIATE, [{"text": "2024.07-2024.09 实习"}]
        db.session.commit()
    assert client.post(f"/me/apply/{post.id}", data={"consent": "y"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Application.id).where(Application.post_id == post.id)) is not None


def test_interview_proposed_accepted_reminded_and_recorded(app, hiring):
    h = hiring
    bad = h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(2, 14), "mode": "video", "link": "http://meet.example.com/x"},
        follow_redirects=True,
    )
    assert "https://" in bad.text
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={
            "slot1": _slot(2, 14),
            "slot2": _slot(3, 10),
            "mode": "onsite",
            "place": "南开区科研西路5号3楼",
            "contact": "王女士",
        },
    )
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        assert interview.status == InterviewStatus.PROPOSED and len(interview.slots) == 2
        assert db.session.get(Application, h.application_id).status == ApplicationStatus.INTERVIEW
        interview_id = interview.id
    notice = _notices(app, h.seeker.id)[-1]
    assert (
        notice.title == "面试邀请：数控编程工程师"
        and "南开区科研西路5号3楼" in notice.body
        and "14:00" in notice.body
    )
    page = h.person.get("/me/applications").text
    assert "确认该时间" in page and "申请改期" in page
    h.person.post(f"/me/interviews/{interview_id}/answer", data={"choice": "accept", "slot": "1"})
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert interview.status == InterviewStatus.ACCEPTED
        assert beijing.to_local(interview.starts_at).hour == 10  # the second slot, 10:00 北京时间
        starts = interview.starts_at
    assert _notices(app, h.firm_user.id)[-1].title == "求职者已确认面试：数控编程工程师"
    ics = h.person.get(f"/me/interviews/{interview_id}.ics")
    assert ics.mimetype == "text/calendar" and f"DTSTART:{starts:%Y%m%dT%H%M%SZ}" in ics.text
    assert "TRIGGER:-P1D" in ics.text and "南开区科研西路5号3楼" in ics.text
    # the reminder goes once, the day before
    from webapp.hiring.interviews import remind_due

    with app.app_context():
        assert remind_due(starts - timedelta(hours=30)) == 0
        assert remind_due(starts - timedelta(hours=20)) == 1
        assert remind_due(starts - timedelta(hours=19)) == 0
    assert _notices(app, h.seeker.id)[-1].title == "面试提醒：数控编程工程师"
    assert _notices(app, h.firm_user.id)[-1].title == "明天面试：数控编程工程师"
    # too early to say whether they came; afterwards a no-show is recorded
    early = h.firm.post(
        f"/enterprise/interviews/{interview_id}/outcome", data={"attended": "n"}, follow_redirects=True
    )
    assert "面试开始后才能记录" in early.text
    with app.app_context():
        db.session.get(Interview, interview_id).starts_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    h.firm.post(f"/enterprise/interviews/{interview_id}/outcome", data={"attended": "n"})
    with app.app_context():
        assert db.session.get(Interview, interview_id).status == InterviewStatus.NO_SHOW


def test_the_seeker_asks_for_another_time_and_the_firm_proposes_again(app, hiring):
    h = hiring
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(2, 14), "mode": "video", "link": "https://meeting.tencent.com/dm/abc"},
    )
    with app.app_context():
        first = db.session.scalar(select(Interview.id))
    refused = h.person.post(
        f"/me/interviews/{first}/answer", data={"choice": "reschedule"}, follow_redirects=True
    )
    assert "请说明您方便的时间" in refused.text
    h.person.post(f"/me/interviews/{first}/answer", data={"choice": "reschedule", "note": "周四下午"})
    assert "周四下午" in _notices(app, h.firm_user.id)[-1].body
    assert "求职者申请改期" in h.firm.get(f"/enterprise/applications/{h.application_id}").text
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(4, 15), "mode": "video", "link": "https://meeting.tencent.com/dm/abc"},
    )
    with app.app_context():
        statuses = [i.status for i in db.session.scalars(select(Interview).order_by(Interview.id))]
    assert statuses == [InterviewStatus.CANCELLED, InterviewStatus.PROPOSED]
    assert _notices(app, h.seeker.id)[-1].title == "面试时间更新：数控编程工程师"


def test_another_firm_cannot_schedule_or_read_an_interview(app, make, hiring):
    h = hiring
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(2, 14), "mode": "onsite", "place": "南开区"},
    )
    with app.app_context():
        interview_id = db.session.scalar(select(Interview.id))
    other = make.user(Role.ENTERPRISE)
    stranger = app.test_client()
    login(stranger, other.account)
    assert stranger.get(f"/enterprise/interviews/{interview_id}.ics").status_code == 403
    assert (
        stranger.post(
            f"/enterprise/applications/{h.application_id}/interview",
            data={"slot1": _slot(2, 9), "mode": "onsite", "place": "x"},
        ).status_code
        == 403
    )
    someone = make.user(Role.SEEKER)
    nosy = app.test_client()
    login(nosy, someone.account)
    assert nosy.post(f"/me/interviews/{interview_id}/answer", data={"choice": "decline"}).status_code == 404


def test_quiet_hours_in_beijing_time():
    from webapp.models import NotificationSettings
    from webapp.services.notify import after_quiet_hours

    settings = NotificationSettings(quiet_start=22, quiet_end=8)
    late = datetime(2026, 12, 1, 15, 30)  # 23:30 北京时间
    assert after_quiet_hours(settings, late) == datetime(2026, 12, 2, 0, 0)  # 08:00 北京时间 next morning
    early = datetime(2026, 12, 1, 21, 0)  # 05:00 北京时间
    assert after_quiet_hours(settings, early) == datetime(2026, 12, 2, 0, 0)
    day = datetime(2026, 12, 2, 2, 0)  # 10:00 北京时间
    assert after_quiet_hours(settings, day) == day
    assert after_quiet_hours(NotificationSettings(quiet_start=None, quiet_end=None), late) == late


def test_quiet_hours_turned_off_stay_off(app, hiring):
    """Saved without quiet hours, a new settings row holds none (the column defaults once stored 22–8, so
    messages queued at night waited for the morning, and two tests passed only in Beijing daytime)."""
    from webapp.models import NotificationSettings
    from webapp.services.notify import after_quiet_hours

    hiring.person.post("/account/notifications", data={"kind-interview": "in_app"})
    with app.app_context():
        settings = db.session.get(NotificationSettings, hiring.seeker.id)
        assert (settings.quiet_start, settings.quiet_end) == (None, None)
        late = datetime(2026, 12, 1, 15, 30)  # 23:30 北京时间
        assert after_quiet_hours(settings, late) == late


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_email_through_a_local_smtp_server_after_an_outage(app, hiring):
    """The seeker chose e-mail for interviews; the SMTP server is down at first (the message is kept and
    retried), then up: the message arrives once, with the subject and the interview."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    h = hiring
    port = _free_port()
    app.config.update(
        NOTIFY_SMTP_HOST="127.0.0.1", NOTIFY_SMTP_PORT=port, NOTIFY_SMTP_FROM="zone@example.gov.cn"
    )
    page = h.person.get("/account/notifications").text
    assert "<th>电子邮件</th>" in page and "<th>短信</th>" not in page  # only configured channels
    saved = h.person.post(
        "/account/notifications",
        data={"email": "li@example.com", "kind-interview": "email"},  # quiet hours off
        follow_redirects=True,
    )
    assert "通知设置已保存" in saved.text
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(2, 14), "mode": "onsite", "place": "南开区科研西路5号"},
    )
    from webapp.services.notify import deliver_due

    with app.app_context():
        assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}  # nothing listens yet
        queued = db.session.scalar(select(OutboundMessage))
        assert queued.sent_at is None and queued.attempts == 1 and queued.last_error
        queued.send_after = utcnow()
        db.session.commit()

    received = []

    class Keep(Sink):
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
            assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # once
    finally:
        controller.stop()
    assert len(received) == 1 and received[0][0] == ["li@example.com"]
    import email

    message = email.message_from_string(received[0][1])
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject == "【专精特新招聘专区】面试邀请：数控编程工程师"
    assert "南开区科研西路5号" in message.get_payload(decode=True).decode()


def test_no_channel_is_offered_or_queued_unless_configured(app, hiring):
    h = hiring
    assert "暂未开通短信、邮件或微信通知" in h.person.get("/account/notifications").text
    h.person.post("/account/notifications", data={"email": "li@example.com", "kind-interview": "email"})
    h.firm.post(
        f"/enterprise/applications/{h.application_id}/interview",
        data={"slot1": _slot(2, 14), "mode": "onsite", "place": "南开区"},
    )
    with app.app_context():
        assert db.session.scalar(select(OutboundMessage)) is None


def test_notices_reach_another_worker_through_redis(tmp_path, meili, redis_url):
    """Two app instances (two gunicorn workers) share the Redis broker: a notice committed in one is pushed
    to a page subscribed through the other."""
    from tests.conftest import Factory, make_app
    from webapp.models import User
    from webapp.services import notify
    from webapp.services.notices import USER_CHANNEL

    first = make_app(tmp_path / "a", meili, REDIS_URL=redis_url)
    second = make_app(
        tmp_path / "b",
        meili,
        REDIS_URL=redis_url,
        SQLALCHEMY_DATABASE_URI=first.config["SQLALCHEMY_DATABASE_URI"],
    )
    seeker = Factory(first).user(Role.SEEKER)
    subscription = second.extensions["live_broker"].subscribe(USER_CHANNEL.format(seeker.id))
    try:
        time.sleep(0.3)
        with first.app_context():
            notify.send(db.session.get(User, seeker.id), notify.Message("面试邀请：测试", "正文"))
            db.session.commit()
        event = subscription.get(timeout=5)
        assert event is not None and event["type"] == "notice"
    finally:
        subscription.close()
        for one in (first, second):
            one.extensions["live_broker"].close()


def test_recommended_candidates_can_be_invited_from_the_list(app, make, login_as):
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id, title="数控编程工程师")
    seeker = make.user(Role.SEEKER, consent_at=None)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.open_to_recommendation, profile.desired_titles = True, ["数控编程员"]
        profile.skills = ["数控编程"]
        db.session.commit()
        profile_id = profile.id
    client = login_as(firm_user)
    listed = client.get(f"/enterprise/posts/{post.id}/talent").text
    assert "邀请投递" in listed
    sent = client.post(
        f"/enterprise/talent/{profile_id}/invite", data={"post_id": post.id, "back": "recommended"}
    )
    assert sent.headers["Location"].endswith(f"/enterprise/posts/{post.id}/talent")
    assert "已邀请·待回复" in client.get(f"/enterprise/posts/{post.id}/talent").text
    # the seeker applies with one tap from 我的邀请
    person = app.test_client()
    login(person, seeker.account)
    assert "一键投递" in person.get("/me/invitations").text
    with app.app_context():
        invitation_id = db.session.scalar(select(TalentInvitation.id))
    refused = person.post(f"/me/invitations/{invitation_id}/apply", follow_redirects=True)
    assert "投递前请同意将简历发送给招聘企业" in refused.text  # consent is asked, never assumed
    assert person.post(f"/me/invitations/{invitation_id}/apply", data={"consent": "y"}).status_code == 302
    assert "已投递" in person.get("/me/invitations").text
    with app.app_context():
        assert db.session.get(TalentInvitation, invitation_id).status.value == "applied"
        application = db.session.scalar(select(Application).where(Application.post_id == post.id))
        assert (
            application.source.label == "企业邀请"
            and application.source_note == f"invitation {invitation_id}"
        )
    stranger = app.test_client()
    login(stranger, make.user(Role.SEEKER).account)
    assert stranger.post(f"/me/invitations/{invitation_id}/apply", data={"consent": "y"}).status_code == 404


def test_messages_with_safety_prompts_masked_phones_and_one_waiting_notice(app, hiring):
    h = hiring
    base = f"/enterprise/applications/{h.application_id}/messages"
    h.firm.post(
        base, data={"body": "您好，入职前需交300元服装费，请加我微信 hr_zhang88 详聊，电话13812345678"}
    )
    h.firm.post(base, data={"body": "周三下午方便来面试吗？"})
    notices = [n for n in _notices(app, h.seeker.id) if n.title.startswith("新消息")]
    assert len(notices) == 1 and "需要警惕" in notices[0].body  # one waiting notice, not one per message
    page = h.person.get(f"/me/applications/{h.application_id}/messages").text
    assert "索要费用" in page and "转到站外联系" in page  # the prompts, with the rules
    assert "138****5678" in page and "13812345678" not in page  # masked until both agree
    assert "周三下午方便来面试吗" in page
    with app.app_context():
        assert db.session.get(Notice, notices[0].id).read_at is not None  # reading the talk reads its notice
    h.person.post(f"/me/applications/{h.application_id}/messages", data={"body": "周三可以，谢谢"})
    assert _notices(app, h.firm_user.id)[-1].title == "新消息：求职者（数控编程工程师）"
    h.person.post(f"/me/applications/{h.application_id}/exchange")
    assert "13812345678" not in h.person.get(f"/me/applications/{h.application_id}/messages").text
    h.firm.post(f"/enterprise/applications/{h.application_id}/exchange", data={"phone": "13700001111"})
    shared = h.person.get(f"/me/applications/{h.application_id}/messages").text
    assert "13812345678" in shared and "13700001111" in shared
    firm_view = h.firm.get(base).text
    assert h.seeker.account in firm_view  # the seeker's full number, now that both agreed


def test_ordinary_messages_carry_no_prompt(app, hiring):
    h = hiring
    for body in ("我们不收取任何费用，请放心", "请带身份证原件来面试", "宿舍押金是多少？"):
        h.person.post(f"/me/applications/{h.application_id}/messages", data={"body": body})
    page = h.firm.get(f"/enterprise/applications/{h.application_id}/messages").text
    assert 'class="warning"' not in page


def test_only_the_two_sides_read_a_conversation_and_organizers_only_on_a_report(app, make, hiring):
    h = hiring
    h.firm.post(f"/enterprise/applications/{h.application_id}/messages", data={"body": "先交押金500元"})
    other_firm, other_seeker = app.test_client(), app.test_client()
    login(other_firm, make.user(Role.ENTERPRISE).account)
    login(other_seeker, make.user(Role.SEEKER).account)
    assert other_firm.get(f"/enterprise/applications/{h.application_id}/messages").status_code == 403
    assert other_seeker.get(f"/me/applications/{h.application_id}/messages").status_code == 403
    assert (
        other_firm.post(
            f"/enterprise/applications/{h.application_id}/messages", data={"body": "x"}
        ).status_code
        == 403
    )
    organizer = app.test_client()
    login(organizer, make.user(Role.ORGANIZER).account)
    assert organizer.get(f"/organizer/conversations/{h.application_id}").status_code == 404
    with app.app_context():
        from webapp.models import ApplicationMessage

        message_id = db.session.scalar(select(ApplicationMessage.id))
    cannot = h.firm.post(
        f"/enterprise/messages/{message_id}/report",
        data={"application_id": h.application_id},
        follow_redirects=True,
    )
    assert "不能举报自己发送的消息" in cannot.text
    h.person.post(
        f"/me/messages/{message_id}/report", data={"application_id": h.application_id, "reason": "要求交押金"}
    )
    assert "要求交押金" in organizer.get("/organizer/conversations").text
    read = organizer.get(f"/organizer/conversations/{h.application_id}")
    assert read.status_code == 200 and "先交押金500元" in read.text
    with app.app_context():
        from webapp.models import AuditLog

        assert (
            db.session.scalar(select(AuditLog.id).where(AuditLog.action == "view_conversation")) is not None
        )


def test_messages_are_rate_limited(tmp_path, meili):
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, meili, RATELIMIT_ENABLED=True, RATELIMIT_MESSAGES="3 per minute")
    make = Factory(app)
    firm_user = make.user(Role.ENTERPRISE)
    post = make.post(firm_user.enterprise_id)
    seeker = make.user(Role.SEEKER)
    client = app.test_client()
    login(client, seeker.account)
    application_id = _applied(app, make, client, post.id)
    codes = [
        client.post(f"/me/applications/{application_id}/messages", data={"body": f"第{i}条"}).status_code
        for i in range(5)
    ]
    assert codes[:3] == [302, 302, 302] and codes[3:] == [429, 429]


def test_fair_report_counts_interview_outcomes(app, make):
    from webapp.fairs import report as fair_report
    from webapp.models import Fair

    fair = make.fair()
    firm = make.enterprise()
    post = make.post(firm.id)
    make.participation(fair.id, firm.id, [post.id])
    ids = []
    for _ in range(3):
        client = app.test_client()
        login(client, make.user(Role.SEEKER).account)
        client.post(f"/me/apply/{post.id}", data={"fair_id": str(fair.id), "consent": "y"})
    with app.app_context():
        ids = list(db.session.scalars(select(Application.id).order_by(Application.id)))
        now = utcnow()
        db.session.add_all(
            [
                Interview(application_id=ids[0], slots=[], status=InterviewStatus.ATTENDED, starts_at=now),
                Interview(application_id=ids[1], slots=[], status=InterviewStatus.NO_SHOW, starts_at=now),
                Interview(
                    application_id=ids[2],
                    slots=[],
                    status=InterviewStatus.CANCELLED,
                    seeker_note="周四下午",
                    answered_at=now,
                ),
                Interview(application_id=ids[2], slots=[], status=InterviewStatus.PROPOSED),
            ]
        )
        db.session.commit()
        report = fair_report.build(db.session.get(Fair, fair.id))
    assert (report.applications, report.attended, report.no_shows, report.reschedules) == (3, 1, 1, 1)
    assert ("面试到场", 1) in report.steps()


def test_a_virtual_number_stands_between_the_phones(app, hiring):
    """A deployment with a 隐私号 provider: once both agree, both call the virtual number; real numbers stay
    hidden (in messages too). A provider failure shows an honest message and shares nothing."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    asked = []

    class Provider(BaseHTTPRequestHandler):
        fail = True

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            asked.append(body)
            if Provider.fail:
                self.send_response(503)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"number": "17100001234"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    h = hiring
    app.config["VIRTUAL_NUMBER_URL"] = f"http://127.0.0.1:{server.server_port}/bind"
    try:
        h.firm.post(
            f"/enterprise/applications/{h.application_id}/messages", data={"body": "我的手机13812345678"}
        )
        h.person.post(f"/me/applications/{h.application_id}/exchange")
        failed = h.firm.post(
            f"/enterprise/applications/{h.application_id}/exchange",
            data={"phone": "13700001111"},
            follow_redirects=True,
        )
        assert "暂时无法分配隐私号" in failed.text and "13700001111" not in failed.text
        Provider.fail = False
        h.firm.post(f"/enterprise/applications/{h.application_id}/exchange", data={"phone": "13700001111"})
    finally:
        server.shutdown()
        server.server_close()
    page = h.person.get(f"/me/applications/{h.application_id}/messages").text
    assert "17100001234" in page and "13700001111" not in page and "13812345678" not in page
    detail = h.firm.get(f"/enterprise/applications/{h.application_id}").text
    assert h.seeker.account not in detail  # the firm calls the virtual number, not the seeker's own
    assert len(asked) == 2 and b"13700001111" in asked[-1]


def test_sms_through_an_http_gateway_and_wechat_not_offered_without_a_binding(app, hiring):
    """SMS: the deployment's gateway gets a JSON POST with the seeker's mobile; WeChat template messages need
    an openid binding this platform does not hold, so that channel is not offered even when configured."""
    import json as json_module
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(
                (self.headers["Authorization"], self.rfile.read(int(self.headers["Content-Length"])))
            )
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    h = hiring
    app.config.update(
        NOTIFY_SMS_URL=f"http://127.0.0.1:{server.server_port}/sms",
        NOTIFY_SMS_TOKEN="sms-secret",
        NOTIFY_WECHAT_URL=f"http://127.0.0.1:{server.server_port}/wechat",
    )
    try:
        page = h.person.get("/account/notifications").text
        assert "<th>短信</th>" in page and "微信" not in page.split("<table")[1].split("</table>")[0]
        h.person.post("/account/notifications", data={"kind-application": ["sms", "wechat"]})
        h.firm.post(f"/enterprise/applications/{h.application_id}/status", data={"status": "unsuitable"})
        from webapp.services.notify import deliver_due

        with app.app_context():
            assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
            assert [m.channel for m in db.session.scalars(select(OutboundMessage))] == ["sms"]
    finally:
        server.shutdown()
        server.server_close()
    ((auth, body),) = received
    payload = json_module.loads(body)
    assert auth == "Bearer sms-secret" and payload["to"] == h.seeker.account
    assert "投递结果：数控编程工程师" in payload["text"]
