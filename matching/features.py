"""Pairwise features between seekers and posts, computed in bulk from matrices built once (not per request).

``PostIndex`` holds every open post as sparse TF-IDF rows (words through the domain tokenizer; title
characters), a skills incidence matrix and numeric arrays; ``features(seeker)`` returns an (n_posts ×
len(FEATURES)) array in [0, 1]. ``SeekerIndex`` does the same the other way for 推荐人才.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

FEATURES = (
    "text",
    "title",
    "skills",
    "region",
    "education",
    "experience",
    "pay",
    "traineeship",
    "groups",
    "fresh",
)
LABELS = {
    "text": "简历与岗位描述相近",
    "title": "期望职位与岗位名称相近",
    "skills": "技能匹配",
    "region": "地点合适",
    "education": "学历符合",
    "experience": "经验符合",
    "pay": "薪资符合期望",
    "traineeship": "符合见习条件",
    "groups": "属于岗位面向群体",
    "fresh": "新发布",
}


@dataclass
class Seeker:
    id: int
    titles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    text: str = ""
    adcodes: list[str] = field(default_factory=list)
    education: int = 0  # rank: 0 不限 … 6 博士
    graduated: date | None = None
    pay_min: int | None = None
    groups: set[str] = field(default_factory=set)


@dataclass
class Post:
    id: int
    title: str
    skills: list[str] = field(default_factory=list)
    text: str = ""
    adcode: str = ""
    education: int = 0
    experience_min: int = 0
    pay_max: int | None = None  # monthly; None when negotiable or not monthly
    traineeship: bool = False
    groups: set[str] = field(default_factory=set)
    published: date | None = None


def _region_fit(wanted: list[str], adcode: str) -> float:
    """1 for the same district or city, 0.5 same province or no preference, 0 otherwise."""
    if not wanted:
        return 0.5
    best = 0.0
    for w in wanted:
        w_city = w[:2] + "0000" if w.startswith(("11", "12", "31", "50")) else w[:4] + "00"
        if (
            adcode == w
            or adcode.startswith(w.rstrip("0"))
            or adcode[:4] + "00" == w_city
            or (adcode.startswith(("11", "12", "31", "50")) and adcode[:2] == w[:2])
        ):
            return 1.0
        if adcode[:2] == w[:2]:
            best = max(best, 0.5)
    return best


def _skill_matrix(lists: list[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    rows, cols = [], []
    for i, skills in enumerate(lists):
        for s in {s.lower() for s in skills}:
            if s in vocab:
                rows.append(i)
                cols.append(vocab[s])
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lists), len(vocab)))


class PostIndex:
    """Every open post, ready to be scored against one seeker."""

    def __init__(self, posts: list[Post], tokenizer, today: date | None = None) -> None:
        self.posts = posts
        self.ids = np.array([p.id for p in posts])
        self.today = today or date.today()
        self.words = TfidfVectorizer(
            tokenizer=tokenizer, token_pattern=None, lowercase=False, sublinear_tf=True, max_features=200_000
        )
        self.text = normalize(
            self.words.fit_transform([f"{p.title} {' '.join(p.skills)} {p.text}" for p in posts])
        )
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True)
        self.title = normalize(self.chars.fit_transform([p.title for p in posts]))
        self.vocab = {s: i for i, s in enumerate(sorted({s.lower() for p in posts for s in p.skills}))}
        self.skills = _skill_matrix([p.skills for p in posts], self.vocab)
        self.skill_counts = np.asarray(self.skills.sum(axis=1)).ravel()
        self.adcodes = [p.adcode for p in posts]
        self.education = np.array([p.education for p in posts])
        self.experience = np.array([p.experience_min for p in posts])
        self.pay_max = np.array([p.pay_max if p.pay_max is not None else -1 for p in posts])
        self.traineeship = np.array([p.traineeship for p in posts])
        self.groups = [p.groups for p in posts]
        age = np.array([(self.today - (p.published or self.today)).days for p in posts])
        self.fresh = np.exp(-np.clip(age, 0, None) / 30.0)

    def features(self, s: Seeker) -> np.ndarray:
        n = len(self.posts)
        out = np.zeros((n, len(FEATURES)))
        if n == 0:
            return out
        profile = f"{' '.join(s.titles)} {' '.join(s.skills)} {s.text}"
        out[:, 0] = np.asarray((self.text @ normalize(self.words.transform([profile])).T).todense()).ravel()
        if s.titles:
            out[:, 1] = np.asarray(
                (self.title @ normalize(self.chars.transform([" ".join(s.titles)])).T).todense()
            ).ravel()
        mine = _skill_matrix([s.skills], self.vocab)
        matched = np.asarray((self.skills @ mine.T).todense()).ravel()
        out[:, 2] = np.where(self.skill_counts > 0, matched / np.maximum(self.skill_counts, 1), 0.0)
        out[:, 3] = [_region_fit(s.adcodes, a) for a in self.adcodes]
        out[:, 4] = (self.education <= s.education) | (self.education == 0)
        years = max((self.today - s.graduated).days / 365.25, 0) if s.graduated else 0
        out[:, 5] = self.experience <= years
        out[:, 6] = np.where(self.pay_max < 0, 0.5, (self.pay_max >= (s.pay_min or 0)).astype(float))
        recent = s.graduated is not None and (self.today - s.graduated).days <= 731
        out[:, 7] = np.where(self.traineeship, float(recent), 1.0)
        out[:, 8] = [1.0 if g & s.groups else (0.5 if not g else 0.0) for g in self.groups]
        out[:, 9] = self.fresh
        return out
