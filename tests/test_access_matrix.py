"""Every endpoint has a declared audience, and each role gets exactly what it should."""

import pytest

from tests.conftest import login
from webapp.models import Role
from webapp.security import PUBLIC

ANON = "anonymous"
ROLES = [ANON, *Role]
SEEKER, ENTERPRISE, ORGANIZER, SPECIALIST, ADMIN = (
    Role.SEEKER,
    Role.ENTERPRISE,
    Role.ORGANIZER,
    Role.SPECIALIST,
    Role.ADMIN,
)
EVERYONE = set(ROLES)

# (method, url, roles that get through). Others: anonymous → login redirect / 401, signed-in → 403.
MATRIX = [
    ("GET", "/", EVERYONE),
    ("GET", "/jobs", EVERYONE),
    ("GET", "/jobs/{post}", EVERYONE),
    ("GET", "/enterprises/{enterprise}", EVERYONE),
    ("GET", "/enterprises", EVERYONE),
    ("GET", "/healthz", EVERYONE),
    ("GET", "/robots.txt", EVERYONE),
    ("GET", "/sitemap.xml", EVERYONE),
    ("GET", "/favicon.ico", EVERYONE),
    ("GET", "/metrics", EVERYONE),  # by address (loopback) or METRICS_TOKEN, not by role: test_metrics
    ("GET", "/login", EVERYONE),
    ("GET", "/register", EVERYONE),
    ("GET", "/register/enterprise", EVERYONE),
    ("GET", "/password/forgot", EVERYONE),
    ("GET", "/me/profile", {SEEKER}),
    ("GET", "/me/applications", {SEEKER}),
    ("POST", "/me/apply/{post}", {SEEKER}),
    ("POST", "/me/applications/{application}/withdraw", {SEEKER}),
    ("GET", "/me/searches", {SEEKER}),
    ("GET", "/me/data", {SEEKER}),
    ("POST", "/me/delete", {SEEKER}),
    ("POST", "/me/searches", {SEEKER}),
    ("POST", "/me/profile/resume-file", {SEEKER}),
    ("GET", "/enterprise/", {ENTERPRISE}),
    ("GET", "/enterprise/profile", {ENTERPRISE}),
    ("GET", "/enterprise/posts/new", {ENTERPRISE}),
    ("GET", "/enterprise/posts/{post}/edit", {ENTERPRISE}),
    ("POST", "/enterprise/posts/{post}/close", {ENTERPRISE}),
    ("POST", "/enterprise/posts/check", {ENTERPRISE}),
    ("POST", "/enterprise/documents", {ENTERPRISE}),
    ("GET", "/enterprise/posts.{fmt}", {ENTERPRISE}),
    ("GET", "/enterprise/posts/{post}/applications.{fmt}", {ENTERPRISE}),
    ("POST", "/enterprise/members", {ENTERPRISE}),
    ("POST", "/enterprise/members/{application}/remove", {ENTERPRISE}),
    ("POST", "/enterprise/members/{application}/owner", {ENTERPRISE}),
    ("GET", "/organizer/documents/{claim}", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/caseload", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/caseload/{enterprise}", {ORGANIZER, ADMIN}),  # its specialist too: test_casework
    ("POST", "/organizer/caseload/{enterprise}/records", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/caseload/{enterprise}/needs", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/caseload/needs/{need}/answer", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/caseload/overdue", {ORGANIZER, ADMIN}),
    # the targets dashboard: the region's figures are the bureau's, not one specialist's firms
    ("GET", "/organizer/targets", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/targets", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/targets/export.xlsx", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/targets/records/{records}", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/targets/records/{records}.xlsx", {ORGANIZER, ADMIN}),
    # the shortage catalogue: the bureau reviews and publishes it, everyone reads what is published
    ("GET", "/organizer/shortage", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/shortage", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/shortage/figures.xlsx", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/shortage/{catalogue}/withdraw", {ORGANIZER, ADMIN}),
    # 就业见习: the firm applies and manages its agreements, the bureau recognises bases
    ("GET", "/enterprise/traineeship", {ENTERPRISE}),
    ("POST", "/enterprise/traineeship/base", {ENTERPRISE}),
    ("POST", "/enterprise/traineeship/agreements", {ENTERPRISE}),
    ("POST", "/enterprise/traineeship/agreements/{agreement}/end", {ENTERPRISE}),
    ("POST", "/enterprise/traineeship/agreements/{agreement}/confirm", {ENTERPRISE}),
    ("GET", "/organizer/traineeship", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/traineeship/bases/{base}/review", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/traineeship/bases/{base}/revoke", {ORGANIZER, ADMIN}),
    # 用工余缺调剂: firms declare, the bureau's staff broker (a specialist only their firms: test_sharing)
    ("GET", "/enterprise/sharing", {ENTERPRISE}),
    ("POST", "/enterprise/sharing", {ENTERPRISE}),
    ("POST", "/enterprise/sharing/{declaration}/close", {ENTERPRISE}),
    ("GET", "/organizer/sharing", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/sharing/placements", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/sharing/placements/{placement}/status", {ORGANIZER, ADMIN}),  # its specialist too
    ("GET", "/shortage", EVERYONE),
    ("GET", "/shortage/{catalogue}", EVERYONE),
    ("GET", "/shortage/{catalogue}.xlsx", EVERYONE),
    ("GET", "/enterprise/needs", {ENTERPRISE}),
    ("POST", "/enterprise/needs", {ENTERPRISE}),
    ("POST", "/organizer/enterprises/{enterprise}/specialist", {ORGANIZER, ADMIN}),
    ("GET", "/enterprise/posts/{post}/applications", {ENTERPRISE}),
    ("GET", "/enterprise/applications/{application}", {ENTERPRISE}),
    ("POST", "/enterprise/applications/{application}/status", {ENTERPRISE}),
    ("GET", "/organizer/", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/enterprises", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/enterprises/{enterprise}/review", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/enterprises/{enterprise}/label", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/posts", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/posts/{post}/review", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/audit", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/search/parked/retry", {ORGANIZER, ADMIN}),
    ("POST", "/logout", set(Role)),
    ("GET", "/notices", set(Role)),
    ("GET", "/account/password", set(Role)),
    ("GET", "/me/policy", {SEEKER}),
    ("GET", "/me/recommendations", {SEEKER}),
    ("POST", "/me/recommendations/{post}/dismiss", {SEEKER}),
    ("GET", "/enterprise/posts/{post}/talent", {ENTERPRISE}),
    ("POST", "/me/policy", {SEEKER}),
    ("GET", "/enterprise/policy", {ENTERPRISE}),
    ("POST", "/enterprise/policy/facts", {ENTERPRISE}),
    ("GET", "/enterprise/hires/{application}", {ENTERPRISE}),
    ("GET", "/organizer/policy/rules", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/policy/rules/{rule}", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/policy/rules/{rule}", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/policy/claims", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/policy/find", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/policy/notify", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/policy/claims/{claim}/status", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/policy/claims.xlsx", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/imports", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/imports", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/imports/{job}", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/imports/{job}/mapping", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/imports/{job}/run", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/imports/{job}/progress", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/imports/{job}/report.xlsx", {ORGANIZER, ADMIN}),
    ("GET", "/api/v1/openapi.json", EVERYONE),
    ("GET", "/api/v1/jobs", EVERYONE),
    ("GET", "/api/v1/jobs/{post}", EVERYONE),
    ("POST", "/api/v1/applications", {SEEKER}),
    ("GET", "/api/v1/me/applications", {SEEKER}),
    # fairs and live rooms
    ("GET", "/fairs", EVERYONE),
    ("GET", "/fairs/{fair}", EVERYONE),
    ("GET", "/calendar", EVERYONE),
    ("GET", "/calendar.ics", EVERYONE),
    ("GET", "/live/{live}", EVERYONE),
    ("GET", "/live/{live}/events", EVERYONE),
    ("GET", "/live/{live}/posts/{post}", EVERYONE),
    ("POST", "/live/{live}/apply", {SEEKER}),
    ("POST", "/live/{live}/questions", set(Role)),
    ("GET", "/api/v1/fairs", EVERYONE),
    ("GET", "/api/v1/fairs/{fair}", EVERYONE),
    ("GET", "/api/v1/live/{live}", EVERYONE),
    ("POST", "/api/v1/live/{live}/applications", {SEEKER}),
    ("GET", "/me/fairs", {SEEKER}),
    ("POST", "/me/fairs/{fair}/register", {SEEKER}),
    ("GET", "/me/fairs/registrations/{registration}/qr.svg", {SEEKER}),
    ("POST", "/me/fairs/registrations/{registration}/cancel", {SEEKER}),
    ("GET", "/enterprise/fairs", {ENTERPRISE}),
    ("GET", "/enterprise/fairs/{fair}/signup", {ENTERPRISE}),
    ("POST", "/enterprise/fairs/{fair}/withdraw", {ENTERPRISE}),
    ("GET", "/organizer/brands", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/brands/new", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/brands/{brand}/edit", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/fairs", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/new", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/fairs/{fair}", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/{fair}/edit", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/fairs/{fair}/status", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/fairs/participations/{participation}/decide", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/fairs/participations/{participation}/booth", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/{fair}/checkin", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/fairs/{fair}/checkin", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/{fair}/report", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/{fair}/matches", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/fairs/{fair}/live/new", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/live/{live}", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/live/{live}/edit", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/live/{live}/announce", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/live/{live}/report", {ORGANIZER, SPECIALIST, ADMIN}),
    # the talent pool: firms search and invite, the bureau searches consenting seekers, seekers never search
    ("GET", "/enterprise/talent", {ENTERPRISE}),
    ("GET", "/enterprise/talent/{profile}", {ENTERPRISE}),
    ("POST", "/enterprise/talent/{profile}/invite", {ENTERPRISE}),
    ("GET", "/organizer/talent", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/organizer/talent/{profile}", {ORGANIZER, SPECIALIST, ADMIN}),
    ("POST", "/organizer/talent/invite-fair", {ORGANIZER, SPECIALIST, ADMIN}),
    ("GET", "/me/invitations", {SEEKER}),
    ("POST", "/me/invitations/{invitation}/decline", {SEEKER}),
    ("POST", "/me/invitations/{invitation}/apply", {SEEKER}),
    # the hiring conversation: notices live, notification settings, interviews
    ("GET", "/notices/stream", set(Role)),
    ("GET", "/account/notifications", set(Role)),
    ("POST", "/account/notifications", set(Role)),
    ("POST", "/me/interviews/{interview}/answer", {SEEKER}),
    ("GET", "/me/interviews/{interview}.ics", {SEEKER}),
    ("POST", "/enterprise/applications/{application}/interview", {ENTERPRISE}),
    ("POST", "/enterprise/interviews/{interview}/outcome", {ENTERPRISE}),
    ("GET", "/enterprise/interviews/{interview}.ics", {ENTERPRISE}),
    ("GET", "/me/applications/{application}/messages", {SEEKER}),
    ("POST", "/me/applications/{application}/messages", {SEEKER}),
    ("POST", "/me/applications/{application}/exchange", {SEEKER}),
    ("POST", "/me/messages/{message}/report", {SEEKER}),
    ("GET", "/enterprise/applications/{application}/messages", {ENTERPRISE}),
    ("POST", "/enterprise/applications/{application}/messages", {ENTERPRISE}),
    ("POST", "/enterprise/applications/{application}/exchange", {ENTERPRISE}),
    ("POST", "/enterprise/messages/{message}/report", {ENTERPRISE}),
    ("GET", "/organizer/conversations", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/conversations/{application}", {ORGANIZER, ADMIN}),
    # 举报, graded handling, the abnormal-entity list
    ("GET", "/report/{kind}/{post}", set(Role)),
    ("POST", "/report/{kind}/{post}", set(Role)),
    ("GET", "/reports", set(Role)),
    ("GET", "/enterprise/sanctions", {ENTERPRISE}),
    ("POST", "/enterprise/sanctions/{sanction}/appeal", {ENTERPRISE}),
    ("GET", "/organizer/complaints", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/complaints/{complaint}", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/complaints/{complaint}/evidence", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/complaints/{complaint}/dismiss", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/complaints/{complaint}/uphold", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/enterprises/{enterprise}/record", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/enterprises/{enterprise}/sanction", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/sanctions", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/sanctions/{sanction}/lift", {ORGANIZER, ADMIN}),
    ("GET", "/organizer/abnormal-entities", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/abnormal-entities", {ORGANIZER, ADMIN}),
    ("POST", "/organizer/abnormal-entities/{entry}/remove", {ORGANIZER, ADMIN}),
]
IDS_FOR_PUBLIC_CHECK = {"post": 1, "enterprise": 1, "fair": 1, "live": 1, "catalogue": 1}


def test_every_endpoint_declares_its_audience(app):
    unguarded = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "required_roles", None) is None:
            unguarded.append(rule.rule)
    assert unguarded == []


def test_matrix_covers_every_route(app):
    listed = {url.split("{")[0].rstrip("/") for _, url, _ in MATRIX}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        prefix = rule.rule.split("<")[0].rstrip("/")
        if prefix not in listed:
            missing.append(rule.rule)
    assert missing == []


def test_public_marker_is_only_on_public_routes(app):
    for method, url, allowed in MATRIX:
        if allowed == EVERYONE:
            adapter = app.url_map.bind("localhost")
            concrete = url.format(**IDS_FOR_PUBLIC_CHECK)
            endpoint, _ = adapter.match(concrete, method=method)
            assert app.view_functions[endpoint].required_roles == PUBLIC, url


@pytest.fixture
def world(make):
    enterprise_user = make.user(Role.ENTERPRISE)
    post = make.post(enterprise_user.enterprise_id)
    seeker = make.user(Role.SEEKER)
    users = {
        SEEKER: seeker,
        ENTERPRISE: enterprise_user,
        ORGANIZER: make.user(Role.ORGANIZER),
        SPECIALIST: make.user(Role.SPECIALIST),
        ADMIN: make.user(Role.ADMIN),
    }
    with make.app.app_context():
        from webapp.extensions import db
        from webapp.models import Application, ApplicationEvent, ApplicationStatus, SeekerProfile

        profile = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        application = Application(seeker_id=profile.id, post_id=post.id)
        application.events.append(ApplicationEvent(status=ApplicationStatus.SUBMITTED))
        db.session.add(application)
        db.session.commit()
        from webapp.models import Interview, InterviewStatus
        from webapp.models.mixins import utcnow

        interview = Interview(
            application_id=application.id,
            slots=[utcnow().isoformat()],
            place="南开区",
            status=InterviewStatus.ACCEPTED,
            starts_at=utcnow(),
        )
        db.session.add(interview)
        db.session.commit()
        fair_ids = _fair_world(make, enterprise_user.enterprise_id, post.id, profile.id)
        trust_ids = _trust_world(enterprise_user.enterprise_id, post.id, seeker.id)
        ids = {
            **fair_ids,
            **trust_ids,
            "kind": "post",
            "records": "hires",
            "post": post.id,
            "enterprise": enterprise_user.enterprise_id,
            "application": application.id,
            "profile": profile.id,
            "invitation": 1,
            "interview": interview.id,
            "message": 1,
            "rule": "nankai2023.absorption",
            "claim": 1,
            "job": 1,
            "fmt": "xlsx",
        }
    return users, ids


def _trust_world(enterprise_id: int, post_id: int, seeker_user_id: int) -> dict:
    """A complaint about the post, a warning to its firm, a listed credit code."""
    from datetime import timedelta

    from webapp.extensions import db
    from webapp.models import AbnormalEntity, Complaint, Sanction, SanctionLevel
    from webapp.models.mixins import utcnow

    sanction = Sanction(enterprise_id=enterprise_id, level=SanctionLevel.WARNING, reason="测试", post_ids=[])
    complaint = Complaint(
        complainant_id=seeker_user_id,
        target_kind="post",
        target_id=post_id,
        enterprise_id=enterprise_id,
        reason="fee",
        due_at=utcnow() + timedelta(days=3),
    )
    entry = AbnormalEntity(kind="credit_code", digest="0" * 64, shown="91120104MA0000000X", reason="测试")
    from webapp.models import EnterpriseNeed, NeedKind

    need = EnterpriseNeed(
        enterprise_id=enterprise_id,
        kind=NeedKind.PEOPLE,
        detail="急招数控车工",
        due_at=utcnow() + timedelta(days=3),
    )
    from webapp.models import ShortageCatalogue, ShortageEntry

    catalogue = ShortageCatalogue(
        region="320500", quarter="2025Q3", min_ratio=1.5, min_openings=10, min_firms=3
    )
    catalogue.entries.append(
        ShortageEntry(
            rank=1, occupation_code="6-18-01-01", occupation_name="车工", openings=12, seekers=4, firms=3
        )
    )
    from datetime import date

    from webapp.models import Application, BaseStatus, TraineeAgreement, TraineeshipBase

    base = TraineeshipBase(enterprise_id=enterprise_id, status=BaseStatus.APPROVED, capacity=3, fields="机械")
    application = db.session.scalar(db.select(Application).where(Application.post_id == post_id))
    db.session.add_all([sanction, complaint, entry, need, catalogue, base])
    db.session.flush()
    agreement = TraineeAgreement(
        base_id=base.id, application_id=application.id, seeker_id=application.seeker_id,
        start_date=date(2026, 1, 1), end_date=date(2026, 6, 30), mentor="王工",
    )  # fmt: skip
    db.session.add(agreement)
    from webapp.models import SharingKind, SharingPlacement, StaffingDeclaration

    declared = [
        StaffingDeclaration(
            enterprise_id=enterprise_id, kind=kind, title="数控车工", headcount=2, starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31), adcode="120104",
        )
        for kind in (SharingKind.SHORTAGE, SharingKind.SURPLUS)
    ]  # fmt: skip
    db.session.add_all(declared)
    db.session.flush()
    placement = SharingPlacement(
        shortage_id=declared[0].id, surplus_id=declared[1].id, workers=1, starts_on=date(2027, 1, 1),
        ends_on=date(2027, 1, 31),
    )  # fmt: skip
    db.session.add(placement)
    db.session.commit()
    return {
        "sanction": sanction.id,
        "complaint": complaint.id,
        "entry": entry.id,
        "need": need.id,
        "catalogue": catalogue.id,
        "base": base.id,
        "agreement": agreement.id,
        "declaration": declared[0].id,
        "placement": placement.id,
    }


def _fair_world(make, enterprise_id: int, post_id: int, seeker_profile_id: int) -> dict:
    """A published fair with the enterprise approved, the seeker registered, and a live room."""
    from webapp.extensions import db
    from webapp.models import ActivityBrand, FairRegistration

    fair = make.fair()
    participation = make.participation(fair.id, enterprise_id, [post_id])
    session = make.live_session(fair.id, [enterprise_id])
    with make.app.app_context():
        brand = ActivityBrand(year=2026, code="test", name="测试活动")
        registration = FairRegistration(fair_id=fair.id, seeker_id=seeker_profile_id, code="ABCD2345")
        db.session.add_all([brand, registration])
        db.session.commit()
        return {
            "fair": fair.id,
            "participation": participation.id,
            "live": session.id,
            "registration": registration.id,
            "brand": brand.id,
        }


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_role_matrix(app, world, role):
    users, ids = world
    client = app.test_client()
    if role != ANON:
        assert login(client, users[role].account).status_code == 302
    failures = []
    for method, template, allowed in MATRIX:
        if template == "/logout":
            continue  # would end the session mid-matrix; checked below
        url = template.format(**ids)
        kwargs = {"json": {"post_id": ids["post"], "consent": True}} if url.startswith("/api/") else {}
        response = client.open(url, method=method, **kwargs)
        got_in = response.status_code not in (302, 401, 403) or (
            response.status_code == 302 and "/login" not in response.headers.get("Location", "")
        )
        if got_in != (role in allowed):
            failures.append((method, url, response.status_code))
        if not got_in:
            expected = (401 if url.startswith("/api/") else 302) if role == ANON else 403
            if response.status_code != expected:
                failures.append((method, url, response.status_code, "expected", expected))
    assert failures == []


def test_logout_needs_a_session(client):
    response = client.post("/logout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
