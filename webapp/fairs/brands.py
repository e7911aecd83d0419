"""The "10+N" activity brands: loaded from yearly TOML files, edited by organizers, shown as a calendar."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from webapp import beijing
from webapp.beijing import to_local
from webapp.extensions import db
from webapp.models import ActivityBrand, BrandLevel, Fair, FairStatus, TargetGroup, User
from webapp.services import NotFound, ServiceError, audit

DATA_DIR = Path(__file__).resolve().parent / "activities"
EDITABLE = {
    "name",
    "organizer",
    "starts_on",
    "ends_on",
    "period_text",
    "description",
    "active",
    "target_groups",
}


def brand_files() -> list[Path]:
    return sorted(DATA_DIR.glob("brands_*.toml"))


def load_brands(path: Path) -> tuple[int, int]:
    """Add a year's brands from ``path``; brands already there (same year and code) keep organizers' edits.
    Returns (added, kept)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    year = int(data["year"])
    existing = {b.code for b in db.session.scalars(select(ActivityBrand).where(ActivityBrand.year == year))}
    added = 0
    for item in data.get("brand", []):
        if item["code"] in existing:
            continue
        groups = [g for g in item.get("target_groups", []) if g in {t.value for t in TargetGroup}]
        db.session.add(
            ActivityBrand(
                year=year,
                code=item["code"],
                name=item["name"],
                level=BrandLevel(item.get("level", "national")),
                organizer=item.get("organizer", ""),
                starts_on=item.get("starts_on"),
                ends_on=item.get("ends_on"),
                period_text=item.get("period", ""),
                target_groups=groups,
                description=item.get("description", ""),
            )
        )
        added += 1
    db.session.commit()
    return added, len(existing)


def load_all() -> int:
    return sum(load_brands(path)[0] for path in brand_files())


def brands(year: int | None = None, active_only: bool = False) -> list[ActivityBrand]:
    stmt = select(ActivityBrand).order_by(
        ActivityBrand.year.desc(), ActivityBrand.starts_on, ActivityBrand.id
    )
    if year is not None:
        stmt = stmt.where(ActivityBrand.year == year)
    if active_only:
        stmt = stmt.where(ActivityBrand.active.is_(True))
    return list(db.session.scalars(stmt))


def years() -> list[int]:
    return list(db.session.scalars(select(ActivityBrand.year).distinct().order_by(ActivityBrand.year.desc())))


def get(brand_id: int) -> ActivityBrand:
    brand = db.session.get(ActivityBrand, brand_id)
    if brand is None:
        raise NotFound("活动品牌不存在")
    return brand


def save_brand(user: User, brand_id: int | None, **fields) -> ActivityBrand:
    """Create a local "N" activity (``brand_id`` None) or edit a brand; audited."""
    if not str(fields.get("name", "")).strip():
        raise ServiceError("请填写活动名称")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        raise ServiceError("结束日期不能早于开始日期")
    if brand_id is None:
        year = int(fields.pop("year", None) or (starts or beijing.today()).year)
        code = str(fields.pop("code", "") or "").strip() or f"local-{_next_local_number(year)}"
        if db.session.scalar(
            select(ActivityBrand).where(ActivityBrand.year == year, ActivityBrand.code == code)
        ):
            raise ServiceError("同一年份已有相同代码的活动")
        brand = ActivityBrand(year=year, code=code, level=BrandLevel.LOCAL)
        db.session.add(brand)
    else:
        brand = get(brand_id)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(brand, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    audit.record(user, "save_brand", "activity_brand", brand.id, f"{brand.year} {brand.name}")
    db.session.commit()
    return brand


def _next_local_number(year: int) -> int:
    codes = db.session.scalars(select(ActivityBrand.code).where(ActivityBrand.year == year))
    return 1 + sum(1 for c in codes if c.startswith("local-"))


@dataclass
class CalendarMonth:
    year: int
    month: int
    brands: list[ActivityBrand]
    fairs: list[Fair]


YEAR_ROUND_DAYS = 300


def _year_round(brand: ActivityBrand) -> bool:
    return bool(
        brand.starts_on and brand.ends_on and (brand.ends_on - brand.starts_on).days >= YEAR_ROUND_DAYS
    )


def year_round(year: int) -> list[ActivityBrand]:
    """Activities that run all year (shown once above the months, not in every month)."""
    return [b for b in brands(active_only=True) if _overlaps_year(b, year) and _year_round(b)]


def calendar(year: int) -> list[CalendarMonth]:
    """招聘月历: for each month of ``year``, the active brands running in it (national first) and the
    published fairs starting in it (by 北京时间)."""
    year_brands = sorted(
        (b for b in brands(active_only=True) if _overlaps_year(b, year) and not _year_round(b)),
        key=lambda b: (b.level != BrandLevel.NATIONAL, b.starts_on or date.min),
    )
    fairs = list(
        db.session.scalars(select(Fair).where(Fair.status == FairStatus.PUBLISHED).order_by(Fair.starts_at))
    )
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1)
        running = [
            b
            for b in year_brands
            if b.starts_on and b.starts_on < last and (b.ends_on or b.starts_on) >= first
        ]
        month_fairs = [f for f in fairs if first <= to_local(f.starts_at).date() < last]
        months.append(CalendarMonth(year, month, running, month_fairs))
    return months


def _overlaps_year(brand: ActivityBrand, year: int) -> bool:
    if brand.starts_on is None:
        return brand.year == year
    end = brand.ends_on or brand.starts_on
    return brand.starts_on.year <= year <= end.year
