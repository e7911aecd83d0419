"""Pairwise features between seekers and posts, computed in bulk from matrices built once (not per request).

``PostIndex`` holds every open post as sparse TF-IDF rows (words through the domain tokenizer; title
characters), a skills incidence matrix and numeric arrays; ``features(seeker)`` returns an (n_posts ×
len(FEATURES)) array in [0, 1]. ``SeekerIndex`` does the same the other way for 推荐人才.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.title_model import TitleModel

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


MUNICIPALITIES = ("11", "12", "31", "50")
TEXT_CHARS = 400  # the head of a description carries the duties; the rest costs tokenizing time
MAX_WORDS = 50_000
PARALLEL_FROM = 5_000  # texts; below this, one process is faster than starting a pool


SEP = "\x1f"  # joins a text's tokens: one string per text, not a list of many small strings


def joined_tokens(tokenizer, text: str) -> str:
    return SEP.join(t for t in tokenizer(text) if SEP not in t)


def split_tokens(joined: str) -> list[str]:
    """The vectorizers' analyzer: texts arrive tokenized and joined by ``SEP`` (module-level so fitted
    vectorizers pickle)."""
    return joined.split(SEP) if joined else []


def tokenize_many(tokenizer, texts: list[str]) -> list[str]:
    """Tokenize in every core when there are many texts (jieba is the costly step of a rebuild). Each text
    comes back as one ``SEP``-joined string: 100k texts as token lists were a gigabyte of small objects."""
    if len(texts) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [joined_tokens(tokenizer, t) for t in texts]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(os.cpu_count(), _worker_init, (tokenizer,)) as pool:
        return pool.map(_worker_tokenize, texts, chunksize=500)


_worker_tokenizer = None


def _worker_init(tokenizer) -> None:
    global _worker_tokenizer
    _worker_tokenizer = tokenizer  # one dictionary load per worker, not per chunk


def _worker_tokenize(text: str) -> str:
    return joined_tokens(_worker_tokenizer, text)


def _city(adcode: str) -> str:
    """The city an adcode belongs to (a municipality counts as one city)."""
    return adcode[:2] + "0000" if adcode.startswith(MUNICIPALITIES) else adcode[:4] + "00"


def _incidence(sets: list[set[str]], names: list[str]) -> sp.csr_matrix:
    col = {n: i for i, n in enumerate(names)}
    rows = [i for i, group in enumerate(sets) for g in group if g in col]
    cols = [col[g] for group in sets for g in group if g in col]
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(names)))


def column_dot(matrix_csc: sp.csc_matrix, query: sp.csr_matrix) -> np.ndarray:
    """``matrix @ query.T`` touching only the query's columns (a handful of terms against 100k rows)."""
    if query.nnz == 0:
        return np.zeros(matrix_csc.shape[0])
    return np.asarray(matrix_csc[:, query.indices] @ query.data).ravel()


def _fit_rows(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """Fit on ``texts`` and return their normalised rows; a sentinel document keeps the vocabulary non-empty
    when every text is blank (new profiles)."""
    matrix = vectorizer.fit_transform([*texts, "placeholder"])  # one pass: tokenizing is the costly part
    if not texts:  # an empty zone: no rows (scikit-learn's normalize refuses an empty matrix)
        return sp.csr_matrix((0, matrix.shape[1]))
    return normalize(matrix[:-1])


def _skill_matrix(lists: list[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    rows, cols = [], []
    for i, skills in enumerate(lists):
        for s in {s.lower() for s in skills}:
            if s in vocab:
                rows.append(i)
                cols.append(vocab[s])
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lists), len(vocab)))


class TextMatrices:
    """The text side shared by both indexes: word TF-IDF of the whole text (tokens from the domain tokenizer),
    row-normalised and kept by term (CSC) for fast one-query scoring, and the titles through the title model
    (``title_encoder``: a ``matching.title_model.TitleModel`` with its trained models frozen, as
    ``matching.training.title_encoder`` makes it, cloned and fitted on these titles; with no trained models
    when none is given). Title vectors are dense: each distinct title is kept once, with the row → distinct
    title index (posts repeat titles)."""

    def __init__(self, tokenizer, texts: list[str], titles: list[str], title_encoder=None) -> None:
        self.tokenizer = tokenizer
        self.words = TfidfVectorizer(
            analyzer=split_tokens, sublinear_tf=True, max_features=MAX_WORDS, dtype=np.float32
        )
        # kept by term only: the row-major copies are not needed after the build (bench.matching at 100k
        # posts and 100k seekers: peak 1.50 GB with them, 1.39 GB without)
        self.text_by_term = _fit_rows(self.words, tokenize_many(tokenizer, texts)).tocsc()
        self.titles = clone(title_encoder if title_encoder is not None else TitleModel()).fit(titles)
        distinct, self.title_rows = np.unique(np.array(titles or [""], dtype=object), return_inverse=True)
        self.title_rows = self.title_rows[: len(titles)]
        self.distinct_title_vectors = self.titles.transform(list(distinct))

    def text_scores(self, text: str) -> np.ndarray:
        query = normalize(self.words.transform([joined_tokens(self.tokenizer, text)]))
        return column_dot(self.text_by_term, query)

    def title_scores(self, title: str) -> np.ndarray:
        query = self.titles.transform([title])[0]
        return (self.distinct_title_vectors @ query)[self.title_rows]


class PostIndex(TextMatrices):
    """Every open post, ready to be scored against one seeker."""

    def __init__(self, posts: list[Post], tokenizer, today: date | None = None, title_encoder=None) -> None:
        self.posts = posts
        self.ids = np.array([p.id for p in posts])
        self.today = today or date.today()
        texts = [f"{p.title} {' '.join(p.skills)} {p.text[:TEXT_CHARS]}" for p in posts]
        TextMatrices.__init__(self, tokenizer, texts, [p.title for p in posts], title_encoder)
        self.vocab = {s: i for i, s in enumerate(sorted({s.lower() for p in posts for s in p.skills}))}
        self.skills = _skill_matrix([p.skills for p in posts], self.vocab)
        self.skills_by_term = self.skills.tocsc()
        self.skill_counts = np.asarray(self.skills.sum(axis=1)).ravel()
        self.adcodes = [p.adcode for p in posts]
        self.province = np.array([a[:2] for a in self.adcodes])
        self.city = np.array([_city(a) for a in self.adcodes])
        self.exact = np.array(self.adcodes)
        self.education = np.array([p.education for p in posts])
        self.experience = np.array([p.experience_min for p in posts])
        self.pay_max = np.array([p.pay_max if p.pay_max is not None else -1 for p in posts])
        self.traineeship = np.array([p.traineeship for p in posts])
        self.groups = [p.groups for p in posts]
        self.group_names = sorted({g for p in posts for g in p.groups})
        self.group_matrix = _incidence([p.groups for p in posts], self.group_names)
        self.has_groups = np.asarray(self.group_matrix.sum(axis=1)).ravel() > 0
        age = np.array([(self.today - (p.published or self.today)).days for p in posts])
        self.fresh = np.exp(-np.clip(age, 0, None) / 30.0)

    def features(self, s: Seeker) -> np.ndarray:
        n = len(self.posts)
        out = np.zeros((n, len(FEATURES)))
        if n == 0:
            return out
        out[:, 0] = self.text_scores(f"{' '.join(s.titles)} {' '.join(s.skills)} {s.text[:TEXT_CHARS]}")
        if s.titles:
            out[:, 1] = self.title_scores(" ".join(s.titles))
        matched = column_dot(self.skills_by_term, _skill_matrix([s.skills], self.vocab))
        out[:, 2] = np.where(self.skill_counts > 0, matched / np.maximum(self.skill_counts, 1), 0.0)
        out[:, 3] = self._region(s.adcodes)
        out[:, 4] = (self.education <= s.education) | (self.education == 0)
        years = max((self.today - s.graduated).days / 365.25, 0) if s.graduated else 0
        out[:, 5] = self.experience <= years
        out[:, 6] = np.where(self.pay_max < 0, 0.5, (self.pay_max >= (s.pay_min or 0)).astype(float))
        recent = s.graduated is not None and (self.today - s.graduated).days <= 731
        out[:, 7] = np.where(self.traineeship, float(recent), 1.0)
        mine = _incidence([s.groups], self.group_names)
        shared = np.asarray((self.group_matrix @ mine.T).todense()).ravel() > 0
        out[:, 8] = np.where(shared, 1.0, np.where(self.has_groups, 0.0, 0.5))
        out[:, 9] = self.fresh
        return out

    def _region(self, wanted: list[str]) -> np.ndarray:
        """Vectorised ``_region_fit`` over every post."""
        if not wanted:
            return np.full(len(self.posts), 0.5)
        fit = np.zeros(len(self.posts))
        for w in wanted:
            fit = np.maximum(fit, np.where(self.province == w[:2], 0.5, 0.0))
            same = (self.exact == w) | (self.city == _city(w))
            if w.endswith("0000"):  # a whole province (or municipality) wished for
                same |= self.province == w[:2]
            fit = np.where(same, 1.0, fit)
        return fit


class SeekerIndex(TextMatrices):
    """Every recommendable seeker, ready to be scored against one post (推荐人才): the same features as
    ``PostIndex``, seen from the other side."""

    def __init__(
        self, seekers: list[Seeker], tokenizer, today: date | None = None, title_encoder=None
    ) -> None:
        self.seekers = seekers
        self.ids = np.array([s.id for s in seekers])
        self.today = today or date.today()
        texts = [f"{' '.join(s.titles)} {' '.join(s.skills)} {s.text[:TEXT_CHARS]}" for s in seekers]
        titles = [" ".join(s.titles) for s in seekers]
        TextMatrices.__init__(self, tokenizer, texts, titles, title_encoder)
        self.vocab = {k: i for i, k in enumerate(sorted({k.lower() for s in seekers for k in s.skills}))}
        self.skills = _skill_matrix([s.skills for s in seekers], self.vocab)
        self.adcodes = [s.adcodes for s in seekers]
        first = [a[0] if a else "" for a in self.adcodes]
        self.want_exact = np.array(first)
        self.want_city = np.array([_city(a) if a else "" for a in first])
        self.want_province = np.array([a[:2] for a in first])
        self.no_preference = np.array([not a for a in self.adcodes])
        self.want_whole_province = np.array([a.endswith("0000") for a in first])
        self.several = [i for i, a in enumerate(self.adcodes) if len(a) > 1]  # the rare case, done one by one
        self.education = np.array([s.education for s in seekers])
        days = np.array([(self.today - s.graduated).days if s.graduated else -1 for s in seekers])
        self.years = np.where(days >= 0, days / 365.25, 0.0)
        self.recent = (days >= 0) & (days <= 731)
        self.pay_min = np.array([s.pay_min or 0 for s in seekers])
        self.groups = [s.groups for s in seekers]
        self.group_names = sorted({g for s in seekers for g in s.groups})
        self.group_matrix = _incidence(self.groups, self.group_names)

    def features(self, p: Post) -> np.ndarray:
        n = len(self.seekers)
        out = np.zeros((n, len(FEATURES)))
        if n == 0:
            return out
        out[:, 0] = self.text_scores(f"{p.title} {' '.join(p.skills)} {p.text[:TEXT_CHARS]}")
        out[:, 1] = self.title_scores(p.title)
        wanted = _skill_matrix([p.skills], self.vocab)
        if p.skills:
            out[:, 2] = np.asarray((self.skills @ wanted.T).todense()).ravel() / len(
                {s.lower() for s in p.skills}
            )
        same = (self.want_exact == p.adcode) | (self.want_city == _city(p.adcode))
        same |= self.want_whole_province & (self.want_province == p.adcode[:2])
        region = np.where(same, 1.0, np.where(self.want_province == p.adcode[:2], 0.5, 0.0))
        region[self.no_preference] = 0.5
        for i in self.several:
            region[i] = _region_fit(self.adcodes[i], p.adcode)
        out[:, 3] = region
        out[:, 4] = (self.education >= p.education) | (p.education == 0)
        out[:, 5] = self.years >= p.experience_min
        out[:, 6] = 0.5 if p.pay_max is None else (p.pay_max >= self.pay_min).astype(float)
        out[:, 7] = self.recent.astype(float) if p.traineeship else 1.0
        if p.groups:
            shared = column_dot(self.group_matrix.tocsc(), _incidence([p.groups], self.group_names)) > 0
            out[:, 8] = np.where(shared, 1.0, 0.0)
        else:
            out[:, 8] = 0.5
        age = (self.today - (p.published or self.today)).days
        out[:, 9] = np.exp(-max(age, 0) / 30.0)
        return out
