"""Rule conditions: a small tree of ``all`` / ``any`` over leaf tests on facts, parsed from rule data.

Leaf syntax (TOML inline tables): ``{ fact = "age", between = [16, 24] }``; operators: ``at_least``,
``at_most``, ``between``, ``equals``, ``one_of``, ``not_in`` (holds when the fact is absent),
``has_any``, ``has_none``, ``within_years`` (a date no more than N years before the evaluation date,
inclusive), ``year_in``. A compound is ``{ all = [...] }`` or ``{ any = [...] }`` with an optional
``label`` used in explanations.

Evaluating gives an ``Outcome``: whether the condition holds, the reasons (因为…), and for a condition
not met, whether it can still be met by time passing (``gaps``: "再缴纳 2 个月社会保险"), needs a fact
the case did not give (``unknown``), or cannot be met (``blocked``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policy.facts import fact

LEAF_OPS = (
    "at_least",
    "at_most",
    "between",
    "equals",
    "one_of",
    "not_in",
    "has_any",
    "has_none",
    "within_years",
    "year_in",
)
SET_OPS = ("has_any", "has_none")


class ConditionError(ValueError):
    """Rule data that does not describe a condition."""


@dataclass
class Outcome:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """Not met yet, but only time or missing facts stand in the way."""
        return not self.ok and not self.blocked


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str
    value: Any

    def evaluate(self, subject: Mapping[str, Any], on: date) -> Outcome:
        meta = fact(self.fact)
        got = subject.get(self.fact)
        if got is None:
            if self.op in SET_OPS:
                got = frozenset()
            elif self.op == "not_in":
                return Outcome(True)
            elif self.op == "equals" and isinstance(self.value, bool):
                got = False
            else:
                return Outcome(False, unknown=[meta.label])
        ok = self._holds(got, on)
        shown = meta.show(got)
        if ok and self.op == "not_in":
            return Outcome(True)  # a guard ("not a traineeship"), not a reason worth telling
        if ok:
            return Outcome(True, reasons=[self._explain(meta.label, shown, got)])
        if self.op == "at_least" and meta.progress and isinstance(got, int | float):
            return Outcome(False, gaps=[meta.progress.format(n=_num(self.value - got))])
        return Outcome(False, blocked=[f"{meta.label}为{shown}，要求{self._requirement(meta)}"])

    def _holds(self, got: Any, on: date) -> bool:
        v = self.value
        match self.op:
            case "at_least":
                return got >= v
            case "at_most":
                return got <= v
            case "between":
                return v[0] <= got <= v[1]
            case "equals":
                return got == v
            case "one_of":
                return got in v
            case "not_in":
                return got not in v
            case "has_any":
                return bool(set(got) & set(v))
            case "has_none":
                return not set(got) & set(v)
            case "within_years":
                return got <= on <= add_years(got, v)
            case "year_in":
                return got.year in v
        raise ConditionError(f"unknown operator {self.op}")

    def _requirement(self, meta) -> str:
        v = self.value
        unit = meta.unit
        match self.op:
            case "at_least":
                return f"不少于{_num(v)}{unit}"
            case "at_most":
                return f"不超过{_num(v)}{unit}"
            case "between":
                return f"{_num(v[0])}–{_num(v[1])}{unit}"
            case "equals":
                return "是" if v is True else ("否" if v is False else str(v))
            case "one_of":
                return "、".join(map(str, v)) + "之一"
            case "not_in":
                return "不是" + "、".join(map(str, v))
            case "has_any":
                return "属于" + "、".join(v) + "之一"
            case "has_none":
                return "不属于" + "、".join(v)
            case "within_years":
                return f"在评估日前{v}年内"
            case "year_in":
                return "、".join(map(str, v)) + "年"
        return str(v)

    def _explain(self, label: str, shown: str, got: Any) -> str:
        if self.op == "has_any":
            return f"{label}含" + "、".join(sorted(set(got) & set(self.value)))
        if self.op == "equals" and isinstance(self.value, bool):
            return label if self.value else f"非{label}"
        if self.op == "within_years":
            return f"{label}{shown}，在{self.value}年内"
        return f"{label}为{shown}（{self._requirement(fact(self.fact))}）"


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]
    label: str = ""

    def evaluate(self, subject: Mapping[str, Any], on: date) -> Outcome:
        out = Outcome(True)
        for part in self.parts:
            got = part.evaluate(subject, on)
            out.ok = out.ok and got.ok
            out.reasons += got.reasons
            out.gaps += got.gaps
            out.unknown += got.unknown
            out.blocked += got.blocked
        if out.ok and self.label:
            out.reasons = [f"{self.label}（{'，'.join(out.reasons)}）"]
        return out


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]
    label: str = ""

    def evaluate(self, subject: Mapping[str, Any], on: date) -> Outcome:
        outcomes = [part.evaluate(subject, on) for part in self.parts]
        for got in outcomes:
            if got.ok:
                if self.label:
                    got.reasons = [f"{self.label}：{'，'.join(got.reasons)}"]
                return got
        reachable = [o for o in outcomes if o.reachable]
        if reachable:
            # The branch closest to being met: fewest unknown facts, then fewest gaps.
            return min(reachable, key=lambda o: (len(o.unknown), len(o.gaps)))
        blocked = [b for o in outcomes for b in o.blocked]
        return Outcome(False, blocked=[("不符合" + self.label) if self.label else "；".join(blocked[:3])])


Node = Leaf | AllOf | AnyOf


def parse_condition(data: Any) -> Node:
    """A condition tree from rule data (a list means ``all``)."""
    if isinstance(data, list):
        return AllOf(tuple(parse_condition(d) for d in data))
    if not isinstance(data, Mapping):
        raise ConditionError(f"condition must be a table or a list, got {data!r}")
    if "all" in data or "any" in data:
        kind = "all" if "all" in data else "any"
        parts = data[kind]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"{kind!r} needs a non-empty list")
        node_cls = AllOf if kind == "all" else AnyOf
        return node_cls(tuple(parse_condition(p) for p in parts), str(data.get("label", "")))
    name = data.get("fact")
    if not isinstance(name, str):
        raise ConditionError(f"leaf condition needs a 'fact': {dict(data)!r}")
    try:
        fact(name)
    except KeyError as exc:
        raise ConditionError(str(exc.args[0])) from None
    ops = [k for k in data if k != "fact"]
    if len(ops) != 1 or ops[0] not in LEAF_OPS:
        raise ConditionError(
            f"leaf on {name!r} needs exactly one operator of {', '.join(LEAF_OPS)}; got {ops}"
        )
    op = ops[0]
    value = data[op]
    if op == "between" and not (isinstance(value, list) and len(value) == 2):
        raise ConditionError(f"'between' on {name!r} needs [low, high]")
    if op in ("one_of", "not_in", "has_any", "has_none", "year_in") and not isinstance(value, list):
        raise ConditionError(f"{op!r} on {name!r} needs a list")
    return Leaf(name, op, tuple(value) if isinstance(value, list) else value)


def describe(node: Node, depth: int = 0) -> list[tuple[int, str]]:
    """The condition as indented Chinese lines, for organizers reading a rule."""
    if isinstance(node, Leaf):
        meta = fact(node.fact)
        return [(depth, f"{meta.label}{node._requirement(meta)}")]
    head = "同时满足" if isinstance(node, AllOf) else "满足其一"
    lines = [(depth, f"{head}{'（' + node.label + '）' if node.label else ''}：")]
    for part in node.parts:
        lines += describe(part, depth + 1)
    return lines
