"""Post compliance with 《就业促进法》 and 《网络招聘服务管理规定》: discrimination and fraud in vacancy text.

``check_post`` returns findings, at most one per category (``matching.compliance_model.CATEGORIES``, each
with the clause it breaks): ``block`` (may not be published) or ``warn`` (shown to the firm and the reviewer).
Two parts decide: exact rules (below) where wording is fixed, and the phrase classifier
(``matching.compliance_model``) on every clause for the phrasings a word list misses. A clause that only
permits or welcomes ("男女不限", "欢迎残疾人士", "不收取任何费用") is not held against the post.

Every path applies the same verdict: the post form, the review queue, the API, the spreadsheet import (a
blocked row is an error) and pinning a post in a live room all call ``check_post``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # block | warn
    message: str
    excerpt: str
    clause: str = ""
    by: str = "rule"  # rule | model


RULES: list[tuple[str, str, str, re.Pattern[str]]] = [
    (
        "gender",
        "block",
        "含性别限制（就业促进法第二十七条）",
        re.compile(
            r"(限|仅限|只招|只要|要求|招)(男|女)(性|生|士|的|员工|工)(?!女不限)"
            r"|(限|仅限|只招|只要)(男|女)(?=[，。；、\s]|$)|(男|女)(性|士|生)(者)?优先|不招(男|女)"
            r"|(男|女)(士|生|性|的|同志|孩子?)?(勿扰|勿投|慎投|不要|免谈)"
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
            r"|(非|外)[^，。；]{0,6}(户籍|户口|籍|地人)[^，。；]{0,2}(勿扰|勿投|慎投|不要|免谈|不考虑)"
        ),
    ),
    (
        "health",
        "block",
        "含健康状况歧视（乙肝等传染病病原携带者）",
        re.compile(
            r"(乙肝|HBsAg|大三阳|小三阳|两对半|乙肝五项)[^，。；\n]{0,10}(勿|不予|不招|不要|不考虑|不录|谢绝|须正常|阴性)"
            r"|(查|检查|检测|提供|化验)[^，。；\n]{0,4}(乙肝|两对半|HBsAg)|(艾滋|HIV)[^，。；]{0,6}(勿|不)"
        ),
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


# Refusal next to a protected group, in either order within a clause (就业促进法 第二十八至三十一条, 妇女权益
# 保障法, 就业服务与就业管理规定 第十九、二十条): "残疾人勿扰", "不招农民工", "谢绝穆斯林", "河南人勿扰". The
# groups are named as the laws and everyday usage name them (the 56 民族 that ads mention, the religions,
# 残疾, 农村劳动者, 传染病病原携带者, 婚育, 地域), not taken from the labelled phrases. A preference in the
# group's favour ("残疾人优先", "欢迎宝妈") has no refusal word and is not a finding; "不限" is no refusal.
_REFUSE_BEFORE = r"(?:不招|谢绝|不接受|不考虑|拒绝|不录用|不录取|仅限|只招|只要|只限|(?<![不无期时])限)"
_REFUSE_AFTER = (
    r"(?:勿扰|勿投|慎投|免谈|不要(?!担心|紧|怕|犹豫|错过)|不招|不考虑|不予考虑|不予录用|不录用|谢绝|莫扰"
    r"|请绕行|绕道)"
)
_PROVINCES = (
    "北京|天津|河北|山西|内蒙古?|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
    "|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|东北|西北"
)
GROUP_NOUNS = {
    "ethnicity": r"少数民族|汉族|回族|藏族|维吾尔族|维族|蒙古族|壮族|彝族|苗族|朝鲜族|满族"
    r"|哈萨克族|土家族|侗族|瑶族",
    "religion": r"穆斯林|伊斯兰教?|基督徒|基督教徒?|天主教徒?|佛教徒|道教徒|信教|教徒|信徒|有宗教信仰",
    "disability": r"残疾|残障|肢残|聋哑|聋人|盲人|视障|听障|坐轮椅",
    "rural": r"农村|农民工|农业户口|进城务工|乡下人",
    "health": r"乙肝|大三阳|小三阳|病毒携带|艾滋|HIV",
    "marriage": r"孕妇|怀孕|孕期|宝妈|已婚|未婚|离异|单亲|二胎|三胎|有孩子|带孩子",
    "hukou": rf"外地人|外省人|外地户[口籍]|(?:{_PROVINCES})(?:人|籍|户口|户籍)",
}
GROUP_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        code,
        re.compile(
            rf"{_REFUSE_BEFORE}[^，。；、,;\n]{{0,4}}(?:{nouns})"
            rf"|(?:{nouns})[^，。；、,;\n]{{0,4}}{_REFUSE_AFTER}"
        ),
    )
    for code, nouns in GROUP_NOUNS.items()
]
_REFUSAL_WORDS = ("不招", "谢绝", "不接受", "不考虑", "拒绝", "不录", "限", "只招", "只要", "勿", "慎投",
                  "免谈", "不要", "莫扰", "绕")  # fmt: skip


# A rule's regular expression only runs when one of its trigger words is present (plain substring tests are
# an order of magnitude cheaper than a regex scan of a long description).
TRIGGERS = {
    "gender": ("男", "女"),
    "ethnicity": ("族",),
    "religion": ("宗教", "教徒", "信徒"),
    "marriage": ("婚", "育", "孕"),
    "hukou": ("户", "本地人", "籍", "地人"),
    "health": ("乙肝", "两对半", "HBsAg", "三阳", "艾滋", "HIV"),
    "fee": ("押金", "保证金", "费"),
    "training_loan": ("贷", "分期"),
    "hype": ("保录", "包录", "包就业", "保就业", "100%", "月入", "日赚", "躺赚", "高薪"),
    "age": ("岁", "年龄", "年纪"),
}


# A clause that permits or welcomes, and says nothing restrictive, is not a finding of the model.
_PERMITS = re.compile(r"不限|不问|欢迎|无要求|均可|免费|不收|无需|平等|同工同酬|尊重|不看")
_RESTRICTS = re.compile(r"勿|慎投|不招|不要|不予|不考虑|不接受|谢绝|仅限|只招|只要|只收|优先")
# Chosen on 5 folds of the training part (not the held-out quarter): 0.5 → 0.35 raised unlawful recall
# 0.870 ± 0.041 → 0.910 ± 0.029 and ordinary sentences blocked 0.72 % → 0.98 %; lower gained less than
# the spread. The targets (recall ≥ 0.95, blocked ≤ 2 %) weigh a missed violation above a false alarm.
MODEL_MIN_PROBABILITY = 0.35
# Below this the model is not sure enough to stop a post: an unlawful-category finding becomes a warning the
# firm sees and the reviewer must answer with a reason to publish (the rules' exact wording still blocks).
# On 5 folds of the training phrases and held-apart real ads (bench of thresholds in the issue note): at 0.35
# every flagged phrase blocked (recall 0.89) and 1.7 % of real ads could not be published; at 0.7, 0.79 block
# at once, the rest go to the reviewer, and 0.7 % of real ads are stopped.
MODEL_BLOCK_PROBABILITY = 0.7
# A clause this short ("入职培训", "100元") has too little context for the model alone to stop a post.
MODEL_BLOCK_MIN_CHARS = 6
# Clauses shorter than this carry no restriction the rules miss ("限男性" is a rule's): on real ads the model
# read 微信, 诚信, 包括 or 生育险 alone as violations.
MODEL_MIN_CHARS = 4
_model = None


def use_model(model) -> None:
    """Use this phrase classifier (``matching.compliance_model.PhraseClassifier``) from now on; None: the
    one fitted on the bundled phrases."""
    global _model
    _model = model


def phrase_model():
    global _model
    if _model is None:
        from matching.compliance_model import bundled_model

        _model = bundled_model()
    return _model


def _rule_findings(text: str) -> list[Finding]:
    from matching.compliance_model import CATEGORIES

    findings = []
    for code, severity, _message, pattern in RULES:
        if not any(t in text for t in TRIGGERS[code]):
            continue
        for m in pattern.finditer(text):
            if _only_permits(_clause_around(text, m.start(), m.end())):
                continue  # "不限户籍", "男女不限": the clause allows, it does not restrict
            start, end = max(m.start() - 6, 0), min(m.end() + 6, len(text))
            category = CATEGORIES[code]
            excerpt = text[start:end].replace("\n", " ")
            findings.append(Finding(code, severity, category.message, excerpt, category.clause, "rule"))
            break
    if any(w in text for w in _REFUSAL_WORDS):
        found = {f.code for f in findings}
        for code, pattern in GROUP_RULES:
            if code in found:
                continue
            for m in pattern.finditer(text):
                if _only_permits(_clause_around(text, m.start(), m.end())):
                    continue
                category = CATEGORIES[code]
                excerpt = text[max(m.start() - 6, 0) : min(m.end() + 6, len(text))].replace("\n", " ")
                findings.append(Finding(code, "block", category.message, excerpt, category.clause, "rule"))
                break
    return findings


_CLAUSE_END = "。；;！!？?\n，,"


def _clause_around(text: str, start: int, end: int) -> str:
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def _only_permits(clause: str) -> bool:
    return bool(_PERMITS.search(clause)) and not _RESTRICTS.search(clause)


# "王女士 13800001111", "联系人：李先生": how a contact person is named, not whom the post wants. A surname
# (the hundred commonest, which cover about 85 % of people) then a form of address, then at most a number.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_CONTACT = re.compile(rf"^(联系人)?[{_SURNAMES}](女士|先生|小姐|老师|经理|主任)[\s\d\-—/（）()]*$")


def _model_clauses(text: str) -> list[str]:
    from matching.compliance_model import fragments

    return [c for c in fragments(text) if _for_model(c)]


@lru_cache(maxsize=200_000)
def _for_model(clause: str) -> bool:
    """Whether the model reads this clause (clauses repeat across an import's rows: asked once each)."""
    return len(clause) >= MODEL_MIN_CHARS and not _only_permits(clause) and not _CONTACT.match(clause)


class _Primed:
    """The phrase model with its answers for a batch of texts worked out in a few large calls: an import
    checks thousands of rows, and one ``predict_proba`` per row cost more than all the rest of the import
    (2 ms a post against 0.3 ms batched). Each text's clauses and each clause's verdict are kept, so the
    per-row check is lookups; a clause it was not primed with is asked for as before."""

    CHUNK = 20_000

    def __init__(self, model, texts: Iterable[str]) -> None:
        self.model, self.classes_ = model, model.classes_
        self.clauses: dict[str, list[str]] = {t: _model_clauses(t) for t in dict.fromkeys(texts)}
        self.verdicts: dict[str, tuple[str, float]] = {}
        self._fill(sorted({c for clauses in self.clauses.values() for c in clauses}))

    def _fill(self, clauses: list[str]) -> None:
        for start in range(0, len(clauses), self.CHUNK):
            chunk = clauses[start : start + self.CHUNK]
            self.verdicts.update(zip(chunk, _verdicts(self.model, chunk), strict=True))

    def clauses_of(self, text: str) -> list[str]:
        found = self.clauses.get(text)
        return _model_clauses(text) if found is None else found

    def verdicts_of(self, clauses: list[str]) -> list[tuple[str, float]]:
        self._fill([c for c in dict.fromkeys(clauses) if c not in self.verdicts])
        return [self.verdicts[c] for c in clauses]


def _verdicts(model, clauses: list[str]) -> list[tuple[str, float]]:
    """(most likely category, its probability) per clause, from one ``predict_proba`` call."""
    if not clauses:
        return []
    probabilities = model.predict_proba(clauses)
    top = probabilities.argmax(axis=1)
    codes = np.asarray(model.classes_)[top]
    return list(zip(map(str, codes), probabilities[np.arange(len(top)), top].tolist(), strict=True))


_batch = threading.local()


@contextmanager
def primed(texts: Iterable[str]) -> Iterator[None]:
    """Within the block, ``check_post`` in this thread uses the model's answers for ``texts`` computed at
    once (the verdicts are the same as one by one)."""
    previous = getattr(_batch, "model", None)
    _batch.model = _Primed(phrase_model(), texts)
    try:
        yield
    finally:
        _batch.model = previous


def _model_findings(text: str, model: _Primed) -> list[Finding]:
    from matching.compliance_model import CATEGORIES, OK

    clauses = model.clauses_of(text)
    if not clauses:
        return []
    verdicts = model.verdicts_of(clauses)
    best: dict[str, tuple[float, str]] = {}  # category → (probability, clause)
    for clause, (code, probability) in zip(clauses, verdicts, strict=True):
        if code != OK and probability >= MODEL_MIN_PROBABILITY and probability > best.get(code, (0.0, ""))[0]:
            best[code] = (probability, clause)
    findings = []
    for code, (probability, clause) in best.items():
        category = CATEGORIES[code]
        sure = probability >= MODEL_BLOCK_PROBABILITY and len(clause) >= MODEL_BLOCK_MIN_CHARS
        severity = category.severity if sure else "warn"
        message = category.message if severity == category.severity else f"疑似{category.message}，请核实"
        findings.append(Finding(code, severity, message, clause, category.clause, "model"))
    return findings


def check_post(*texts: str, model=None) -> list[Finding]:
    """Findings in the post's title, description and requirements, at most one per category (a rule's
    before the model's)."""
    text = "\n".join(t for t in texts if t)
    found = {f.code: f for f in _rule_findings(text)}
    batch = getattr(_batch, "model", None)
    # outside a batch, one text alone through the same interface: primed with nothing, asked in one call
    primed = batch if model is None and batch is not None else _Primed(model or phrase_model(), ())
    for finding in _model_findings(text, primed):
        found.setdefault(finding.code, finding)
    return list(found.values())


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]


def unlawful(findings: list[Finding]) -> list[Finding]:
    """Findings of an unlawful category, blocking or not (the model's less certain ones warn): a reviewer
    publishes such a post only with a reason."""
    from matching.compliance_model import CATEGORIES

    return [f for f in findings if CATEGORIES[f.code].severity == "block"]
