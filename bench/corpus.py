"""Posts and queries built from the real corpora in ../shared/data (never copied into the repository).

Titles come from the BOSS直聘 postings and the TalentCLEF title corpus; descriptions from the BOSS postings
and the 智联/51job IT job descriptions; skills from the BOSS 技能要求 column. Places, enterprises, pay,
education and dates are drawn at random so that filters and facets have realistic spread.
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from importers.identifiers import make_uscc
from webapp.models import Education, EmploymentType, PayUnit, PostStatus, TargetGroup, Tier, Verification
from webapp.models.mixins import utcnow
from webapp.reference import CITIES, DISTRICTS

# SHARED_DATA_DIR as the app reads it (a checkout elsewhere than beside ../shared), else beside the checkout
DEFAULT_SHARED = Path(
    os.environ.get("SHARED_DATA_DIR") or Path(__file__).resolve().parent.parent.parent / "shared" / "data"
)


@dataclass
class RealText:
    titles: list[str]
    descriptions: list[str]
    skills: list[list[str]]
    queries: list[str]


def load(shared: Path = DEFAULT_SHARED) -> RealText:
    """Read the corpora; raises FileNotFoundError with the path when they are absent."""
    postings = shared / "postings" / "boss_data_analyst_jobs.xlsx"
    if not postings.exists():
        raise FileNotFoundError(postings)
    titles, descriptions, skills = [], [], []
    workbook = openpyxl.load_workbook(postings, read_only=True)
    rows = workbook.active.iter_rows(values_only=True)
    next(rows)
    for row in rows:
        if row[1]:
            titles.append(str(row[1]).strip()[:100])
            descriptions.append(str(row[11] or "").strip())
            skills.append([s.strip() for s in str(row[6] or "").split("\n") if s.strip()][:8])
    workbook.close()
    for path in sorted((shared / "postings" / "jd_texts_it").glob("*.txt")):
        descriptions += [
            line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    with (shared / "titles" / "talentclef_zh_corpus.tsv").open(encoding="utf-8") as fh:
        clef = [row["jobtitle"] for row in csv.DictReader(fh, delimiter="\t")]
    with (shared / "titles" / "talentclef_zh_queries.tsv").open(encoding="utf-8") as fh:
        clef_queries = [row["jobtitle"] for row in csv.DictReader(fh, delimiter="\t")]
    titles += clef
    queries = clef_queries + sorted({t.split("（")[0].split("(")[0] for t in titles[:2117]})
    return RealText(titles, descriptions, skills, queries)


def post_rows(text: RealText, count: int, enterprise_ids: list[int], rng: random.Random) -> list[dict]:
    """``count`` published post rows for a bulk insert."""
    places = list(DISTRICTS) + [c for c in CITIES if c != "120000"]
    now, today = utcnow(), date.today()
    rows = []
    for n in range(count):
        i = rng.randrange(len(text.titles))
        low = rng.randrange(4000, 30000, 500)
        rows.append(
            {
                "enterprise_id": rng.choice(enterprise_ids),
                "external_id": f"BENCH-{n}",
                "title": text.titles[i],
                "description": rng.choice(text.descriptions)[:3000] or "负责相关工作",
                "requirements": "",
                "skills": text.skills[i] if i < len(text.skills) else [],
                "occupation_code": "",
                "adcode": rng.choice(places),
                "address": "",
                "pay_unit": PayUnit.MONTH,
                "pay_min": low,
                "pay_max": low + rng.choice([2000, 5000, 10000]),
                "pay_months": rng.choice([12, 13, 14]),
                "education": rng.choice([Education.ASSOCIATE, Education.BACHELOR, Education.MASTER]),
                "experience_min_years": rng.choice([0, 1, 3, 5]),
                "employment_type": rng.choice([EmploymentType.FULL_TIME] * 9 + [EmploymentType.TRAINEESHIP]),
                "target_groups": [TargetGroup.GRADUATE.value] if rng.random() < 0.5 else [],
                "status": PostStatus.PUBLISHED,
                "status_reason": "",
                "published_at": now - timedelta(minutes=rng.randrange(60 * 24 * 60)),
                "valid_until": today + timedelta(days=rng.randrange(10, 120)),
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


def insert_firms(session, rng: random.Random, count: int = 500) -> list[int]:
    """``count`` verified firms in 苏州 across tiers and five industries; returns their ids (the benchmarks'
    posts belong to them)."""
    from sqlalchemy import insert, select

    from webapp.models import Enterprise

    tiers = list(Tier)
    session.execute(
        insert(Enterprise),
        [
            {
                "credit_code": make_uscc(f"91320500MA{n:07d}"),
                "name": f"江苏基准测试{n}科技有限公司",
                "tier": tiers[n % len(tiers)],
                "industry_code": rng.choice(["C34", "C35", "C39", "I65", "M73"]),
                "adcode": "320500",
                "verification": Verification.VERIFIED,
            }
            for n in range(count)
        ],
    )
    return list(session.scalars(select(Enterprise.id)))
