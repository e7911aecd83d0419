"""The résumé index's documents: what a seeker who chose to be found can be found by, and nothing that
identifies them.

Private by construction: a document is built field by field from the résumé, never copied from it, and
holds no name, phone, ID number, e-mail or birth date; free text (experience lines, self-introduction) is
scrubbed of anything shaped like a phone, ID or e-mail address, a long number (QQ, 微信) and the seeker's
own name. The only key is the résumé's opaque id. ``for_firms`` (推荐人才/搜人才 consent) and ``for_bureau``
(the bureau services consent) decide who may find it; without either, or with the account closed, there is
no document.
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from sqlalchemy import select

from search.settings import EMBEDDER
from webapp import beijing
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus, SeekerProfile, TargetGroup, User
from webapp.reference import CITIES
from webapp.services.search_documents import epoch_ms
from webapp.services.search_index import segmented, vectors_for
from webapp.talent.majors import catalogue, category_of

MASK = "＊"
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail
    r"|\d{17}[\dXx]|\d{15}"  # 身份证号
    r"|(?<!\d)(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"  # mobile
    r"|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"  # landline
    r"|(?<![\d.])\d{5,}(?![\d.])"  # QQ / 微信 / other long numbers
    r"|(微信|QQ|qq|wx|WeChat)[:：号]?\s*[A-Za-z][\w-]{5,19}"  # a 微信 id written out
)
_RANGE = re.compile(
    r"(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})\s*月?\s*[-–—~至到]+\s*"
    r"(?:(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})\s*月?|(至今|今|现在))"
)
EXPERIENCE_BANDS = ("无经验", "1年以内", "1-3年", "3-5年", "5年以上")


def scrub(text: str, name: str = "") -> str:
    """``text`` without phone, ID, e-mail, long numbers, 微信 ids or the person's own name."""
    text = _PERSONAL.sub(MASK, text or "")
    name = (name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, MASK)
        if len(name) >= 3:  # "张同学" for 张三丰 is fine; the given name alone is not
            text = text.replace(name[1:], MASK)
    return text


def experience_months(lines: list[str], today: date | None = None) -> int:
    """Months of work and internships written as date ranges (2023.07-2025.09, 2024年3月至今 …)."""
    today = today or beijing.today()
    total = 0
    for line in lines:
        for y1, m1, y2, m2, now in _RANGE.findall(line):
            start = int(y1) * 12 + int(m1) - 1
            end = today.year * 12 + today.month - 1 if now else int(y2) * 12 + int(m2) - 1
            if 0 <= end - start < 600:
                total += end - start + 1
    return total


def experience_band(lines: list[str], today: date | None = None) -> str:
    if not lines:
        return EXPERIENCE_BANDS[0]
    years = experience_months(lines, today) / 12
    if years < 1:
        return EXPERIENCE_BANDS[1]
    if years < 3:
        return EXPERIENCE_BANDS[2]
    return EXPERIENCE_BANDS[3] if years < 5 else EXPERIENCE_BANDS[4]


def is_findable(profile: SeekerProfile, user: User | None = None) -> bool:
    """Whether the résumé belongs in the index: a consent given, the account open, something to find."""
    user = user or profile.user
    consented = profile.open_to_recommendation or profile.bureau_consent_at is not None
    has_content = bool(profile.desired_titles or profile.skills or profile.major or profile.experiences)
    return bool(consented and user is not None and user.is_active_account and has_content)


def _group_labels(values: list[str]) -> list[str]:
    known = TargetGroup._value2member_map_
    return [TargetGroup(v).label for v in values or [] if v in known]


def _majors() -> dict[str, str]:
    path = current_app.config["SHARED_DATA_DIR"] + "/taxonomies/undergrad_major_catalog.json"
    return catalogue(str(path))


def title_text(profile: SeekerProfile) -> str:
    """What the title vector is made of: the desired titles, else the major."""
    return " ".join((profile.desired_titles or [])[:3]) or profile.major or ""


def resume_document(profile: SeekerProfile, vector: list[float] | None, employed: bool) -> dict:
    """The index document of a findable résumé (see the module docstring for what it must not hold)."""
    lines = [scrub(e.get("text", ""), profile.name) for e in profile.experiences or []]
    titles = [scrub(t, profile.name) for t in profile.desired_titles or []]
    graduation = profile.graduation_date
    document = {
        "id": profile.id,
        "desired_titles": titles,
        "skills": [scrub(s, profile.name) for s in profile.skills or []][:30],
        "school": scrub(profile.school, profile.name),
        "major": scrub(profile.major, profile.name),
        "major_category": category_of(profile.major, _majors()),
        "education": profile.education.label,
        "education_rank": profile.education.rank,
        "graduation_year": f"{graduation.year}届" if graduation else "",
        "experience": experience_band([e.get("text", "") for e in profile.experiences or []]),
        "experience_text": "\n".join(lines)[:2000],
        "intro": scrub(profile.self_intro, profile.name)[:500],
        "city": [CITIES.get(code, "") for code in profile.desired_adcodes or [] if CITIES.get(code)],
        "target_groups": _group_labels(profile.groups),
        "job_status": "已就业" if employed else "求职中",
        "for_firms": bool(profile.open_to_recommendation),
        "for_bureau": profile.bureau_consent_at is not None,
        "updated_ms": epoch_ms(profile.updated_at) if profile.updated_at else 0,
        "_vectors": {EMBEDDER: vector},
    }
    if (words := segmented(" ".join(titles))) is not None:
        document["title_words"] = words
    return document


def employed_ids(profile_ids: list[int]) -> set[int]:
    """Of these résumés, those whose owner was hired through the zone."""
    found: set[int] = set()
    for start in range(0, len(profile_ids), 500):
        found.update(
            db.session.scalars(
                select(Application.seeker_id).where(
                    Application.seeker_id.in_(profile_ids[start : start + 500]),
                    Application.status == ApplicationStatus.HIRED,
                )
            )
        )
    return found


def resume_documents(profiles: list[SeekerProfile]) -> list[dict]:
    """Documents (with title vectors when hybrid search is on) for the findable ones of ``profiles``."""
    findable = [p for p in profiles if is_findable(p)]
    if not findable:
        return []
    vectors = vectors_for([title_text(p) for p in findable])
    employed = employed_ids([p.id for p in findable])
    return [resume_document(p, v, p.id in employed) for p, v in zip(findable, vectors, strict=True)]
