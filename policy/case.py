"""A case to evaluate: a region, a date, an enterprise and its hires, or one person, or one institution.

Input is the JSON shape of ``flask policy evaluate --case``; ``Case.from_dict`` checks it and normalises names
(sizes, group aliases such as 建档立卡 → 脱贫人口, the region name → adcode).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policy.errors import CaseError
from policy.regions import resolve_region

SIZES = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
GROUP_ALIASES = {
    "建档立卡": "脱贫人口",
    "建档立卡贫困人口": "脱贫人口",
    "建档立卡贫困劳动力": "脱贫人口",
    "脱贫劳动力": "脱贫人口",
    "贫困人口": "脱贫人口",
    "graduate": "高校毕业生",
    "veteran": "退役军人",
    "migrant": "农民工",
    "difficulty": "就业困难人员",
    "unemployed": "登记失业人员",
    "rural": "农村劳动力",
}
DATE_FACTS = ("graduation_date", "birth_date")
INT_FACTS = (
    "age",
    "registered_unemployed_months",
    "contract_months",
    "insured_months",
    "traineeship_months",
    "served_traineeship_months",
    "talent_settled_years",
    "business_registered_months",
    "business_jobs",
    "business_insured_months",
    "employees",
    "unemployment_insured_months",
    "new_loan_eligible_hires",
    "online_trained",
    "delivered",
    "delivered_months",
    "incubated_firms",
    "incubated_jobs",
    "certified",
    "started_within_half_year",
    "months_after_retention",
)


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def normalise_groups(groups: Any, where: str) -> frozenset[str]:
    if groups is None:
        return frozenset()
    if isinstance(groups, str) or not isinstance(groups, list | tuple | set | frozenset):
        raise CaseError(f"{where}.groups must be a list")
    out = {GROUP_ALIASES.get(str(g).strip(), str(g).strip()) for g in groups if str(g).strip()}
    if "特殊就业困难人员" in out:
        out.add("就业困难人员")
    return frozenset(out)


def normalise_facts(raw: Any, where: str, on: date) -> dict[str, Any]:
    """Typed facts from one JSON object: dates parsed, counts as integers, groups normalised."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise CaseError(f"{where} must be an object")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if key in DATE_FACTS:
            try:
                out[key] = value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                raise CaseError(f"{where}.{key}: not a date (YYYY-MM-DD): {value!r}") from None
        elif key in INT_FACTS:
            try:
                out[key] = int(value)
            except (TypeError, ValueError):
                raise CaseError(f"{where}.{key}: not a whole number: {value!r}") from None
            if out[key] < 0:
                raise CaseError(f"{where}.{key}: must not be negative")
        elif key in ("groups", "trainee_groups"):
            out[key] = normalise_groups(value, where)
        elif key == "sectors":
            out[key] = frozenset(value if isinstance(value, list) else [value])
        elif key == "size":
            out[key] = SIZES.get(str(value), str(value))
        else:
            out[key] = value
    if "age" not in out and "birth_date" in out:
        out["age"] = _years_between(out["birth_date"], on)
    if out.get("retained") and "traineeship_months" in out and "served_traineeship_months" in out:
        out["retained_early"] = out["served_traineeship_months"] < out["traineeship_months"]
    if out.get("registered_unemployed_months", 0) > 0 and "groups" in out:
        out["groups"] = out["groups"] | {"登记失业人员"}
    return out


@dataclass(frozen=True)
class Case:
    adcode: str
    region_name: str
    on: date
    enterprise: dict[str, Any] = field(default_factory=dict)
    hires: list[dict[str, Any]] = field(default_factory=list)
    person: dict[str, Any] | None = None
    institution: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Case:
        if not isinstance(data, Mapping):
            raise CaseError("a case is a JSON object")
        try:
            on = date.fromisoformat(str(data.get("date") or date.today().isoformat()))
        except ValueError:
            raise CaseError(f"date: not a date (YYYY-MM-DD): {data.get('date')!r}") from None
        region = data.get("region")
        if not region:
            raise CaseError("region is required (a name such as 天津市南开区 or an adcode)")
        adcode, name = resolve_region(str(region))
        hires = data.get("hires") or []
        if not isinstance(hires, list):
            raise CaseError("hires must be a list")
        return cls(
            adcode=adcode,
            region_name=name,
            on=on,
            enterprise=normalise_facts(data.get("enterprise"), "enterprise", on),
            hires=[normalise_facts(h, f"hires[{i}]", on) for i, h in enumerate(hires)],
            person=normalise_facts(data["person"], "person", on) if data.get("person") is not None else None,
            institution=(
                normalise_facts(data["institution"], "institution", on)
                if data.get("institution") is not None
                else None
            ),
        )

    def enterprise_facts(self) -> dict[str, Any]:
        return {f"enterprise.{k}": v for k, v in self.enterprise.items()}
