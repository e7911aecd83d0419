"""为你推荐 and 推荐人才: the matching library fed with the zone's posts and profiles.

The post matrices are built once per data version (number of open posts and their latest change) and kept
in the process; a request only vectorises the one seeker and multiplies. The ranker is the trained model under
``instance/models/match-ranker.joblib`` when ``flask match train`` made one, else the cold-start weights.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from importers.identifiers import mask_name, mask_phone
from matching import training
from matching.features import FEATURES, Post, PostIndex, Seeker, SeekerIndex
from matching.ranker import MatchRanker, top_k
from matching.tokenizer import DomainTokenizer
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Application,
    Education,
    EmploymentType,
    Enterprise,
    JobPost,
    MatchFeedback,
    PayUnit,
    PostStatus,
    SeekerProfile,
    TargetGroup,
    User,
    Verification,
)
from webapp.reference import place_name
from webapp.services import Forbidden, NotFound, ServiceError

TITLE_MODEL = "title-occupation-v4.joblib"  # v3: sparse float32 weights; v4: 大典 profile features
PROFILES_MODEL = "occupation-profiles-v1.joblib"
_lock = threading.Lock()
_cache: dict[str, object] = {}
EDU_RANK = {e: e.rank for e in Education}


def tokenizer() -> DomainTokenizer:
    if "tokenizer" not in _cache:
        shared = Path(current_app.config["SHARED_DATA_DIR"])
        _cache["tokenizer"] = DomainTokenizer([shared / "taxonomies" / "THUOCL_IT.txt"])
    return _cache["tokenizer"]  # type: ignore[return-value]


def _model(filename: str):
    """A model ``flask match train`` saved under instance/models (reloaded when rewritten), or None."""
    path = Path(current_app.instance_path) / "models" / filename
    if not path.exists():
        return None
    key = (str(path), path.stat().st_mtime)
    if _cache.get(f"{filename}_key") != key:
        _cache[filename], _cache[f"{filename}_key"] = joblib.load(path), key
    return _cache[filename]


def ranker() -> MatchRanker:
    return _model("match-ranker.joblib") or MatchRanker.cold_start()


def title_classifier():
    """The title → 大典 细类 classifier ``flask match train`` saved, or None."""
    return _model(TITLE_MODEL)


def title_models() -> tuple:
    """(title → 大典 classifier, occupation profiles) behind the title feature, as ``flask match train`` saved
    them; each None (and titles compared without it) until saved."""
    return title_classifier(), _model(PROFILES_MODEL)


def _open_posts():
    return (
        select(JobPost)
        .join(Enterprise)
        .where(
            JobPost.status == PostStatus.PUBLISHED,
            JobPost.valid_until >= beijing.today(),
            Enterprise.verification == Verification.VERIFIED,
        )
    )


def post_data(p: JobPost) -> Post:
    monthly = p.pay_unit == PayUnit.MONTH
    return Post(
        id=p.id,
        title=p.title,
        skills=list(p.skills or []),
        text=f"{p.description} {p.requirements}",
        adcode=p.adcode,
        education=EDU_RANK[p.education],
        experience_min=p.experience_min_years or 0,
        pay_max=(p.pay_max or p.pay_min) if monthly else None,
        traineeship=p.employment_type == EmploymentType.TRAINEESHIP,
        groups={TargetGroup(g).label for g in p.target_groups or [] if g in TargetGroup._value2member_map_},
        published=p.published_at.date() if p.published_at else None,
    )


def seeker_data(s: SeekerProfile) -> Seeker:
    experiences = " ".join(e.get("text", "") for e in s.experiences or [] if isinstance(e, dict))
    return Seeker(
        id=s.id,
        titles=list(s.desired_titles or []),
        skills=list(s.skills or []),
        text=f"{s.major} {experiences} {s.self_intro}",
        adcodes=list(s.desired_adcodes or []),
        education=EDU_RANK[s.education],
        graduated=s.graduation_date,
        pay_min=s.desired_pay_min,
        groups={TargetGroup(g).label for g in s.groups or [] if g in TargetGroup._value2member_map_},
    )


def post_index() -> PostIndex:
    """The open posts' matrices, rebuilt when a post is published, edited or closed."""
    version = db.session.execute(
        _open_posts().with_only_columns(func.count(JobPost.id), func.max(JobPost.updated_at))
    ).one()
    models = title_models()
    key = (str(db.engine.url), tuple(version), beijing.today(), *map(id, models))
    with _lock:
        if _cache.get("posts_key") != key:
            posts = db.session.scalars(_open_posts().order_by(JobPost.id)).all()
            data = [post_data(p) for p in posts]
            _cache["posts"] = PostIndex(
                data, tokenizer(), today=beijing.today(), title_encoder=training.title_encoder(*models)
            )
            _cache["posts_key"] = key
        return _cache["posts"]  # type: ignore[return-value]


@dataclass
class Recommendation:
    post: JobPost
    score: int
    matched_skills: list[str] = field(default_factory=list)
    missing_skills: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


# Features whose middle value means "no information", not a fit: a reason only at full value, so that
# 地点合适 means the city or district asked for (0.5 is the same province, or no preference),
# 属于岗位面向群体 a group shared (0.5: the post names none) and 薪资符合期望 a pay at or above the wish (0.5:
# negotiable).
FULL_VALUE_REASONS = {"region", "groups", "pay"}


def _earned(name: str, value: float, post: Post) -> bool:
    """Whether a feature's value is something the person would accept as a reason."""
    if name == "traineeship":  # 1.0 on every post that is not a 见习 post: a reason only on a 见习 post
        return post.traineeship and value >= 1.0
    return value >= 1.0 if name in FULL_VALUE_REASONS else value >= 0.5


def _explain(profile: Seeker, post: Post, row, model: MatchRanker) -> tuple[list[str], list[str]]:
    values = dict(zip(FEATURES, row, strict=True))
    reasons, gaps = [], []
    for name, label, contribution in model.explain(row):
        if contribution > 0.3 and _earned(name, values[name], post):
            reasons.append(label)
    if values["region"] == 0:
        gaps.append(f"工作地点在{place_name(post.adcode)}，不在期望城市")
    if values["education"] == 0:
        gaps.append("学历低于岗位要求")
    if values["experience"] == 0:
        gaps.append(f"岗位要求{post.experience_min}年以上经验")
    if values["pay"] == 0:
        gaps.append("薪资低于期望")
    if values["traineeship"] == 0:
        gaps.append("就业见习面向毕业两年内的青年")
    return reasons[:4], gaps


def for_seeker(user: User, k: int = 20, only: set[int] | None = None) -> list[Recommendation]:
    """The seeker's top posts with scores and reasons; posts applied to or dismissed are left out; with
    ``only``, among those posts (e.g. a fair's)."""
    profile = user.profile
    if profile is None:
        raise Forbidden("只有求职者可以查看岗位推荐")
    index = post_index()
    me = seeker_data(profile)
    model = ranker()
    features = index.features(me)
    scores = model.score_0_100(features)
    dismissed = select(MatchFeedback.post_id).where(
        MatchFeedback.seeker_id == profile.id, MatchFeedback.kind == "dismissed"
    )
    applied = select(Application.post_id).where(Application.seeker_id == profile.id)
    exclude = set(db.session.scalars(dismissed)) | set(db.session.scalars(applied))
    if only is not None:
        exclude |= {int(i) for i in index.ids} - only
    picks = top_k(scores, index.ids, k, frozenset(exclude))
    posts = {
        p.id: p
        for p in db.session.scalars(
            select(JobPost)
            .options(joinedload(JobPost.enterprise))
            .where(JobPost.id.in_([int(index.ids[i]) for i in picks]))
        )
    }
    mine = {s.lower() for s in me.skills}
    out = []
    for i in picks:
        data = index.posts[i]
        reasons, gaps = _explain(me, data, features[i], model)
        out.append(
            Recommendation(
                post=posts[data.id],
                score=round(float(scores[i])),
                matched_skills=[s for s in data.skills if s.lower() in mine],
                missing_skills=[s for s in data.skills if s.lower() not in mine][:5],
                reasons=reasons,
                gaps=gaps,
            )
        )
    return out


def dismiss(user: User, post_id: int) -> None:
    """不感兴趣: the post leaves the seeker's recommendations, and the ranker learns from it."""
    if user.profile is None:
        raise Forbidden("只有求职者可以操作")
    if db.session.get(JobPost, post_id) is None:
        raise NotFound("岗位不存在")
    exists = db.session.scalar(
        select(MatchFeedback.id).where(
            MatchFeedback.seeker_id == user.profile.id,
            MatchFeedback.post_id == post_id,
            MatchFeedback.kind == "dismissed",
        )
    )
    if not exists:
        db.session.add(MatchFeedback(seeker_id=user.profile.id, post_id=post_id, kind="dismissed"))
        db.session.commit()


def seeker_index():
    """Every seeker profile's matrices, rebuilt when a profile changes."""
    version = db.session.execute(
        select(func.count(SeekerProfile.id), func.max(SeekerProfile.updated_at))
    ).one()
    models = title_models()
    key = (str(db.engine.url), tuple(version), beijing.today(), *map(id, models))
    with _lock:
        if _cache.get("seekers_key") != key:
            profiles = db.session.scalars(select(SeekerProfile).order_by(SeekerProfile.id)).all()
            data = [seeker_data(p) for p in profiles]
            index = SeekerIndex(
                data, tokenizer(), today=beijing.today(), title_encoder=training.title_encoder(*models)
            )
            index.open = np.array([bool(p.open_to_recommendation) for p in profiles])
            _cache["seekers"], _cache["seekers_key"] = index, key
        return _cache["seekers"]


@dataclass
class Candidate:
    seeker: SeekerProfile
    score: int
    display_name: str
    phone: str
    matched_skills: list[str]
    missing_skills: list[str]
    reasons: list[str]
    applied: bool


def talent_for_post(user: User, post_id: int, k: int = 20) -> tuple[JobPost, list[Candidate]]:
    """推荐人才: seekers open to recommendation (or who applied), best first. Personal data stays masked
    unless the seeker applied to this post (the application carries their consent)."""
    post = db.session.get(JobPost, post_id)
    if post is None:
        raise NotFound("岗位不存在")
    if post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能查看本企业岗位的推荐人才")
    if post.status != PostStatus.PUBLISHED:
        raise ServiceError("岗位发布后才能推荐人才")
    applied = set(db.session.scalars(select(Application.seeker_id).where(Application.post_id == post.id)))
    index = seeker_index()
    data = post_data(post)
    model = ranker()
    features = index.features(data)
    scores = model.score_0_100(features)
    # only people who agreed to be recommended, or who applied to this post
    allowed = index.open | np.isin(index.ids, list(applied))
    scores = np.where(allowed, scores, -1.0)
    picks = [i for i in top_k(scores, index.ids, k) if scores[i] >= 0]
    profiles = {
        p.id: p
        for p in db.session.scalars(
            select(SeekerProfile).where(SeekerProfile.id.in_([int(index.ids[i]) for i in picks]))
        )
    }
    out = []
    for i in picks:
        p = profiles[int(index.ids[i])]
        mine = {s.lower() for s in p.skills or []}
        did_apply = p.id in applied
        reasons, _ = _explain(seeker_data(p), data, features[i], model)
        out.append(
            Candidate(
                seeker=p,
                score=round(float(scores[i])),
                display_name=p.name if did_apply else mask_name(p.name),
                phone=mask_phone(p.phone),
                matched_skills=[s for s in data.skills if s.lower() in mine],
                missing_skills=[s for s in data.skills if s.lower() not in mine][:5],
                reasons=reasons,
                applied=did_apply,
            )
        )
    return post, out


def training_data():
    """Feature rows and labels from feedback, computed exactly as when serving (the open posts' matrices): an
    application is 1, 不感兴趣 is 0. Feedback on posts no longer open is left out."""
    index = post_index()
    row_of = {int(post_id): i for i, post_id in enumerate(index.ids)}
    by_seeker: dict[int, list[tuple[int, int]]] = {}
    for a in db.session.scalars(select(Application)):
        by_seeker.setdefault(a.seeker_id, []).append((a.post_id, 1))
    for f in db.session.scalars(select(MatchFeedback).where(MatchFeedback.kind == "dismissed")):
        by_seeker.setdefault(f.seeker_id, []).append((f.post_id, 0))
    rows, labels = [], []
    for profile in db.session.scalars(select(SeekerProfile).where(SeekerProfile.id.in_(list(by_seeker)))):
        features = index.features(seeker_data(profile))  # one pass per seeker, not per pair
        for post_id, label in by_seeker[profile.id]:
            if post_id in row_of:
                rows.append(features[row_of[post_id]])
                labels.append(label)
    return np.array(rows), np.array(labels)


def train_ranker(path: Path, minimum: int = 20) -> str:
    """Fit the ranker when there are at least ``minimum`` rows of each kind (applications and 不感兴趣);
    otherwise keep the cold-start weights — a handful of dismissals would teach it nonsense."""
    X, y = training_data()
    if len(y) == 0 or min(int(y.sum()), int(len(y) - y.sum())) < minimum:
        positive = int(y.sum()) if len(y) else 0
        return f"ranker: {len(y)} feedback rows ({positive} positive); cold-start weights kept"
    model = MatchRanker().fit(X, y)
    joblib.dump(model, path)
    weights = ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, model.coef_, strict=True))
    return f"ranker: fitted on {len(y)} rows ({int(y.sum())} positive) → {path}; weights {weights}"


GOOD_MATCH = 75  # a score organizers count as a match worth an invitation (cold-start scale, see the notes)


@dataclass
class FairPostMatches:
    post: JobPost
    registered: int  # registered seekers scoring ≥ GOOD_MATCH
    pool: int  # other seekers open to recommendation scoring ≥ GOOD_MATCH
    best: int  # the best score among registered seekers (0 when none)


def fair_match_counts(fair_id: int, threshold: int = GOOD_MATCH) -> list[FairPostMatches]:
    """供需匹配 for organizers: for each open post at the fair, how many registered seekers match it well, and
    how many more (open to recommendation, not registered) could be invited. Counts only, no personal data."""
    from webapp.fairs.signups import open_posts_at
    from webapp.models import FairRegistration

    posts = open_posts_at(fair_id)
    if not posts:
        return []
    index = seeker_index()
    registered_ids = set(
        db.session.scalars(
            select(FairRegistration.seeker_id).where(
                FairRegistration.fair_id == fair_id, FairRegistration.cancelled_at.is_(None)
            )
        )
    )
    registered = np.isin(index.ids, list(registered_ids))
    pool = index.open & ~registered
    model = ranker()
    out = []
    for post in posts:
        scores = model.score_0_100(index.features(post_data(post))) if len(index.ids) else np.zeros(0)
        good = scores >= threshold
        out.append(
            FairPostMatches(
                post=post,
                registered=int((good & registered).sum()),
                pool=int((good & pool).sum()),
                best=round(float(scores[registered].max())) if registered.any() else 0,
            )
        )
    return sorted(out, key=lambda m: (-m.registered, -m.pool, m.post.id))


def fit_for_post(post: JobPost, profile_ids: list[int]) -> dict[int, tuple[int, list[str]]]:
    """搜人才's match column: résumé id → (score 0–100, reasons) against one of the firm's posts, computed
    as 推荐人才 computes them."""
    if not profile_ids:
        return {}
    index = seeker_index()
    data = post_data(post)
    model = ranker()
    features = index.features(data)
    scores = model.score_0_100(features)
    row_of = {int(seeker_id): i for i, seeker_id in enumerate(index.ids)}
    out = {}
    for profile_id in profile_ids:
        i = row_of.get(profile_id)
        if i is not None:
            reasons, _ = _explain(index.seekers[i], data, features[i], model)
            out[profile_id] = (round(float(scores[i])), reasons)
    return out
