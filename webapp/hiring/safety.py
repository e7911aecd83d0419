"""Safety prompts in a hiring conversation: a message that asks for money, a deposit, a training loan or
an identity card, or to move the talk to another app, is shown with a warning and a report button.

The categories follow the rules: 就业服务与就业管理规定 (no fees or deposits from job seekers, no keeping
their identity cards), the 2026 notice on online recruitment (no 招转培 / 培训贷), and the platform's own
rule that the conversation stays here, where it is kept as a record. Each pattern names an action with its
object ("交…押金", "加…微信"), so ordinary words ("押金" in a seeker's question about a dormitory, "微信支付
开发" in a job) are not flagged without the demand; a demand taken back ("不收取任何费用") is not one.
"""

from __future__ import annotations

import re

RISKS: dict[str, tuple[str, str]] = {
    "fee": ("索要费用", "招聘单位不得以任何名义向求职者收取费用（《就业服务与就业管理规定》第十四条）。"),
    "loan": ("培训贷 / 招转培", "“先培训后上岗”并要求贷款或分期付费的，多为招转培骗局。"),
    "id_card": ("扣押证件", "招聘单位不得扣押求职者的身份证等证件（《就业服务与就业管理规定》第十四条）。"),
    "offsite": ("转到站外联系", "平台外的聊天没有记录，出现纠纷难以举证；请尽量在站内沟通。"),
}

_PATTERNS: dict[str, list[re.Pattern]] = {
    "fee": [
        re.compile(p)
        for p in (
            r"(交|缴|付|收|转|打|汇)[^。，,；;\n]{0,8}(押金|保证金|服装费|培训费|报名费|体检费|介绍费|中介费|工装费|材料费|管理费|入职费|信息费)",
            r"(押金|保证金|服装费|培训费|报名费|介绍费|中介费|工装费|入职费)[^。，,；;\n]{0,6}(元|块|交|缴|付|转账|汇款)",
            r"(先|需要|需|要)(交|缴|付)[^。，,；;\n]{0,4}(钱|费|款)",
            r"(转账|汇款|扫码付款|付款码|收款码)",
        )
    ],
    "loan": [
        re.compile(p)
        for p in (
            r"培训贷",
            r"(贷款|分期|网贷|借贷)[^。，,；;\n]{0,10}(培训|学费|课程)",
            r"(培训|学费|课程)[^。，,；;\n]{0,10}(贷款|分期|网贷)",
            r"招转培",
            r"先培训后(上岗|入职)",
        )
    ],
    "id_card": [
        re.compile(p)
        for p in (
            r"(身份证|毕业证|学位证|证件)(原件)?[^。，,；;\n]{0,6}(押|扣|留|寄|交给|放在)",
            r"(押|扣|留|寄|交)[^。，,；;\n]{0,4}(身份证|毕业证|证件)(原件)?",
            r"(身份证|银行卡)(号|号码)?[^。，,；;\n]{0,4}(发给|发我|告诉我|拍照发)",
        )
    ],
    "offsite": [
        re.compile(p, re.IGNORECASE)
        for p in (
            r"加[^。，,；;\n]{0,4}(微信|vx|v信|wx|QQ|qq|钉钉|飞书|telegram|tg)",
            r"(微信|vx|v信|wx|QQ|qq)[号:：\s]*[A-Za-z0-9_-]{5,}",
            r"(下载|安装)[^。，,；;\n]{0,8}(APP|app|软件|客户端)",
            r"(私聊|站外联系|换个平台)",
        )
    ],
}
# What the sender writes that takes the demand back ("不收取任何费用", "无需押金") is not a demand.
_NEGATED = re.compile(
    r"(不|无|免|无需|不用|不会|不需要|绝不|拒绝|从不)(收取|收|交|缴|付|扣押|扣|押)?[^。，,；;\n]{0,4}(费|押金|保证金|证件|身份证)"
)


def risks_in(text: str) -> list[str]:
    """The safety categories a message falls under (in RISKS order); empty for an ordinary message."""
    found = []
    for name, patterns in _PATTERNS.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                window = text[max(0, match.start() - 6) : match.end()]
                if name in ("fee", "id_card") and _NEGATED.search(window):
                    continue
                found.append(name)
                break
            if name in found:
                break
    return found
