"""The catalogue's figures, the proposed list, publishing and withdrawing, and the sheets.

Method (also on the review page):

- **openings** of an occupation in a region and quarter: the headcount of the posts published in the quarter
  (北京时间) at a place in the region whose 大典 code is the occupation (若干 counts as one); internships and
  就业见习 posts are not jobs and are left out;
- **seekers**: people who registered or applied in the quarter and whose desired titles the title classifier
  maps to the occupation, wanting to work at a place that covers the region or anywhere;
- **求人倍率** = openings ÷ seekers (the market's own measure); 缺口 = openings − seekers.
- **稳健倍率**: the ratio's 95 % lower confidence bound (Wilson's, on the share of openings among openings and
  seekers). 26 openings against 3 seekers is 8.7 but says little; 10,000 against 1,000 is 10 and says a lot.
  ``bench/shortage.py`` (100,000 real posts, 10 random halvings of one quarter): the two halves' top ten by
  the bound share 0.46 (0.4–0.5) of their occupations, by the raw ratio 0.28 (0.2–0.4); the proposed lists
  agree no better either way (Jaccard 0.18 vs 0.21, spreads 0.15–0.23 and 0.18–0.24), since most proposed
  occupations sit near the threshold. The bound needs no weight of ours.
- An occupation is **proposed** when its openings, the number of firms posting them and its 稳健倍率 reach the
  thresholds. Organizers add or drop occupations before publishing; the figures are recomputed at publishing,
  never taken from the form.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, distinct, func, or_, select, union

from webapp import beijing
from webapp.extensions import db
from webapp.models import Application, EmploymentType, JobPost, PostStatus, SeekerOccupation, SeekerProfile
from webapp.models.mixins import utcnow
from webapp.reference import prefix, region_name
from webapp.services import ServiceError, audit, search_sync
from webapp.services.compliance import occupation_names
from webapp.shortage.listing import current_catalogues
from webapp.shortage.models import ShortageCatalogue, ShortageEntry
from webapp.shortage.quarters import Quarter
from webapp.shortage.ratios import lower_ratio

WINDOW = 4  # quarters shown for the trend, the chosen one last
NOT_JOBS = (EmploymentType.INTERNSHIP, EmploymentType.TRAINEESHIP)


@dataclass(frozen=True)
class Thresholds:
    min_ratio: float
    min_openings: int
    min_firms: int

    @classmethod
    def defaults(cls, region: str | None = None) -> Thresholds:
        """The last published catalogue's for the region, else the configured ones."""
        if region:
            last = db.session.scalar(
                select(ShortageCatalogue)
                .where(ShortageCatalogue.region == region)
                .order_by(ShortageCatalogue.published_at.desc(), ShortageCatalogue.id.desc())
                .limit(1)
            )
            if last is not None:
                return cls(last.min_ratio, last.min_openings, last.min_firms)
        config = current_app.config
        return cls(
            config["SHORTAGE_MIN_RATIO"], config["SHORTAGE_MIN_OPENINGS"], config["SHORTAGE_MIN_FIRMS"]
        )

    def checked(self) -> Thresholds:
        if not (0 < self.min_ratio <= 100):
            raise ServiceError("求人倍率门槛应在 0 到 100 之间")
        if not (0 <= self.min_openings <= 1_000_000) or not (0 <= self.min_firms <= 100_000):
            raise ServiceError("需求人数和企业数门槛不能为负数")
        return self


@dataclass
class Occupation:
    """One occupation's figures over the window's quarters, oldest first."""

    code: str
    name: str
    openings: list[int]
    seekers: list[int]
    firms: list[int]
    posts: list[int]
    proposed: bool = False
    listed: bool = False  # in the region's catalogue in force

    def ratio(self, i: int = -1) -> float | None:
        return self.openings[i] / self.seekers[i] if self.seekers[i] else None

    def lower(self, i: int = -1) -> float:
        """稳健倍率: the ratio's 95 % lower confidence bound."""
        return lower_ratio(self.openings[i], self.seekers[i])

    @property
    def rank_key(self) -> tuple[float, int]:
        """The 稳健倍率, then the openings."""
        return self.lower(), self.openings[-1]

    @property
    def gap(self) -> int:
        return self.openings[-1] - self.seekers[-1]

    @property
    def previous_ratio(self) -> float | None:
        return self.ratio(-2) if len(self.openings) > 1 and self.openings[-2] else None

    @property
    def trend(self) -> str:
        """↑ / ↓ / → of the ratio against the quarter before ('' when either has no ratio)."""
        now, before = self.ratio(), self.previous_ratio
        if before is None or now is None:
            return ""
        if now > before * 1.1:
            return "↑"
        return "↓" if now < before / 1.1 else "→"

    def meets(self, t: Thresholds) -> bool:
        return (
            self.openings[-1] >= t.min_openings
            and self.firms[-1] >= t.min_firms
            and self.rank_key[0] >= t.min_ratio
        )


@dataclass
class Review:
    region: str
    quarter: Quarter
    quarters: list[Quarter]
    thresholds: Thresholds
    occupations: list[Occupation]  # every occupation with openings in the quarter, ranked
    in_force: ShortageCatalogue | None
    computed_at: datetime
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def region_label(self) -> str:
        return region_name(self.region)

    @property
    def proposed(self) -> list[Occupation]:
        return [o for o in self.occupations if o.proposed]

    def chart_data(self, top: int = 10) -> dict[str, Any]:
        """The proposed occupations' (else the top ones') ratio over the window, for ECharts."""
        shown = (self.proposed or self.occupations)[:top]
        return {
            "quarters": [q.short for q in self.quarters],
            "series": [
                {
                    "name": o.name,
                    "ratios": [
                        None if r is None else round(r, 2) for r in map(o.ratio, range(len(self.quarters)))
                    ],
                }
                for o in shown
            ],
        }


def _bucket(column, quarters: list[Quarter]):
    return case(*((and_(column >= q.start, column < q.end), i) for i, q in enumerate(quarters)), else_=-1)


def _places(region_prefix: str):
    """A wanted place that covers the region: anywhere, a place the region lies in, or one inside it."""
    covering = [""] + [region_prefix[:n] for n in (2, 4) if n < len(region_prefix)] + [region_prefix]
    return or_(SeekerOccupation.place.in_(covering), SeekerOccupation.place.like(f"{region_prefix}%"))


def openings_by_quarter(region: str, quarters: list[Quarter]) -> dict[str, dict[int, tuple[int, int, int]]]:
    """code → quarter index → (openings, posts, firms)."""
    bucket = _bucket(JobPost.published_at, quarters).label("q")
    rows = db.session.execute(
        select(
            JobPost.occupation_code,
            bucket,
            func.sum(func.coalesce(JobPost.headcount, 1)),
            func.count(JobPost.id),
            func.count(distinct(JobPost.enterprise_id)),
        )
        .where(
            JobPost.published_at >= quarters[0].start,
            JobPost.published_at < quarters[-1].end,
            JobPost.adcode.like(f"{prefix(region)}%"),
            JobPost.occupation_code != "",
            JobPost.employment_type.not_in(NOT_JOBS),
        )
        .group_by(JobPost.occupation_code, bucket)
    )
    out: dict[str, dict[int, tuple[int, int, int]]] = {}
    for code, q, openings, posts, firms in rows:
        out.setdefault(code, {})[q] = (int(openings or 0), posts, firms)
    return out


def active_seekers(quarters: list[Quarter]):
    """(seeker id, quarter index) of everyone who registered or applied in a quarter of the window."""
    start, end = quarters[0].start, quarters[-1].end
    registered = select(
        SeekerProfile.id.label("sid"), _bucket(SeekerProfile.created_at, quarters).label("q")
    ).where(SeekerProfile.created_at >= start, SeekerProfile.created_at < end)
    applied = select(
        Application.seeker_id.label("sid"), _bucket(Application.created_at, quarters).label("q")
    ).where(Application.created_at >= start, Application.created_at < end)
    return union(registered, applied).subquery("active")


def seekers_by_quarter(region: str, quarters: list[Quarter]) -> dict[str, dict[int, int]]:
    """code → quarter index → seekers."""
    active = active_seekers(quarters)
    rows = db.session.execute(
        select(SeekerOccupation.occupation_code, active.c.q, func.count(distinct(SeekerOccupation.seeker_id)))
        .join(active, active.c.sid == SeekerOccupation.seeker_id)
        .where(_places(prefix(region)))
        .group_by(SeekerOccupation.occupation_code, active.c.q)
    )
    out: dict[str, dict[int, int]] = {}
    for code, q, seekers in rows:
        out.setdefault(code, {})[q] = seekers
    return out


# Figures of quarters that are over, kept for the coding job's cadence: they change only when late titles are
# coded, a seeker is erased or a post's code is edited, and at 100,000 seekers and applications the seekers'
# count costs about 300 ms on PostgreSQL (the same figures by hand cost as much: bench/shortage.py).
CACHE_SECONDS = 600
_cache: dict[tuple, tuple[float, datetime, dict, dict]] = {}
_cache_lock = threading.Lock()


def window_figures(region: str, quarters: list[Quarter], fresh: bool = False) -> tuple[datetime, dict, dict]:
    """(computed at, openings, seekers) of the window; a window of past quarters from the cache unless
    ``fresh`` (publishing always counts afresh)."""
    over = quarters[-1].end <= utcnow()
    key = (str(db.engine.url), region, quarters[0].key, quarters[-1].key)
    if over and not fresh:
        with _cache_lock:
            held = _cache.get(key)
        if held is not None and time.monotonic() - held[0] < CACHE_SECONDS:
            return held[1], held[2], held[3]
    computed = (utcnow(), openings_by_quarter(region, quarters), seekers_by_quarter(region, quarters))
    if over:
        with _cache_lock:
            _cache[key] = (time.monotonic(), *computed)
    return computed


def review(
    region: str, quarter: Quarter, thresholds: Thresholds | None = None, fresh: bool = False
) -> Review:
    """Every occupation with openings in the region and quarter, ranked, the proposed ones marked."""
    thresholds = (thresholds or Thresholds.defaults(region)).checked()
    quarters = quarter.window(WINDOW)
    computed_at, openings, seekers = window_figures(region, quarters, fresh)
    names = occupation_names()
    in_force = next((c for c in current_catalogues() if c.region == region), None)
    listed = {e.occupation_code for e in in_force.entries} if in_force else set()
    occupations = []
    last = len(quarters) - 1
    for code, by_q in openings.items():
        if last not in by_q:
            continue
        counts = [by_q.get(i, (0, 0, 0)) for i in range(len(quarters))]
        wanted = seekers.get(code, {})
        occupation = Occupation(
            code=code,
            name=names.get(code, code),
            openings=[f[0] for f in counts],
            posts=[f[1] for f in counts],
            firms=[f[2] for f in counts],
            seekers=[wanted.get(i, 0) for i in range(len(quarters))],
            listed=code in listed,
        )
        occupation.proposed = occupation.meets(thresholds)
        occupations.append(occupation)
    occupations.sort(key=lambda o: (o.rank_key, o.code), reverse=True)
    totals = {
        "openings": sum(o.openings[-1] for o in occupations),
        "seekers": sum(w.get(last, 0) for w in seekers.values()),
        "uncoded_posts": _uncoded_posts(region, quarter),
        "uncoded_seekers": db.session.scalar(
            select(func.count(SeekerProfile.id)).where(SeekerProfile.occupations_coded.is_(False))
        ),
    }
    return Review(region, quarter, quarters, thresholds, occupations, in_force, computed_at, totals)


def _uncoded_posts(region: str, quarter: Quarter) -> int:
    return db.session.scalar(
        select(func.count(JobPost.id)).where(
            JobPost.published_at >= quarter.start,
            JobPost.published_at < quarter.end,
            JobPost.adcode.like(f"{prefix(region)}%"),
            JobPost.occupation_code == "",
        )
    )


# --- publishing ---------------------------------------------------------------------------------------


def publish(
    user, region: str, quarter: Quarter, thresholds: Thresholds, codes: Iterable[str], note: str = ""
) -> ShortageCatalogue:
    """Publish the region's catalogue for the quarter with the chosen occupations (each must have openings in
    the quarter); it replaces the one in force for the same region and quarter or an earlier one."""
    board = review(region, quarter, thresholds, fresh=True)
    chosen = set(codes)
    if not chosen:
        raise ServiceError("请至少选择一个职业")
    by_code = {o.code: o for o in board.occupations}
    unknown = sorted(chosen - set(by_code))
    if unknown:
        raise ServiceError(f"这些职业在{quarter.label}没有岗位需求，不能列入目录：{'、'.join(unknown[:5])}")
    later = [c for c in current_catalogues() if c.region == region and Quarter.parse(c.quarter) > quarter]
    if later:
        raise ServiceError(
            f"{board.region_label}已有{Quarter.parse(later[0].quarter).label}的目录，不能再发布更早季度的目录"
        )
    now = utcnow()
    old = db.session.scalars(
        select(ShortageCatalogue).where(
            ShortageCatalogue.region == region, ShortageCatalogue.retired_at.is_(None)
        )
    ).all()
    old_codes = {e.occupation_code for c in old for e in c.entries}
    for catalogue in old:
        catalogue.retired_at = now
    catalogue = ShortageCatalogue(
        region=region,
        quarter=quarter.key,
        min_ratio=thresholds.min_ratio,
        min_openings=thresholds.min_openings,
        min_firms=thresholds.min_firms,
        note=note.strip()[:500],
        published_at=now,
        published_by_id=user.id,
    )
    for rank, occupation in enumerate((o for o in board.occupations if o.code in chosen), 1):
        catalogue.entries.append(
            ShortageEntry(
                rank=rank,
                occupation_code=occupation.code,
                occupation_name=occupation.name,
                openings=occupation.openings[-1],
                seekers=occupation.seekers[-1],
                firms=occupation.firms[-1],
                previous_ratio=occupation.previous_ratio,
            )
        )
    db.session.add(catalogue)
    db.session.flush()
    added = len(chosen - {o.code for o in board.proposed})
    audit.record(
        user, "shortage_publish", "shortage_catalogue", catalogue.id,
        f"{board.region_label} {quarter.label}：{len(chosen)} 个职业（其中 {added} 个不在建议名单）；"
        f"门槛 稳健倍率≥{thresholds.min_ratio:g}、需求≥{thresholds.min_openings}人、"
        f"企业≥{thresholds.min_firms}家",
    )  # fmt: skip
    _reindex(region, old_codes | chosen)
    db.session.commit()
    return catalogue


def withdraw(user, catalogue_id: int, reason: str) -> ShortageCatalogue:
    catalogue = db.session.get(ShortageCatalogue, catalogue_id)
    if catalogue is None:
        raise ServiceError("目录不存在")
    if catalogue.retired_at is not None:
        raise ServiceError("该目录已停止施行")
    if not reason.strip():
        raise ServiceError("请填写撤回原因")
    catalogue.retired_at = utcnow()
    audit.record(
        user, "shortage_withdraw", "shortage_catalogue", catalogue.id,
        f"{region_name(catalogue.region)} {Quarter.parse(catalogue.quarter).label}：{reason.strip()[:300]}",
    )  # fmt: skip
    _reindex(catalogue.region, {e.occupation_code for e in catalogue.entries})
    db.session.commit()
    return catalogue


def _reindex(region: str, codes: set[str]) -> None:
    """The posts whose 急需 badge may change: published, in the region, in one of ``codes``."""
    if codes:
        search_sync.enqueue_posts_where(
            JobPost.status == PostStatus.PUBLISHED,
            JobPost.adcode.like(f"{prefix(region)}%"),
            JobPost.occupation_code.in_(sorted(codes)),
        )


def catalogue(catalogue_id: int) -> ShortageCatalogue | None:
    return db.session.get(ShortageCatalogue, catalogue_id)


def catalogues(region: str | None = None) -> list[ShortageCatalogue]:
    stmt = select(ShortageCatalogue).order_by(
        ShortageCatalogue.published_at.desc(), ShortageCatalogue.id.desc()
    )
    if region:
        stmt = stmt.where(ShortageCatalogue.region == region)
    return list(db.session.scalars(stmt))


# --- sheets -------------------------------------------------------------------------------------------


def _ratio_text(ratio: float | None) -> str:
    return "无人求职" if ratio is None else f"{ratio:.2f}"


def _local(at: datetime | None) -> str:
    return f"{beijing.to_local(at):%Y-%m-%d %H:%M}" if at else ""


def catalogue_sheet(c: ShortageCatalogue) -> list[list[Any]]:
    quarter = Quarter.parse(c.quarter)
    rows: list[list[Any]] = [
        [f"{region_name(c.region)} 急需紧缺职业目录（{quarter.label}）"],
        [
            f"发布于北京时间 {_local(c.published_at)}"
            + ("" if c.retired_at is None else f"，已于 {_local(c.retired_at)} 停止施行")
        ],
        [f"入选门槛：稳健倍率≥{c.min_ratio:g}，需求≥{c.min_openings}人，发布岗位企业≥{c.min_firms}家"],
        [
            "序号",
            "职业编码（大典2022）",
            "职业名称",
            "需求人数",
            "求职人数",
            "求人倍率",
            "稳健倍率",
            "上季度求人倍率",
            "发布岗位企业数",
        ],
    ]
    for e in c.entries:
        rows.append([
            e.rank, e.occupation_code, e.occupation_name, e.openings, e.seekers, _ratio_text(e.ratio),
            f"{e.lower:.2f}",
            "" if e.previous_ratio is None else f"{e.previous_ratio:.2f}", e.firms,
        ])  # fmt: skip
    if c.note:
        rows.append([f"说明：{c.note}"])
    return rows


def review_sheet(board: Review) -> list[list[Any]]:
    """Every occupation with openings, with the window's figures (the review page's table)."""
    head = [
        "排名",
        "职业编码",
        "职业名称",
        "需求人数",
        "求职人数",
        "求人倍率",
        "稳健倍率",
        "缺口",
        "企业数",
        "岗位数",
        "建议列入",
        "现行目录",
    ]
    head += [f"{q.short} 求人倍率" for q in board.quarters[:-1]]
    rows: list[list[Any]] = [
        [
            f"{board.region_label} {board.quarter.label} 各职业供求"
            f"（导出于北京时间 {beijing.now():%Y-%m-%d %H:%M}）"
        ],
        head,
    ]
    for rank, o in enumerate(board.occupations, 1):
        rows.append([
            rank, o.code, o.name, o.openings[-1], o.seekers[-1], _ratio_text(o.ratio()), f"{o.lower():.2f}",
            o.gap, o.firms[-1],
            o.posts[-1], "是" if o.proposed else "", "已列入" if o.listed else "",
            *("" if not o.openings[i] else _ratio_text(o.ratio(i)) for i in range(len(board.quarters) - 1)),
        ])  # fmt: skip
    return rows


def quarter_choices(today=None) -> list[Quarter]:
    """The eight quarters up to the current one, newest first."""
    current = Quarter.of(today or beijing.today())
    return [current.before(n) for n in range(8)]
