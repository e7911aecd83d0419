"""Post compliance with 《就业促进法》 and 《网络招聘服务管理规定》: discrimination and fraud in vacancy text.

``check_post`` returns findings: ``block`` (gender, ethnicity, religion, marriage or childbearing, 户籍 or
region, health conditions such as 乙肝; fees or deposits, 培训贷, 高薪/保录 hype) or ``warn`` (age limits).
Patterns target the restriction, not the topic: "男女不限" and "身体健康" pass; "限男性", "仅招本地户籍",
"乙肝携带者勿扰" do not. Used while drafting (the reason is shown), on import (as warnings) and in review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # block | warn
    message: str
    excerpt: str


RULES: list[tuple[str, str, str, re.Pattern[str]]] = [
    (
        "gender",
        "block",
        "含性别限制（就业促进法第二十七条）",
        re.compile(
            r"(限|仅限|只招|只要|要求|招)(男|女)(性|生|士)?(?!女不限)|(男|女)(性|士|生)?(者)?优先|不招(男|女)"
        ),
    ),
    (
        "ethnicity",
        "block",
        "含民族限制（就业促进法第二十八条）",
        re.compile(r"(限|仅限|只招)(汉族|少数民族)|汉族优先|非少数民族"),
    ),
    (
        "religion",
        "block",
        "含宗教信仰限制",
        re.compile(r"(?<!有)(无|不信|不得信仰)宗教信仰|(限|仅限)[^，。；]{0,4}(教徒|信徒)"),
    ),
    (
        "marriage",
        "block",
        "含婚育状况限制（妇女权益保障法）",
        re.compile(
            r"(限|要求|须)?(未婚|已婚已育|已婚)(优先|者优先|者)?(?=[，。；、\s]|$)"
            r"|(\d+年内)?不(得|能)?(结婚|生育|怀孕)|无生育计划|已育优先"
        ),
    ),
    (
        "hukou",
        "block",
        "含户籍或地域限制",
        re.compile(
            r"(限|仅限|只招|要求)[^，。；]{0,6}(户籍|户口|本地人)|本地户(籍|口)(优先)?|(不招|谢绝)[^，。；]{0,6}(人|籍)"
        ),
    ),
    (
        "health",
        "block",
        "含健康状况歧视（乙肝等传染病病原携带者）",
        re.compile(r"乙肝|两对半|HBsAg|大三阳|小三阳|(艾滋|HIV)[^，。；]{0,6}(勿|不)"),
    ),
    (
        "fee",
        "block",
        "向求职者收取费用或押金（网络招聘服务管理规定第十八条）",
        re.compile(
            r"(?<![不无免])(收取|缴纳|交纳|需交|先交)[^，。；]{0,6}(押金|保证金|服装费|体检费|培训费|报名费|建档费|介绍费)|押金\d+"
        ),
    ),
    (
        "training_loan",
        "block",
        "以培训贷等方式诱导求职者借贷",
        re.compile(r"培训贷|分期付?培训|贷款培训|先培训后就业[^，。；]{0,6}(贷|分期)"),
    ),
    (
        "hype",
        "block",
        "含“高薪”“保录”等不实宣传",
        re.compile(r"保录|包录取|包就业|保就业|100%(就业|录取)|轻松月入|日赚\d+|躺赚|高薪无(门槛|经验)"),
    ),
    (
        "age",
        "warn",
        "含年龄限制，请确认与岗位要求相关",
        re.compile(
            r"(\d{2})\s*(周岁|岁)\s*(以下|以内|以上|之间)"
            r"|(年龄|年纪)[^，。；]{0,4}(\d{2})\s*[-~至到]\s*(\d{2})|(\d{2})\s*[-~至到]\s*(\d{2})\s*(周岁|岁)"
        ),
    ),
]


# A rule's regular expression only runs when one of its trigger words is present (plain substring tests are
# an order of magnitude cheaper than a regex scan of a long description).
TRIGGERS = {
    "gender": ("男", "女"),
    "ethnicity": ("族",),
    "religion": ("宗教", "教徒", "信徒"),
    "marriage": ("婚", "育", "孕"),
    "hukou": ("户", "本地人", "籍"),
    "health": ("乙肝", "两对半", "HBsAg", "三阳", "艾滋", "HIV"),
    "fee": ("押金", "保证金", "费"),
    "training_loan": ("贷", "分期"),
    "hype": ("保录", "包录", "包就业", "保就业", "100%", "月入", "日赚", "躺赚", "高薪"),
    "age": ("岁", "年龄", "年纪"),
}


def check_post(*texts: str) -> list[Finding]:
    """Findings in the post's title, description and requirements, at most one per rule."""
    text = "\n".join(t for t in texts if t)
    findings = []
    for code, severity, message, pattern in RULES:
        if not any(t in text for t in TRIGGERS[code]):
            continue
        m = pattern.search(text)
        if m:
            start, end = max(m.start() - 6, 0), min(m.end() + 6, len(text))
            findings.append(Finding(code, severity, message, text[start:end].replace("\n", " ")))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]
