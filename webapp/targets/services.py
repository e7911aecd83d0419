"""The figures the bureau monitors, month by month, against its targets.

Every figure is an aggregate over the same selection its records page lists (``Selection``), so a number
on the dashboard and the rows behind it cannot disagree. Months are 北京时间 months: a date column (a hire's
start date) is bucketed by its calendar month, a UTC timestamp (a fair's start, a post's publication, a
claim's payment) by Beijing month boundaries converted to UTC; the buckets are one portable ``CASE`` that
both SQLite and PostgreSQL answer in one grouped query per figure.

Who counts: 专精特新企业 are 专精特新中小企业 and 专精特新“小巨人”企业 (the 江苏 notice's definition);
an insured hire is a hire record with at least one month of social insurance, in such a firm of the region;
高技能人才 are 高级工 and above; senior titles are 副高级 and 正高级; a 高校毕业生 is a hire who had left
school at most two years before the start date (recorded on the hire when it is saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from importers.identifiers import mask_name
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    ClaimStatus,
    Enterprise,
    Fair,
    FairStatus,
    HireRecord,
    JobPost,
    MonitoringTarget,
    SubsidyClaim,
    TargetMetric,
    Tier,
    User,
)
from webapp.models.enums import HIGH_SKILL_LEVELS, SENIOR_TITLE_LEVELS
from webapp.models.mixins import utcnow
from webapp.reference import prefix, region_name
from webapp.services import ServiceError, audit

ZJTX = (Tier.SPECIALIZED, Tier.LITTLE_GIANT)
SHARES = {
    TargetMetric.GRADUATE_SHARE: "graduate",
    TargetMetric.HIGH_SKILL_SHARE: "high_skill",
    TargetMetric.SENIOR_TITLE_SHARE: "senior_title",
}
JIANGSU_SOURCE = "苏人社发〔2023〕63号《关于实施江苏省专精特新企业就业创业扬帆计划的通知》"
# The first set of targets, as the notice words them: 100,000 insured hires "到2025年" (counted from the
# notice's first full year), the three shares of those hires, and ≥ 100 fairs and ≥ 10,000 posts a year.
JIANGSU_2025 = {
    TargetMetric.INSURED_HIRES: (100_000, date(2024, 1, 1)),
    TargetMetric.GRADUATE_SHARE: (15, date(2024, 1, 1)),
    TargetMetric.HIGH_SKILL_SHARE: (10, date(2024, 1, 1)),
    TargetMetric.SENIOR_TITLE_SHARE: (5, date(2024, 1, 1)),
    TargetMetric.FAIRS: (100, date(2025, 1, 1)),
    TargetMetric.POSTS: (10_000, date(2025, 1, 1)),
}
RECORD_KINDS = {"hires": "录用（参保）", "fairs": "招聘会", "posts": "岗位", "claims": "已兑现补贴"}
PAGE = 50


# --- selections: what each figure counts, shared by the aggregate and its records page ---------------------


def month_after(year: int, month: int) -> date:
    """The first day of the month after ``month`` of ``year``."""
    return date(year + (month == 12), month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: date  # first day counted
    end: date  # first day not counted
    year: int

    def elapsed(self, until: date) -> float:
        """The share of the period before ``until`` (0 before it starts, 1 once it is over)."""
        total = (self.end - self.start).days
        return min(max((until - self.start).days, 0), total) / total if total else 1.0

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} 至 {(self.end - timedelta(days=1)).isoformat()}"

    def utc(self) -> tuple[datetime, datetime]:
        return _utc_midnight(self.start), _utc_midnight(self.end)


def _utc_midnight(day: date) -> datetime:
    """The UTC instant of 00:00 北京时间 on ``day`` (stored timestamps are naive UTC)."""
    return datetime(day.year, day.month, day.day) - timedelta(hours=8)


def _month_bucket(column, year: int, timestamps: bool):
    """0 before the year, 1–12 its 北京 months, 13 after."""
    edge = _utc_midnight if timestamps else (lambda d: d)
    whens = [(column < edge(date(year, 1, 1)), 0)]
    whens += [(column < edge(month_after(year, m)), m) for m in range(1, 13)]
    return case(*whens, else_=13)


def _hires(region_prefix: str, period: Period) -> tuple[Any, list]:
    conditions = [
        Enterprise.tier.in_(ZJTX),
        Enterprise.adcode.startswith(region_prefix),
        HireRecord.insured_months > 0,
        HireRecord.start_date >= period.start,
        HireRecord.start_date < period.end,
    ]
    return HireRecord.start_date, conditions


def _hire_flag(name: str):
    return {
        "graduate": HireRecord.graduate.is_(True),
        "high_skill": HireRecord.skill_level.in_(HIGH_SKILL_LEVELS),
        "senior_title": HireRecord.title_level.in_(SENIOR_TITLE_LEVELS),
    }[name]


def _fairs(region_prefix: str, period: Period, now: datetime) -> tuple[Any, list]:
    start, end = period.utc()
    return Fair.starts_at, [
        Fair.adcode.startswith(region_prefix),
        Fair.status == FairStatus.PUBLISHED,
        Fair.starts_at >= start,
        Fair.starts_at < min(end, now),  # held: it has begun
    ]


def _posts(region_prefix: str, period: Period) -> tuple[Any, list]:
    start, end = period.utc()
    return JobPost.published_at, [
        Enterprise.tier.in_(ZJTX),
        Enterprise.adcode.startswith(region_prefix),
        JobPost.published_at >= start,
        JobPost.published_at < end,
    ]


def _claims(region_prefix: str, period: Period) -> tuple[Any, list]:
    start, end = period.utc()
    return SubsidyClaim.paid_at, [
        SubsidyClaim.status == ClaimStatus.PAID,
        Enterprise.adcode.startswith(region_prefix),
        SubsidyClaim.paid_at >= start,
        SubsidyClaim.paid_at < end,
    ]


def _claim_firm():
    """A claim's firm: its own, or the firm of the hire it is for (a graduate's allowance)."""
    return or_(
        Enterprise.id == SubsidyClaim.enterprise_id,
        and_(SubsidyClaim.enterprise_id.is_(None), Enterprise.id == HireRecord.enterprise_id),
    )


# --- the dashboard ----------------------------------------------------------------------------------------


@dataclass
class Figure:
    metric: TargetMetric | None
    label: str
    kind: str  # records page: hires | fairs | posts | claims
    unit: str  # 人 | 场 | 个 | % | 元
    period: Period
    target: float | None
    actual: float | None  # a count, or a share in percent (None: no hires to take a share of)
    months: list[float | None]  # the year's twelve months (a share: that month's share)
    before: float = 0  # counted before the year began (a target spanning years)
    only: str = ""  # a share's flag (graduate | high_skill | senior_title)
    numerator: int = 0  # a share's hires with the flag
    denominator: int = 0
    extra: str = ""  # a second figure said in words (the amount of claims paid)

    @property
    def is_share(self) -> bool:
        return self.unit == "%"

    @property
    def gap(self) -> float | None:
        if self.target is None or self.actual is None:
            return None
        return max(self.target - self.actual, 0)

    @property
    def progress(self) -> float | None:
        if not self.target or self.actual is None:
            return None
        return self.actual / self.target

    def expected(self, today: date) -> float | None:
        """Where a count should be today on a straight line to its target (a share: the target itself)."""
        if self.target is None:
            return None
        if self.is_share:
            return self.target
        return self.target * self.period.elapsed(today + timedelta(days=1))  # today counts

    def on_track(self, today: date) -> bool | None:
        expected = self.expected(today)
        if expected is None or self.actual is None:
            return None
        return self.actual >= expected

    def projected(self, today: date) -> float | None:
        """A count at the period's end if it goes on at its pace so far."""
        if self.is_share or self.actual is None:
            return None
        elapsed = self.period.elapsed(today + timedelta(days=1))
        return self.actual / elapsed if elapsed else None


@dataclass
class Dashboard:
    region: str
    year: int
    figures: list[Figure] = field(default_factory=list)
    as_of: datetime | None = None  # 北京时间
    targets: dict[TargetMetric, MonitoringTarget] = field(
        default_factory=dict
    )  # what the figures are held to

    @property
    def region_label(self) -> str:
        return region_name(self.region)

    def chart_data(self) -> dict[str, Any]:
        """What static/js/targets.js draws: monthly counts with the cumulative line against the target's
        straight line, and monthly shares against their targets."""
        out: dict[str, Any] = {"months": [f"{m}月" for m in range(1, 13)], "counts": [], "shares": []}
        for f in self.figures:
            entry = {"label": f.label, "unit": f.unit, "target": f.target, "months": f.months}
            if f.is_share:
                out["shares"].append(entry)
                continue
            running, cumulative = f.before, []
            for value in f.months:
                running += value or 0
                cumulative.append(running)
            entry["cumulative"] = cumulative
            entry["pace"] = _pace(f) if f.target else None
            out["counts"].append(entry)
        return out


def _pace(f: Figure) -> list[float]:
    """The target's straight line at the end of each month of the year."""
    return [round(f.target * f.period.elapsed(month_after(f.period.year, m)), 1) for m in range(1, 13)]


def targets_for(region: str, year: int) -> dict[TargetMetric, MonitoringTarget]:
    rows = db.session.scalars(
        select(MonitoringTarget).where(MonitoringTarget.region == region, MonitoringTarget.year == year)
    )
    return {t.metric: t for t in rows}


def _period(target: MonitoringTarget | None, year: int) -> Period:
    return Period(target.counted_from if target else date(year, 1, 1), date(year + 1, 1, 1), year)


def dashboard(region: str, year: int, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    region_prefix = prefix(region)
    targets = targets_for(region, year)
    board = Dashboard(region, year, as_of=beijing.to_local(now), targets=targets)

    def value(metric: TargetMetric) -> float | None:
        return targets[metric].value if metric in targets else None

    hires_period = _period(targets.get(TargetMetric.INSURED_HIRES), year)
    months, before = _hire_months(region_prefix, hires_period)
    total = sum(m["all"] for m in months) + before["all"]
    board.figures.append(
        Figure(TargetMetric.INSURED_HIRES, TargetMetric.INSURED_HIRES.label, "hires", "人", hires_period,
               value(TargetMetric.INSURED_HIRES), total, [m["all"] for m in months], before=before["all"])
    )  # fmt: skip
    for metric, flag in SHARES.items():
        flagged = sum(m[flag] for m in months) + before[flag]
        board.figures.append(
            Figure(metric, metric.label, "hires", "%", hires_period, value(metric),
                   _share(flagged, total), [_share(m[flag], m["all"]) for m in months],
                   only=flag, numerator=flagged, denominator=total)
        )  # fmt: skip
    for metric, kind, unit, selection in (
        (TargetMetric.FAIRS, "fairs", "场", lambda p: _fairs(region_prefix, p, now)),
        (TargetMetric.POSTS, "posts", "个", lambda p: _posts(region_prefix, p)),
    ):
        period = _period(targets.get(metric), year)
        counts = _counted_months(kind, *selection(period), year)
        board.figures.append(
            Figure(metric, metric.label, kind, unit, period, value(metric), sum(counts),
                   counts[1:13], before=counts[0])
        )  # fmt: skip
    claims_period = Period(date(year, 1, 1), date(year + 1, 1, 1), year)
    counts, amount = _claim_months(region_prefix, claims_period, year)
    board.figures.append(
        Figure(None, "政策补贴兑现", "claims", "笔", claims_period, None, sum(counts), counts[1:13],
               extra=f"合计 {amount:,.0f} 元")
    )  # fmt: skip
    return board


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hire_months(region_prefix: str, period: Period) -> tuple[list[dict[str, int]], dict[str, int]]:
    column, conditions = _hires(region_prefix, period)
    bucket = _month_bucket(column, period.year, timestamps=False)
    flags = {name: func.sum(case((_hire_flag(name), 1), else_=0)) for name in SHARES.values()}
    stmt = (
        select(bucket, func.count(), *flags.values())
        .select_from(HireRecord)
        .join(Enterprise, Enterprise.id == HireRecord.enterprise_id)
        .where(*conditions)
        .group_by(bucket)
    )
    empty = {"all": 0, **dict.fromkeys(flags, 0)}
    by_bucket = {b: {"all": n, **dict(zip(flags, map(int, rest), strict=True))} for b, n, *rest in
                 db.session.execute(stmt)}  # fmt: skip
    return [by_bucket.get(m, empty) for m in range(1, 13)], by_bucket.get(0, empty)


def _counted_months(kind: str, column, conditions: list, year: int) -> list[int]:
    """Counts for buckets 0 (before the year) … 12."""
    bucket = _month_bucket(column, year, timestamps=True)
    stmt = select(bucket, func.count()).where(*conditions).group_by(bucket)
    if kind == "posts":
        stmt = stmt.select_from(JobPost).join(Enterprise, Enterprise.id == JobPost.enterprise_id)
    counts = dict(db.session.execute(stmt).all())
    return [counts.get(m, 0) for m in range(0, 13)]


def _claim_months(region_prefix: str, period: Period, year: int) -> tuple[list[int], float]:
    column, conditions = _claims(region_prefix, period)
    bucket = _month_bucket(column, year, timestamps=True)
    stmt = (
        select(bucket, func.count(), func.coalesce(func.sum(SubsidyClaim.amount), 0))
        .select_from(SubsidyClaim)
        .outerjoin(HireRecord, HireRecord.id == SubsidyClaim.hire_id)
        .join(Enterprise, _claim_firm())
        .where(*conditions)
        .group_by(bucket)
    )
    rows = {b: (n, float(a)) for b, n, a in db.session.execute(stmt)}
    return [rows.get(m, (0, 0.0))[0] for m in range(0, 13)], sum(a for _, a in rows.values())


# --- the records behind a figure --------------------------------------------------------------------------


@dataclass
class Records:
    kind: str
    rows: Sequence[Any]
    total: int
    period: Period
    month: int | None
    only: str


def records(
    kind: str, region: str, year: int, month: int | None = None, only: str = "", page: int = 1,
    per_page: int | None = PAGE, now: datetime | None = None,
) -> Records:  # fmt: skip
    """The rows one figure counts (one month of it when ``month`` is given), newest first."""
    if kind not in RECORD_KINDS or (only and only not in SHARES.values()) or (month and not 1 <= month <= 12):
        raise NotFound("没有这类记录")
    now = now or utcnow()
    region_prefix = prefix(region)
    targets = targets_for(region, year)
    metric = {"hires": TargetMetric.INSURED_HIRES, "fairs": TargetMetric.FAIRS, "posts": TargetMetric.POSTS}
    period = (
        _period(targets.get(metric[kind]), year)
        if kind in metric
        else Period(date(year, 1, 1), date(year + 1, 1, 1), year)
    )
    if month:
        first = date(year, month, 1)
        period = Period(first, month_after(year, month), year)
    if kind == "hires":
        column, conditions = _hires(region_prefix, period)
        if only:
            conditions.append(_hire_flag(only))
        stmt = (
            select(HireRecord)
            .join(Enterprise, Enterprise.id == HireRecord.enterprise_id)
            .options(joinedload(HireRecord.enterprise), joinedload(HireRecord.seeker),
                     joinedload(HireRecord.application))
        )  # fmt: skip
    elif kind == "fairs":
        column, conditions = _fairs(region_prefix, period, now)
        stmt = select(Fair)
    elif kind == "posts":
        column, conditions = _posts(region_prefix, period)
        stmt = (
            select(JobPost)
            .join(Enterprise, Enterprise.id == JobPost.enterprise_id)
            .options(joinedload(JobPost.enterprise))
        )
    else:
        column, conditions = _claims(region_prefix, period)
        stmt = (
            select(SubsidyClaim)
            .outerjoin(HireRecord, HireRecord.id == SubsidyClaim.hire_id)
            .join(Enterprise, _claim_firm())
            .options(joinedload(SubsidyClaim.enterprise))
        )
    stmt = stmt.where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    stmt = stmt.order_by(column.desc())
    if per_page:
        stmt = stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)
    rows = db.session.scalars(stmt).unique().all()
    return Records(kind, rows, total, period, month, only)


# --- editing targets --------------------------------------------------------------------------------------


def set_targets(
    actor: User, region: str, year: int, entries: dict[TargetMetric, tuple[float | None, date | None]]
) -> int:
    """A year's targets from the editor, all or none: one refused figure leaves every target as it was.
    Returns how many changed."""
    try:
        changed = sum(
            set_target(actor, region, year, metric, value, since, commit=False)
            for metric, (value, since) in entries.items()
        )
    except ServiceError:
        db.session.rollback()
        raise
    db.session.commit()
    return changed


def set_target(
    actor: User, region: str, year: int, metric: TargetMetric, value: float | None, counted_from: date | None,
    source: str = "", commit: bool = True,
) -> bool:  # fmt: skip
    """Create, change or (``value`` None) remove one target, audited with the old and new figure; False when
    nothing changed."""
    prefix(region)
    if not 2000 <= year <= 2100:
        raise ServiceError("年份不正确")
    existing = targets_for(region, year).get(metric)
    before = f"{existing.value:g}（自{existing.counted_from.isoformat()}）" if existing else "无"
    where = f"{region_name(region)} {year} {metric.label}"
    if value is None:
        if existing is None:
            return False
        db.session.delete(existing)
        audit.record(actor, "target_remove", "target", existing.id, f"{where}：{before} → 无")
    else:
        if value < 0 or (metric in SHARES and value > 100):
            raise ServiceError(f"{metric.label}的目标值不正确")
        counted_from = counted_from or (existing.counted_from if existing else date(year, 1, 1))
        if counted_from > date(year, 12, 31):
            raise ServiceError(f"{metric.label}的统计起始日期不能晚于目标年份")
        if existing and (existing.value, existing.counted_from) == (value, counted_from) and not source:
            return False
        target = existing or MonitoringTarget(region=region, year=year, metric=metric)
        target.value, target.counted_from, target.updated_by_id = value, counted_from, actor.id
        target.source = (source or (existing.source if existing else "") or "组织方设定")[:300]
        db.session.add(target)
        db.session.flush()
        after = f"{value:g}（自{counted_from.isoformat()}）"
        audit.record(actor, "target_set", "target", target.id, f"{where}：{before} → {after}")
    if commit:
        db.session.commit()
    return True


def seed_jiangsu(actor: User | None = None) -> int:
    """江苏 2025 targets from the notice, where the province has none yet for that year. Returns how many
    were added."""
    have = targets_for("320000", 2025)
    added = 0
    for metric, (value, counted_from) in JIANGSU_2025.items():
        if metric in have:
            continue
        db.session.add(
            MonitoringTarget(
                region="320000", year=2025, metric=metric, value=value, counted_from=counted_from,
                source=JIANGSU_SOURCE, updated_by_id=actor.id if actor else None,
            )
        )  # fmt: skip
        added += 1
    if added:
        detail = f"江苏省 2025 年目标 {added} 项（{JIANGSU_SOURCE}）"
        audit.record(actor, "target_seed", "target", None, detail)
        db.session.commit()
    return added


def years_with_targets(region: str) -> list[int]:
    return list(
        db.session.scalars(select(MonitoringTarget.year).where(MonitoringTarget.region == region).distinct())
    )


# --- exports ----------------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> Any:
    if value is None:
        return ""
    return round(value, 1) if unit == "%" else round(value)


def dashboard_sheets(board: Dashboard, today: date) -> dict[str, list[list[Any]]]:
    """The figures with their targets, gaps and pace, then month by month (北京时间)."""
    head = [
        f"{board.region_label} {board.year} 年专精特新就业监测（导出于北京时间 {board.as_of:%Y-%m-%d %H:%M}）"
    ]
    figures = [
        head,
        ["指标", "单位", "统计区间", "目标", "实际", "差距", "完成率", "按进度应达", "进度", "口径来源"],
    ]
    for f in board.figures:
        expected, on_track = f.expected(today), f.on_track(today)
        figures.append([
            f.label, f.unit, f.period.label,
            _fmt(f.target, f.unit), _fmt(f.actual, f.unit), _fmt(f.gap, f.unit),
            "" if f.progress is None else f"{100 * f.progress:.1f}%", _fmt(expected, f.unit),
            "" if on_track is None else ("正常" if on_track else "滞后"), f.extra or _basis(f),
        ])  # fmt: skip
    months = [["月份", *(f.label for f in board.figures)]]
    for m in range(12):
        months.append([f"{board.year}-{m + 1:02d}", *(_fmt(f.months[m], f.unit) for f in board.figures)])
    return {"指标": figures, "按月": months}


def _basis(f: Figure) -> str:
    if f.kind == "hires":
        base = "专精特新企业录用且已参保（≥1个月）的人员，按入职日期"
        return base + (f"；占比 = {f.numerator}/{f.denominator}" if f.is_share else "")
    return {"fairs": "已开始的专精特新招聘会，按开始时间", "posts": "专精特新企业发布的岗位，按发布时间"}.get(
        f.kind, "已兑现的补贴，按兑现时间"
    )


def record_sheet(recs: Records) -> list[list[Any]]:
    """The records behind a figure as rows of a sheet; people's names masked."""
    if recs.kind == "hires":
        rows = [["入职日期", "企业", "岗位", "人员", "高校毕业生", "技能等级", "职称", "已参保（月）"]]
        for h in recs.rows:
            rows.append([
                h.start_date.isoformat() if h.start_date else "", h.enterprise.name,
                h.application.post.title if h.application else "",
                mask_name(h.seeker.name if h.seeker else ""),
                "是" if h.graduate else "否", h.skill_level.label, h.title_level.label, h.insured_months,
            ])  # fmt: skip
    elif recs.kind == "fairs":
        rows = [["开始时间（北京时间）", "招聘会", "地点", "形式"]]
        rows += [[_local(f.starts_at), f.title, f.venue or f.address, f.mode.label] for f in recs.rows]
    elif recs.kind == "posts":
        rows = [["发布时间（北京时间）", "岗位", "企业", "招聘人数", "状态"]]
        rows += [
            [_local(p.published_at), p.title, p.enterprise.name, p.headcount, p.status.label]
            for p in recs.rows
        ]
    else:
        rows = [["兑现时间（北京时间）", "补贴", "企业", "金额（元）"]]
        rows += [
            [_local(c.paid_at), c.title, c.enterprise.name if c.enterprise else "", c.amount or ""]
            for c in recs.rows
        ]
    return rows


def _local(at: datetime | None) -> str:
    local = beijing.to_local(at)
    return f"{local:%Y-%m-%d %H:%M}" if local else ""
