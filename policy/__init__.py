"""Subsidy rules as data and the engine that evaluates them (政策计算器, 政策找人). No Flask import.

A rule (``SubsidyRule``) is parsed from a versioned TOML file under ``policy/rules/`` or from the
database copy an organizer edited; ``evaluate(rules, case)`` answers which subsidies a case brings,
the amounts, why, and what is still missing for rules not yet met.
"""

from policy.case import Case, CaseError
from policy.engine import Answer, evaluate
from policy.rules import RuleError, SubsidyRule, load_rule_files, parse_rule

__all__ = [
    "Answer",
    "Case",
    "CaseError",
    "RuleError",
    "SubsidyRule",
    "evaluate",
    "load_rule_files",
    "parse_rule",
]
