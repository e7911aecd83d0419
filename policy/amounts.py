"""How much a rule pays: a fixed sum, a monthly or yearly amount for N periods, a formula, or a standard the
document does not quantify (e.g. "按单位实际缴纳的社会保险费").

``kind`` in rule data: ``once``, ``monthly``, ``yearly``, ``by_level`` (a table keyed by a fact, e.g. the
apprentice's certificate), ``step`` (base + step × a count, capped: the rent subsidy), ``share_of_parameter``
(e.g. 80 % of the local minimum wage), ``share_of_fact`` (50 % of last year's premiums), ``per_count``,
``loan_limit`` and ``standard``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

KINDS = (
    "once",
    "monthly",
    "yearly",
    "by_level",
    "step",
    "share_of_parameter",
    "share_of_fact",
    "per_count",
    "loan_limit",
    "standard",
)
PERIODS = ("once", "monthly", "yearly")


class AmountError(ValueError):
    """Rule data that does not describe an amount."""


@dataclass(frozen=True)
class Money:
    """An evaluated amount. ``amount`` is None when the document gives a standard rather than a number."""

    amount: float | None
    unit: str
    period: str  # once | monthly | yearly | limit | standard
    months: int | None = None
    basis: str = ""
    counts: bool = True  # loan limits and deductions are not money paid out

    @property
    def term_total(self) -> float | None:
        if self.amount is None or not self.counts:
            return None
        if self.period == "monthly":
            return self.amount * (self.months or 1)
        if self.period == "yearly":
            return self.amount * ((self.months or 12) // 12)
        return self.amount


Lookup = Callable[[str], float | None]


@dataclass(frozen=True)
class AmountSpec:
    data: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    def money(self, subject: Mapping[str, Any], parameter: Lookup) -> Money:
        d = self.data
        kind = self.kind
        up_to = "（最高）" if d.get("up_to") else ""
        months = self._months(subject)
        period = d.get("period", "once")
        if kind == "once":
            return Money(float(d["value"]), d.get("unit", "元/人") + up_to, "once")
        if kind == "monthly":
            return Money(float(d["value"]), "元/月" + up_to, "monthly", months)
        if kind == "yearly":
            return Money(float(d["value"]), "元/年" + up_to, "yearly", int(d["years"]) * 12)
        if kind == "by_level":
            level = subject.get(d["fact"])
            value = d["table"].get(level) if level is not None else None
            unit = {"once": "元/人", "yearly": "元/人/年", "monthly": "元/月"}[period]
            return Money(None if value is None else float(value), unit + up_to, period, months)
        if kind == "step":
            count = int(subject.get(d["per"]) or 0)
            value = min(float(d["base"]) + float(d["step"]) * count, float(d["cap"]))
            return Money(value, "元/月", "monthly", months, basis=d.get("basis", ""))
        if kind == "share_of_parameter":
            base = parameter(d["parameter"])
            value = None if base is None else round(float(d["share"]) * base, 2)
            unit = "元/月" if period == "monthly" else "元"
            return Money(value, unit, period, months, basis=d.get("basis", ""))
        if kind == "share_of_fact":
            base = subject.get(d["fact"])
            value = None if base is None else round(float(d["share"]) * float(base), 2)
            return Money(value, "元", "once", basis=d.get("basis", ""))
        if kind == "per_count":
            count = subject.get(d["fact"])
            value = None if count is None else float(d["value"]) * int(count)
            return Money(value, "元" + up_to, "once", basis=d.get("basis", ""))
        if kind == "loan_limit":
            value = float(d["value"]) if "value" in d else None
            unit = "元（贷款额度）" if value is not None else d.get("unit", "按规定额度")
            return Money(value, unit, "limit", months, basis=d.get("basis", ""), counts=False)
        if kind == "standard":
            return Money(None, d.get("unit", "按规定标准"), period, months, basis=d.get("basis", ""))
        raise AmountError(f"unknown amount kind {kind!r}")

    def _months(self, subject: Mapping[str, Any]) -> int | None:
        d = self.data
        if "months" in d:
            return int(d["months"])
        if "months_fact" in d:
            total = subject.get(d["months_fact"])
            if total is None:
                return None
            used = subject.get(d["months_minus_fact"], 0) if "months_minus_fact" in d else 0
            return max(int(total) - int(used or 0), 0)
        return None


def parse_amount(data: Any) -> AmountSpec:
    if not isinstance(data, Mapping) or data.get("kind") not in KINDS:
        raise AmountError(f"amount needs a 'kind' of {', '.join(KINDS)}; got {data!r}")
    need = {
        "once": ["value"],
        "monthly": ["value"],
        "yearly": ["value", "years"],
        "by_level": ["fact", "table"],
        "step": ["base", "step", "per", "cap"],
        "share_of_parameter": ["share", "parameter"],
        "share_of_fact": ["share", "fact"],
        "per_count": ["value", "fact"],
        "loan_limit": [],
        "standard": [],
    }[data["kind"]]
    missing = [k for k in need if k not in data]
    if missing:
        raise AmountError(f"amount of kind {data['kind']!r} needs {', '.join(missing)}")
    if data.get("period", "once") not in PERIODS:
        raise AmountError(f"amount period must be one of {PERIODS}")
    return AmountSpec(dict(data))
