"""Evaluate subsidy rules for a case: what each hire (or the person, or the institution) brings, why,
and what is still missing.

Per subject, rules in force for the case's region and date are tested. Among eligible rules of one
``exclusive_group`` (e.g. 扩岗补助 and 一次性吸纳就业补贴, "不重复享受") only the one paying most over
its term is kept, ties going to the lower ``rank``; a rule listed in another eligible rule's
``supersedes`` (a national standard a local rule quantifies) is dropped. Rules that are not met but
could be — time must pass, or the case lacks a fact — are answered as ``missing`` with the hint
("再缴纳 2 个月社会保险后可申领").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policy.amounts import Money
from policy.case import Case
from policy.rules import Parameter, SubsidyRule, parameter_lookup


@dataclass(frozen=True)
class Grant:
    rule: SubsidyRule
    money: Money
    reason: str
    subject: str  # "hires[0]", "person", "enterprise", "institution"
    hire: int | None = None

    def to_dict(self) -> dict[str, Any]:
        m = self.money
        return {
            "rule": self.rule.id,
            "title": self.rule.title,
            "beneficiary": self.rule.beneficiary,
            "beneficiary_label": self.rule.beneficiary_label,
            "amount": _num(m.amount),
            "unit": m.unit,
            "period": m.period,
            "months": m.months,
            "term_total": _num(m.term_total),
            "basis": m.basis,
            "source": self.rule.citation,
            "reason": self.reason,
            "subject": self.subject,
            "hire": self.hire,
            "note": self.rule.note,
        }


@dataclass
class Answer:
    region: str
    date: str
    subsidies: list[Grant] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    not_combined: list[dict[str, Any]] = field(default_factory=list)

    @property
    def one_time_total(self) -> float:
        return sum(g.money.amount or 0 for g in self.subsidies if g.money.period == "once" and g.money.counts)

    @property
    def monthly_total(self) -> float:
        return sum(
            g.money.amount or 0 for g in self.subsidies if g.money.period == "monthly" and g.money.counts
        )

    @property
    def term_total(self) -> float:
        return sum(g.money.term_total or 0 for g in self.subsidies)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "date": self.date,
            "subsidies": [g.to_dict() for g in self.subsidies],
            "one_time_total": _num(self.one_time_total),
            "monthly_total": _num(self.monthly_total),
            "term_total": _num(self.term_total),
            "missing": self.missing,
            "not_combined": self.not_combined,
        }


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 2)


def _subjects(case: Case) -> Iterable[tuple[str, str, int | None, Mapping[str, Any]]]:
    """(scope, subject name, hire index, facts) for every subject in the case."""
    firm = case.enterprise_facts()
    for i, hire in enumerate(case.hires):
        yield "hire", f"hires[{i}]", i, {**hire, **firm}
    if case.person is not None:
        yield "person", "person", None, case.person
    if case.enterprise:
        yield "enterprise", "enterprise", None, firm
    if case.institution is not None:
        yield "institution", "institution", None, case.institution


def evaluate(rules: Iterable[SubsidyRule], case: Case, parameters: list[Parameter] | None = None) -> Answer:
    """The subsidies ``case`` qualifies for under ``rules``, with reasons, totals and what is missing."""
    in_force = [r for r in rules if r.in_force(case.on) and r.covers(case.adcode)]
    lookup = parameter_lookup(parameters or [], case.adcode, case.on)
    answer = Answer(region=case.region_name, date=case.on.isoformat())
    for scope, name, hire, facts in _subjects(case):
        eligible: list[Grant] = []
        pending: list[tuple[SubsidyRule, Money, Any]] = []
        for rule in (r for r in in_force if r.scope == scope):
            outcome = rule.condition.evaluate(facts, case.on)
            money = rule.amount.money(facts, lookup)
            if outcome.ok:
                eligible.append(Grant(rule, money, "因为" + "；".join(outcome.reasons), name, hire))
            elif outcome.reachable and (outcome.reasons or not outcome.unknown):
                # Partly met, or met but for time: worth telling. Rules the case says nothing about are not.
                pending.append((rule, money, outcome))
        kept = _resolve_overlaps(eligible, answer.not_combined)
        answer.subsidies += kept
        for rule, money, outcome in pending:
            if not _already_covered(rule, money, kept):
                answer.missing.append(_missing(rule, money, outcome, name, hire))
    return answer


def _already_covered(rule: SubsidyRule, money: Money, kept: list[Grant]) -> bool:
    """A rule not yet met adds nothing when a granted rule it cannot be combined with pays as much."""
    if not rule.exclusive_group:
        return False
    return any(
        g.rule.exclusive_group == rule.exclusive_group
        and (
            (g.money.term_total or 0) >= (money.term_total or 0)
            and (g.money.months or 0) >= (money.months or 0)
        )
        for g in kept
    )


def _missing(rule: SubsidyRule, money: Money, outcome, subject: str, hire: int | None) -> dict[str, Any]:
    parts = []
    if outcome.gaps:
        parts.append("、".join(outcome.gaps) + "后可申领")
    if outcome.unknown:
        parts.append("需补充：" + "、".join(dict.fromkeys(outcome.unknown)))
    return {
        "rule": rule.id,
        "title": rule.title,
        "subject": subject,
        "hire": hire,
        "missing": "；".join(parts),
        "amount": _num(money.amount),
        "unit": money.unit,
        "source": rule.citation,
    }


def _worth(g: Grant) -> tuple[float, int, int]:
    """How a grant ranks within its exclusive group: money over the term (a loan's limit), months, rank."""
    m = g.money
    value = m.term_total if m.term_total is not None else (m.amount if m.period == "limit" else None)
    return (value if value is not None else -1, m.months or 0, -g.rule.rank)


def _resolve_overlaps(eligible: list[Grant], dropped: list[dict[str, Any]]) -> list[Grant]:
    groups: dict[str, list[Grant]] = {}
    for g in eligible:
        if g.rule.exclusive_group:
            groups.setdefault(g.rule.exclusive_group, []).append(g)
    losers: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        best = max(members, key=_worth)
        for g in members:
            if g is not best:
                losers.add(id(g))
                how = "按标准较高者计" if _worth(best)[:2] > _worth(g)[:2] else "只计一项"
                dropped.append(_dropped(g, best, f"与「{best.rule.title}」不重复享受，{how}"))
    kept = [g for g in eligible if id(g) not in losers]
    # A national measure that a kept local rule quantifies is carried out by that rule.
    out: list[Grant] = []
    for g in kept:
        by = next((o for o in kept if g.rule.id in o.rule.supersedes), None)
        if by is not None:
            dropped.append(_dropped(g, by, f"由「{by.rule.title}」（{by.rule.citation}）具体执行"))
        else:
            out.append(g)
    return out


def _dropped(g: Grant, by: Grant, because: str) -> dict[str, Any]:
    return {
        "rule": g.rule.id,
        "title": g.rule.title,
        "subject": g.subject,
        "hire": g.hire,
        "kept": by.rule.id,
        "because": because,
    }
