"""虚假高薪 (issue 17 item 3): a post paying far above the zone's own posts of the same 大典 occupation and
city goes to the reviewer flagged, with the range it was compared to; without enough peers nothing is
claimed."""

from __future__ import annotations

from webapp.models import PayUnit, PostStatus, Role
from webapp.services.pay_check import MIN_PEERS, pay_finding

CODE = "6-20-01-01"  # 装配钳工


def peers(make, firm_id: int, n: int = 10, adcode: str = "120104") -> None:
    for i in range(n):
        make.post(
            firm_id,
            title=f"装配钳工{i}",
            occupation_code=CODE,
            adcode=adcode,
            pay_min=6000,
            pay_max=8000 + 100 * i,
        )


def test_far_above_the_peers_is_flagged_with_the_range(app, make):
    firm = make.enterprise()
    peers(make, firm.id)
    with app.app_context():
        found = pay_finding(CODE, "120116", PayUnit.MONTH, 30000)  # another district of 天津 (1201)
        assert found is not None and found.severity == "warn" and found.code == "fake_pay"
        assert "本市同职业10个在招岗位" in found.excerpt and "8" in found.excerpt
        assert pay_finding(CODE, "120104", PayUnit.MONTH, 12000) is None  # high, not far outside
        assert pay_finding(CODE, "310101", PayUnit.MONTH, 30000) is None  # 上海: no peers there
        assert pay_finding(CODE, "120104", PayUnit.DAY, 3000) is None
        assert pay_finding("", "120104", PayUnit.MONTH, 30000) is None  # no occupation: no basis


def test_too_few_peers_claim_nothing(app, make):
    firm = make.enterprise()
    peers(make, firm.id, n=MIN_PEERS - 1)
    with app.app_context():
        assert pay_finding(CODE, "120104", PayUnit.MONTH, 50000) is None


def test_the_reviewer_sees_it_in_the_queue(app, make, login_as):
    firm = make.enterprise()
    peers(make, firm.id)
    make.post(
        firm.id,
        title="装配钳工（急招）",
        occupation_code=CODE,
        status=PostStatus.PENDING,
        pay_min=35000,
        pay_max=50000,
    )
    queue = login_as(make.user(Role.ORGANIZER)).get("/organizer/posts").text
    assert "疑似虚假高薪" in queue and "本市同职业10个在招岗位" in queue and "网络招聘服务管理规定" in queue
