"""Region names ↔ adcodes for the places rules are written for (全国, 天津市 and its districts).

Cases from the web app carry adcodes; cases typed by hand (the CLI) may carry names such as "天津市南开区".
"""

from __future__ import annotations

from policy.errors import CaseError
from policy.rules import NATIONAL

TIANJIN = "120000"
TIANJIN_DISTRICTS = {
    "120101": "和平区",
    "120102": "河东区",
    "120103": "河西区",
    "120104": "南开区",
    "120105": "河北区",
    "120106": "红桥区",
    "120110": "东丽区",
    "120111": "西青区",
    "120112": "津南区",
    "120113": "北辰区",
    "120114": "武清区",
    "120115": "宝坻区",
    "120116": "滨海新区",
    "120117": "宁河区",
    "120118": "静海区",
    "120119": "蓟州区",
}
NAMES = {NATIONAL: "全国", TIANJIN: "天津市"} | {code: "天津市" + n for code, n in TIANJIN_DISTRICTS.items()}


def resolve_region(text: str) -> tuple[str, str]:
    """(adcode, full name) for an adcode or a name; unknown names raise ``CaseError``."""
    text = text.strip()
    if text.isdigit() and len(text) == 6:
        return text, NAMES.get(text, text)
    for code, name in NAMES.items():
        if text in (name, name.removeprefix("天津市")) and text:
            return code, name
    raise CaseError(f"unknown region {text!r}: give an adcode (e.g. 120104) or a name such as 天津市南开区")
