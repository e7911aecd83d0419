"""Demo 用工余缺调剂: around the Spring Festival, production firms short of 车工, 钳工 and 装配工 and others
with staff to spare (each with their consent on record), one placement already brokered by the demo
specialist. Dates are 北京时间."""

from __future__ import annotations

import random
from datetime import timedelta

from webapp import beijing
from webapp.extensions import db
from webapp.models import Enterprise, PlacementStatus, SharingKind, User
from webapp.months import add_months
from webapp.services.compliance import suggest_occupations
from webapp.sharing.models import SharingPlacement, StaffingDeclaration, SurplusWorker

TRADES = ["数控车工", "装配钳工", "电工", "焊工", "质量检验员", "包装工"]
SURNAMES = "王李张刘陈杨赵黄周吴"
NOTES = {
    SharingKind.SHORTAGE: "春节前后订单集中，需临时用工",
    SharingKind.SURPLUS: "淡季产线调整，员工自愿借调",
}


def seed_sharing(rng: random.Random, firms: list[Enterprise], specialist: User) -> dict[str, int]:
    tianjin = [f for f in firms if f.is_verified and f.adcode.startswith("12")]
    rng.shuffle(tianjin)
    start = add_months(beijing.today(), 1).replace(day=1)
    declarations = []
    for i, firm in enumerate(tianjin[:14]):
        kind = SharingKind.SHORTAGE if i % 2 == 0 else SharingKind.SURPLUS
        title = TRADES[(i // 2) % len(TRADES)] if rng.random() < 0.8 else rng.choice(TRADES)
        begins = start + timedelta(days=rng.randint(0, 20))
        d = StaffingDeclaration(
            enterprise_id=firm.id, kind=kind, title=title, headcount=rng.randint(2, 8), starts_on=begins,
            ends_on=add_months(begins, rng.choice([1, 2, 3])), adcode=firm.adcode,
            note=NOTES[kind],
        )  # fmt: skip
        if kind == SharingKind.SURPLUS:
            d.workers = [
                SurplusWorker(
                    name=rng.choice(SURNAMES) + "师傅", phone=f"1380000{rng.randint(1000, 9999)}",
                    consent=f"书面同意书（{beijing.today() - timedelta(days=rng.randint(1, 10))} 签）",
                )
                for _ in range(rng.randint(2, 5))
            ]  # fmt: skip
            d.headcount = len(d.workers)
        declarations.append(d)
    codes = suggest_occupations([d.title for d in declarations])
    for d, found in zip(declarations, codes, strict=True):
        d.occupation_code = found[0] if found else ""
    db.session.add_all(declarations)
    db.session.flush()
    placed = 0
    mine = [
        d
        for d in declarations
        if d.kind == SharingKind.SHORTAGE and d.enterprise.specialist_id == specialist.id
    ]
    lenders = [d for d in declarations if d.kind == SharingKind.SURPLUS]
    if mine and lenders:
        shortage = mine[0]
        surplus = next((s for s in lenders if s.title == shortage.title), lenders[0])
        begins, ends = max(shortage.starts_on, surplus.starts_on), min(shortage.ends_on, surplus.ends_on)
        if begins <= ends:
            db.session.add(
                SharingPlacement(
                    surplus_id=surplus.id, shortage_id=shortage.id, status=PlacementStatus.AGREED,
                    workers=min(shortage.headcount, surplus.headcount), starts_on=begins, ends_on=ends,
                    note="双方已电话确认，员工本人同意", brokered_by_id=specialist.id,
                )
            )  # fmt: skip
            placed = 1
    db.session.flush()
    return {"declarations": len(declarations), "placements": placed}
