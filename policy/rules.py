"""Subsidy rules and region parameters, parsed from versioned TOML files (``policy/rules/*.toml``).

A file holds one source document: a ``[document]`` table whose keys (source, region, validity, version) every
``[[rule]]`` inherits, then the rules. ``parameters.toml`` holds figures rules refer to by name, such as the
local minimum wage, per region and date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from policy.amounts import AmountError, AmountSpec, parse_amount
from policy.conditions import ConditionError, Node, parse_condition

RULES_DIR = Path(__file__).with_name("rules")
SCOPES = {"hire": "每名录用人员", "person": "个人", "enterprise": "企业", "institution": "机构"}
BENEFICIARIES = {
    "enterprise": "企业",
    "person": "个人",
    "training_institution": "培训机构",
    "service_institution": "人力资源服务机构/职业院校",
    "incubator": "创业孵化基地",
    "organizer": "赛事主办单位",
}
NATIONAL = "000000"
INHERITED = ("source", "issued", "region", "region_name", "valid_from", "valid_until", "version", "url")


class RuleError(ValueError):
    """A rule file or rule that cannot be used; the message names the rule and the field."""


@dataclass(frozen=True)
class SubsidyRule:
    id: str
    title: str
    region: str
    region_name: str
    scope: str
    beneficiary: str
    valid_from: date
    valid_until: date | None
    source: str
    clause: str
    condition: Node
    amount: AmountSpec
    version: int = 1
    exclusive_group: str = ""
    rank: int = 0
    supersedes: tuple[str, ...] = ()
    note: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def beneficiary_label(self) -> str:
        return BENEFICIARIES[self.beneficiary]

    @property
    def citation(self) -> str:
        return f"{self.source} {self.clause}".strip()

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def covers(self, adcode: str) -> bool:
        return self.region == NATIONAL or adcode.startswith(region_prefix(self.region))


@dataclass(frozen=True)
class Parameter:
    name: str
    region: str
    value: float
    valid_from: date
    source: str = ""


def region_prefix(adcode: str) -> str:
    """120000 → "12", 320500 → "3205", 120104 → "120104"."""
    code = adcode
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def _date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{what}: not a date (YYYY-MM-DD): {value!r}") from None


def parse_rule(data: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> SubsidyRule:
    """One rule from its data (as in a rule file or the database copy), with document defaults applied."""
    merged = {**(defaults or {}), **data}
    rid = str(merged.get("id") or "")
    if not rid:
        raise RuleError("rule without an id")
    for key in (
        "title",
        "region",
        "scope",
        "beneficiary",
        "valid_from",
        "source",
        "clause",
        "when",
        "amount",
    ):
        if key not in merged or merged[key] in ("", None):
            raise RuleError(f"rule {rid}: missing {key!r}")
    if merged["scope"] not in SCOPES:
        raise RuleError(f"rule {rid}: scope must be one of {', '.join(SCOPES)}")
    if merged["beneficiary"] not in BENEFICIARIES:
        raise RuleError(f"rule {rid}: beneficiary must be one of {', '.join(BENEFICIARIES)}")
    try:
        condition = parse_condition(merged["when"])
        amount = parse_amount(merged["amount"])
    except (ConditionError, AmountError) as exc:
        raise RuleError(f"rule {rid}: {exc}") from None
    valid_from = _date(merged["valid_from"], f"rule {rid} valid_from")
    assert valid_from is not None
    return SubsidyRule(
        id=rid,
        title=str(merged["title"]),
        region=str(merged["region"]),
        region_name=str(merged.get("region_name", "")),
        scope=merged["scope"],
        beneficiary=merged["beneficiary"],
        valid_from=valid_from,
        valid_until=_date(merged.get("valid_until"), f"rule {rid} valid_until"),
        source=str(merged["source"]),
        clause=str(merged["clause"]),
        condition=condition,
        amount=amount,
        version=int(merged.get("version", 1)),
        exclusive_group=str(merged.get("exclusive_group", "")),
        rank=int(merged.get("rank", 0)),
        supersedes=tuple(merged.get("supersedes", ())),
        note=str(merged.get("note", "")),
        raw={k: v for k, v in merged.items()},
    )


def rule_data(rule: SubsidyRule) -> dict[str, Any]:
    """The rule's data, JSON-ready (dates as ISO strings), for storing and editing."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in rule.raw.items()}


def parse_rule_file(path: Path) -> list[SubsidyRule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path.name}: {exc}") from None
    doc = data.get("document", {})
    defaults = {k: doc[k] for k in INHERITED if k in doc}
    rules = [parse_rule(r, defaults) for r in data.get("rule", [])]
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuleError(f"{path.name}: duplicate rule ids {sorted(dupes)}")
    return rules


def parse_parameters(path: Path) -> list[Parameter]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for p in data.get("parameter", []):
        when = _date(p["valid_from"], f"parameter {p.get('name')}")
        assert when is not None
        out.append(Parameter(p["name"], str(p["region"]), float(p["value"]), when, p.get("source", "")))
    return out


def load_rule_files(directory: Path = RULES_DIR) -> tuple[list[SubsidyRule], list[Parameter]]:
    """Every rule and parameter in ``directory``; rule ids must be unique across files."""
    rules: list[SubsidyRule] = []
    params: list[Parameter] = []
    for path in sorted(directory.glob("*.toml")):
        if path.name == "parameters.toml":
            params += parse_parameters(path)
        else:
            rules += parse_rule_file(path)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id} appears in more than one file")
        seen.add(rule.id)
    return rules, params


def parameter_lookup(params: list[Parameter], adcode: str, on: date):
    """A function name → value: the most specific region's latest value in force on ``on``."""

    def lookup(name: str) -> float | None:
        fits = [
            p
            for p in params
            if p.name == name
            and p.valid_from <= on
            and (p.region == NATIONAL or adcode.startswith(region_prefix(p.region)))
        ]
        if not fits:
            return None
        best = max(fits, key=lambda p: (len(region_prefix(p.region)), p.valid_from))
        return best.value

    return lookup
