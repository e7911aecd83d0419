"""用工余缺调剂: firms declare a shortage or consenting surplus workers (no consent, no listing; a window
of at most a year); the proposals rank other firms' overlapping surpluses by occupation and place as the
stated weights say (worked out by hand); a specialist brokers only their own firms' shortages; placements
are audited and move from agreed to placed to ended."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import login
from webapp.extensions import db
from webapp.models import (
    AuditLog,
    Enterprise,
    PlacementStatus,
    Role,
    SharingPlacement,
    StaffingDeclaration,
    User,
)
from webapp.services import ServiceError
from webapp.sharing import services
from webapp.sharing.services import WorkerEntry
from webapp.sharing.views.enterprise import workers_from

JAN, MAR, JUN = date(2027, 1, 1), date(2027, 3, 31), date(2027, 6, 30)


def _owner(make, adcode: str, specialist_id: int | None = None):
    firm = make.enterprise(adcode=adcode)
    if specialist_id is not None:
        with make.app.app_context():
            db.session.get(Enterprise, firm.id).specialist_id = specialist_id
            db.session.commit()
    return make.user(Role.ENTERPRISE, enterprise_id=firm.id)


def _declare(app, owner, kind, title, start=JAN, end=MAR, adcode="120104", headcount=3, workers=None):
    with app.app_context():
        user = db.session.get(User, owner.id)
        return services.declare(user, kind, title, headcount, start, end, adcode, "", workers).id


def _set_code(app, declaration_id: int, code: str) -> None:
    """Fix the 大典 code, so the ranking is checked without depending on the classifier's answer."""
    with app.app_context():
        db.session.get(StaffingDeclaration, declaration_id).occupation_code = code
        db.session.commit()


CONSENTING = [
    WorkerEntry("王师傅", "13800000001", "书面同意书 2026-12-01"),
    WorkerEntry("李师傅", "", "短信确认"),
]


def test_a_surplus_lists_only_workers_who_agreed_and_windows_are_temporary(app, make):
    owner = _owner(make, "120104")
    with pytest.raises(ServiceError, match="未记录本人同意"):
        _declare(app, owner, "surplus", "数控车工", workers=[*CONSENTING, WorkerEntry("赵师傅", "", " ")])
    with pytest.raises(ServiceError, match="至少列出一名"):
        _declare(app, owner, "surplus", "数控车工", workers=[])
    with pytest.raises(ServiceError, match="不超过一年"):
        _declare(app, owner, "shortage", "数控车工", start=JAN, end=date(2028, 3, 1))
    with pytest.raises(ServiceError, match="不早于开始日期"):
        _declare(app, owner, "shortage", "数控车工", start=MAR, end=JAN)
    with pytest.raises(ServiceError, match="1 到 1000"):
        _declare(app, owner, "shortage", "数控车工", headcount=0)
    surplus = _declare(app, owner, "surplus", "数控车工", headcount=99, workers=CONSENTING)
    with app.app_context():
        saved = db.session.get(StaffingDeclaration, surplus)
        assert saved.headcount == 2 and [w.consent for w in saved.workers] == [
            "书面同意书 2026-12-01",
            "短信确认",
        ]
    assert workers_from("王师傅 13800000001 书面同意书（12月1日签）\n\n李师傅，13900000002\n") == [
        WorkerEntry("王师傅", "13800000001", "书面同意书（12月1日签）"),
        WorkerEntry("李师傅", "13900000002", ""),
    ]


def test_proposals_rank_by_occupation_and_place_as_stated(app, make):
    short_firm = _owner(make, "120104")
    shortage = _declare(app, short_firm, "shortage", "数控车工", headcount=5)
    candidates = {  # title, code, place, window → expected score
        "same code, same district": ("车工", "6-18-01-01", "120104", (JAN, MAR), 1.0),
        "same code, same city": ("车工", "6-18-01-01", "120116", (JAN, MAR), 0.8),
        "same 小类, same district": ("铣工", "6-18-01-02", "120104", (JAN, MAR), 0.7),
        "same 中类, other province": ("焊工", "6-18-02-04", "320505", (JAN, MAR), 0.4 * 0.2),
        "no overlap": ("车工", "6-18-01-01", "120104", (date(2027, 4, 1), JUN), None),
    }
    ids = {}
    for name, (title, code, place, (start, end), _) in candidates.items():
        owner = _owner(make, place)
        ids[name] = _declare(
            app, owner, "surplus", title, start=start, end=end, adcode=place, workers=CONSENTING
        )
        _set_code(app, ids[name], code)
    _set_code(app, shortage, "6-18-01-01")
    own_surplus = _declare(app, short_firm, "surplus", "车工", workers=CONSENTING)  # the same firm: never
    _set_code(app, own_surplus, "6-18-01-01")
    with app.app_context():
        found = services.proposals(db.session.get(StaffingDeclaration, shortage), limit=10)
        got = {p.surplus.id: p.score for p in found}
        expected = {ids[n]: s for n, (*_, s) in candidates.items() if s is not None and s >= 0.1}
        assert got == pytest.approx(expected)
        top = [ids["same code, same district"], ids["same code, same city"], ids["same 小类, same district"]]
        assert [p.surplus.id for p in found][:3] == top
        assert own_surplus not in got and ids["no overlap"] not in got


def test_a_specialist_brokers_only_their_firms_and_the_placement_is_recorded(app, make):
    mine, other = make.user(Role.SPECIALIST), make.user(Role.SPECIALIST)
    short_firm = _owner(make, "120104", specialist_id=mine.id)
    lender = _owner(make, "120104")
    shortage = _declare(app, short_firm, "shortage", "数控车工", headcount=5)
    surplus = _declare(app, lender, "surplus", "数控车工", workers=CONSENTING)
    with app.app_context():
        me, them = db.session.get(User, mine.id), db.session.get(User, other.id)
        assert [s.id for s in services.open_shortages(me)] == [shortage] and services.open_shortages(
            them
        ) == []
        with pytest.raises(Exception) as caught:
            services.place(them, shortage, surplus, 2, JAN, MAR, "")
        assert getattr(caught.value, "code", None) == 403
        with pytest.raises(ServiceError, match="1 到 2"):
            services.place(me, shortage, surplus, 3, JAN, MAR, "")
        with pytest.raises(ServiceError, match="双方登记的时间段内"):
            services.place(me, shortage, surplus, 2, JAN, JUN, "")
        with pytest.raises(ServiceError, match="一方缺工"):
            services.place(me, shortage, shortage, 2, JAN, MAR, "")
        placement = services.place(me, shortage, surplus, 2, JAN, date(2027, 2, 28), "春节后返岗前")
        assert placement.status == PlacementStatus.AGREED
        services.set_status(me, placement.id, "placed")
        services.set_status(me, placement.id, "ended")
        assert db.session.get(SharingPlacement, placement.id).status == PlacementStatus.ENDED
        actions = set(db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("sharing_%"))))
        assert {"sharing_declare", "sharing_place", "sharing_status"} <= actions


def test_the_pages_for_the_firm_and_the_specialist(app, make):
    specialist = make.user(Role.SPECIALIST)
    owner = _owner(make, "120104", specialist_id=specialist.id)
    lender = _owner(make, "120116")
    firm = app.test_client()
    assert login(firm, owner.account).status_code == 302
    assert "用工余缺调剂" in firm.get("/enterprise/sharing").text
    form = {"kind": "shortage", "title": "装配钳工", "headcount": "4", "starts_on": "2027-01-01",
            "ends_on": "2027-03-31", "adcode": "120104", "note": "两班倒"}  # fmt: skip
    assert "已登记" in firm.post("/enterprise/sharing", data=form, follow_redirects=True).text
    unwilling = form | {"kind": "surplus", "workers": "赵师傅 13800000000"}
    refused = firm.post("/enterprise/sharing", data=unwilling, follow_redirects=True)
    assert "未记录本人同意" in refused.text
    _declare(app, lender, "surplus", "装配钳工", adcode="120116", workers=CONSENTING)
    staff = app.test_client()
    assert login(staff, specialist.account).status_code == 302
    board = staff.get("/organizer/sharing").text
    assert "缺工：装配钳工 4 人" in board and "富余 装配钳工 2 人" in board and "记录调剂" in board
    with app.app_context():
        shortage_id, surplus_id = (
            db.session.scalar(select(StaffingDeclaration.id).where(StaffingDeclaration.kind == kind))
            for kind in ("shortage", "surplus")
        )
    done = staff.post(
        "/organizer/sharing/placements",
        data={"shortage_id": shortage_id, "surplus_id": surplus_id, "workers": "2", "starts_on": "2027-01-04",
              "ends_on": "2027-02-28"},
        follow_redirects=True,
    )  # fmt: skip
    assert "调剂已记录" in done.text and "已达成" in done.text
