"""Which clause of a job post breaks which recruitment rule: a scikit-learn classifier of short phrases.

The rules in ``importers.compliance`` catch exact wording; this model catches the phrasings a word list
misses ("女士勿扰", "只要男的", "适合男生", "形象气质佳的女生") and leaves alone the ordinary words that only
contain a trigger character (女装, 婚庆, 维吾尔语翻译, 乙肝疫苗研发) and the negations and welcomes (男女不限,
欢迎残疾人士). It reads character 1–3-grams (TF-IDF, sublinear) with a multinomial logistic regression over
the categories and ``ok``, weighted by class.

Training data: ``matching/data/compliance_phrases.tsv`` (labelled phrases, every category with the clause it
breaks in ``CATEGORIES``; ``ok`` holds hard negatives), and, when given, ordinary sentences from real job ads
as further ``ok`` examples. A post is classified clause by clause (``fragments``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

PHRASES = Path(__file__).with_name("data") / "compliance_phrases.tsv"
OK = "ok"


@dataclass(frozen=True)
class Category:
    severity: str  # block: may not be published; warn: shown to the firm and the reviewer
    message: str
    clause: str


_LAW_27 = "《就业促进法》第二十七条"
_MARKET_24 = "《人力资源市场暂行条例》第二十四条"
_SERVICE_14 = "《就业服务与就业管理规定》第十四条"
_NOTICE_2026 = "2026年《关于规范网络平台招聘类信息发布的通知》"

CATEGORIES: dict[str, Category] = {
    "gender": Category("block", "含性别限制或性别优先", f"{_LAW_27}；《妇女权益保障法》第四十三条"),
    "ethnicity": Category("block", "含民族限制", "《就业促进法》第三条、第二十八条"),
    "religion": Category("block", "含宗教信仰限制", "《就业促进法》第三条"),
    "disability": Category(
        "block", "含对残疾人的限制", "《就业促进法》第二十九条；《残疾人保障法》第三十八条"
    ),
    "health": Category(
        "block",
        "含对乙肝等传染病病原携带者的限制",
        "《就业促进法》第三十条；《就业服务与就业管理规定》第十九条",
    ),
    "rural": Category("block", "含对农村劳动者的限制", "《就业促进法》第三十一条"),
    "marriage": Category("block", "含婚育状况限制或妊娠检查", f"《妇女权益保障法》第四十三条；{_LAW_27}"),
    "hukou": Category("block", "含户籍或地域限制", f"{_MARKET_24}；《就业促进法》第三条"),
    "fee": Category("block", "向求职者收取费用或押金", f"{_SERVICE_14}；《网络招聘服务管理规定》"),
    "id_card": Category("block", "扣押身份证或其他证件", f"{_SERVICE_14}；《劳动合同法》第九条"),
    "hype": Category("block", "含“高薪”“保录”等不实或诱导宣传", f"《网络招聘服务管理规定》；{_NOTICE_2026}"),
    "training_loan": Category("block", "以培训、贷款诱导求职者（招转培、培训贷）", _NOTICE_2026),
    "age": Category("warn", "含年龄限制，请确认与岗位要求相关", f"{_MARKET_24}（不得含歧视性内容）"),
    "looks": Category(
        "warn", "含身高、相貌等要求，请确认与岗位要求相关", f"{_MARKET_24}（不得含歧视性内容）"
    ),
    "school": Category(
        "warn",
        "含院校层次或“第一学历”限制，请确认必要",
        "教育部《关于做好普通高校毕业生就业创业工作的通知》（不得设置歧视性条款）",
    ),
}

_DIGITS = re.compile(r"\d+")


def number_blind(text: str) -> str:
    """Lower-cased, every run of digits one "0": an amount is evidence of a fee only next to 元, 交 or 押金,
    and "1000号产线" or "3号线" must not read as one because fee phrases are full of numbers."""
    return _DIGITS.sub("0", text.lower())


_SPLIT = re.compile(r"[。；;！!？?\n\r，,：:、（）()【】\[\]|/]+|\s{2,}")
_NUMBERED = re.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十])[、.．)）]\s*")


def fragments(text: str) -> list[str]:
    """A post's text as the clauses a rule can break: split at punctuation and line ends, list numbers off,
    fragments of fewer than two characters dropped."""
    parts = (_NUMBERED.sub("", p).strip() for p in _SPLIT.split(text or ""))
    return [p for p in parts if len(p) >= 2]


def load_phrases(path: Path = PHRASES) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    unknown = {r["category"] for r in rows} - set(CATEGORIES) - {OK}
    if unknown:
        raise ValueError(f"unknown categories in {path}: {sorted(unknown)}")
    return [r["text"] for r in rows], [r["category"] for r in rows]


def with_ok_clauses(texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    """Training examples as the detector will see text: an ordinary phrase's clauses are ordinary too
    ("身体健康，能适应出差" → also "身体健康"). A labelled violation is kept whole (its other clause may be
    harmless)."""
    extra = [c for t, y in zip(texts, labels, strict=True) if y == OK for c in fragments(t) if c != t]
    return list(texts) + extra, list(labels) + [OK] * len(extra)


class PhraseClassifier(BaseEstimator, ClassifierMixin):
    """Category of a short phrase (``ok`` or a key of ``CATEGORIES``), from character n-grams."""

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 3),
        C: float = 10.0,
        class_weight: str | None = "balanced",
    ) -> None:
        self.ngram_range = ngram_range
        self.C = C
        self.class_weight = class_weight

    def fit(self, texts, y) -> PhraseClassifier:
        self.pipeline_ = make_pipeline(
            TfidfVectorizer(
                analyzer="char",
                ngram_range=self.ngram_range,
                sublinear_tf=True,
                min_df=1,
                preprocessor=number_blind,
            ),
            LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000),
        )
        self.pipeline_.fit(list(texts), list(y))
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, texts) -> np.ndarray:
        return self.pipeline_.predict_proba(list(texts))

    def predict(self, texts) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(texts), axis=1)]


def bundled_model() -> PhraseClassifier:
    """The model fitted on the labelled phrases shipped with the code (no outside data needed)."""
    return PhraseClassifier().fit(*with_ok_clauses(*load_phrases()))
