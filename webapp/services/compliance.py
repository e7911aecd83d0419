"""Vacancy compliance while drafting and in review: the checker's findings, duplicates within the enterprise,
an occupation (职业分类大典 细类) suggestion, organizer overrides (audited) and auto-closing expired posts."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app
from rapidfuzz import fuzz, process
from sqlalchemy import select

from importers.compliance import Finding, blocking, check_post
from matching.occupations import occupation_name
from search.semantic import load_occupations
from webapp import beijing
from webapp.extensions import db
from webapp.models import JobPost, PostStatus
from webapp.services import audit, recommendations

DUPLICATE_AT = 92
# The classifier suggests only past its own decision boundary: 5-fold on the public cases, 58 % of titles
# pass and 78 % of those are right (35 % of the rest); slogans and noise (高薪急聘, 🙂, ！！！) score below it
# and fall through to the name match, which finds nothing for them.
SUGGEST_MIN_SCORE = 0.0


COMPLIANCE_MODEL = "compliance_v1.joblib"


def model_path(instance_path: str) -> Path:
    """Where ``flask compliance train`` keeps the deployment's detector model."""
    return Path(instance_path) / "models" / COMPLIANCE_MODEL


def use_deployment_model(app) -> bool:
    """Check posts with this deployment's detector model (``flask compliance train``: the labelled phrases
    and real job ads) when it has one; the one fitted on the bundled phrases otherwise. True when found."""
    import joblib

    from importers.compliance import use_model

    path = model_path(app.instance_path)
    if not path.exists():
        return False
    use_model(joblib.load(path))
    return True


@dataclass
class DraftCheck:
    blocks: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    duplicates: list[JobPost] = field(default_factory=list)
    occupation: tuple[str, str] | None = None  # (code, name)

    @property
    def messages(self) -> list[str]:
        return [f"{f.message}：“{f.excerpt}”（依据{f.clause}）" for f in self.blocks]


def check_draft(enterprise_id: int | None, title: str, description: str, requirements: str,
                post_id: int | None = None) -> DraftCheck:  # fmt: skip
    """Everything the drafting page shows beside the form."""
    findings = check_post(title, description, requirements)
    result = DraftCheck(
        blocks=blocking(findings),
        warnings=[f for f in findings if f.severity == "warn"],
        occupation=suggest_occupation(title),
    )
    if enterprise_id and title.strip():
        result.duplicates = similar_posts(enterprise_id, title, description, post_id)
    return result


def similar_posts(enterprise_id: int, title: str, description: str, post_id: int | None) -> list[JobPost]:
    """The enterprise's open posts whose title and text match this one closely (rapidfuzz token set)."""
    text = f"{title} {description[:300]}"
    posts = db.session.scalars(
        select(JobPost).where(
            JobPost.enterprise_id == enterprise_id,
            JobPost.status.in_([PostStatus.PUBLISHED, PostStatus.PENDING, PostStatus.DRAFT]),
        )
    )
    return [
        p
        for p in posts
        if p.id != post_id and fuzz.token_set_ratio(text, f"{p.title} {p.description[:300]}") >= DUPLICATE_AT
    ][:3]


@lru_cache(maxsize=1)
def _occupations(path: str) -> tuple[dict[str, tuple[str, str]], list[str]]:
    by_label: dict[str, tuple[str, str]] = {}
    for occ in load_occupations(Path(path)):
        name = occupation_name(occ.name)
        by_label.setdefault(name, (occ.code, name))
        for alias in re.split(r"[，,、；;\s]+", occ.aliases or ""):
            if len(alias) >= 2:
                by_label.setdefault(alias, (occ.code, name))
    return by_label, list(by_label)


@lru_cache(maxsize=1)
def _names(path: str) -> dict[str, str]:
    """code → name for every level of the 大典 (a classifier may answer with a 小类 or 中类 code)."""
    with Path(path).open(encoding="utf-8") as fh:
        return {row["code"]: occupation_name(row["name"]) for row in csv.DictReader(fh)}


def occupation_names() -> dict[str, str]:
    """大典 code → name at every level (empty without the table)."""
    path = current_app.config.get("OCCUPATIONS_CSV", "")
    return _names(path) if path and Path(path).exists() else {}


def suggest_occupation(title: str) -> tuple[str, str] | None:
    """(code, name) of the title's 大典 occupation: the trained title classifier's answer once ``flask match
    train`` has saved one (``flask match eval-occupations``: top1 0.60 on real posting titles), else the 细类
    whose name or alias best matches (rapidfuzz). None without the 大典 table or a match."""
    return suggest_occupations([title])[0]


def suggest_occupations(titles: list[str]) -> list[tuple[str, str] | None]:
    """``suggest_occupation`` for many titles, the classifier asked once for all of them."""
    path = current_app.config.get("OCCUPATIONS_CSV", "")
    cleaned = [re.sub(r"[（(][^）)]*[）)]|\s", "", t or "") for t in titles]
    found: list[tuple[str, str] | None] = [None] * len(titles)
    if not path or not Path(path).exists():
        return found
    names = _names(path)
    asked = [i for i, t in enumerate(cleaned) if t]
    classifier = recommendations.title_classifier()
    if classifier is not None and asked:
        distinct = sorted({cleaned[i] for i in asked})
        scores = classifier.decision_function(distinct)
        if scores.ndim == 2:
            answers = {}
            for title, column, score in zip(distinct, scores.argmax(axis=1), scores.max(axis=1), strict=True):
                code = str(classifier.classes_[column])
                if score > SUGGEST_MIN_SCORE and code in names:
                    answers[title] = (code, names[code])
            for i in asked:
                found[i] = answers.get(cleaned[i])
    for i in asked:
        if found[i] is None:
            found[i] = _closest_name(cleaned[i], path)
    return found


@lru_cache(maxsize=50_000)
def _closest_name(title: str, path: str) -> tuple[str, str] | None:
    """The 细类 whose name or alias best matches ``title`` (rapidfuzz), remembered: a zone's titles repeat,
    and the match costs milliseconds against the 大典's five thousand names."""
    by_label, labels = _occupations(path)
    hit = process.extractOne(title, labels, scorer=fuzz.WRatio, score_cutoff=70)
    return by_label[hit[0]] if hit else None


def overridden(post: JobPost) -> bool:
    """An organizer published this post over the checker's findings, with a reason on record."""
    from webapp.models import AuditLog

    return (
        db.session.scalar(
            select(AuditLog.id).where(
                AuditLog.action == "compliance_override",
                AuditLog.subject_type == "job_post",
                AuditLog.subject_id == post.id,
            )
        )
        is not None
    )


def record_override(reviewer, post: JobPost, findings: list[Finding], reason: str) -> None:
    """An organizer publishes a post the checker flagged: allowed with a reason, always audited."""
    codes = ",".join(f.code for f in findings)
    audit.record(reviewer, "compliance_override", "job_post", post.id, f"[{codes}] {reason.strip()}"[:2000])


def close_expired(today: date | None = None) -> int:
    """Close published posts past their valid-until date (no stale vacancies); returns how many.

    Done through the ORM so the search outbox sees the change and the index drops them.
    """
    today = today or beijing.today()
    posts = db.session.scalars(
        select(JobPost).where(JobPost.status == PostStatus.PUBLISHED, JobPost.valid_until < today)
    ).all()
    for post in posts:
        post.status, post.status_reason = PostStatus.CLOSED, "已过有效期，系统自动关闭"
    if posts:
        audit.record(None, "auto_close_posts", "job_post", None, f"{len(posts)} 个岗位已过有效期")
    db.session.commit()
    return len(posts)
