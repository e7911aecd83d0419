"""Write an import plan to the database: all or nothing per file, idempotent by external id.

Posts find their enterprise by credit code or exact name; a name that is only *similar* to a known firm
("天津某某科技有限公司" vs "某某科技（天津）有限公司") is never merged silently: the row waits for a decision
(``merges``: source name → enterprise id, or "new"). Imported posts go to the organizer's review queue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import current_app
from rapidfuzz import fuzz, process
from sqlalchemy import insert, select

from importers import ImportPlan, RowIssue, plan_import
from importers.parsers import normalise
from importers.places import PlaceIndex, Region
from matching.compliance_model import CATEGORIES
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    AccountLabel,
    Education,
    EmploymentType,
    Enterprise,
    JobPost,
    PayUnit,
    PostStatus,
    Role,
    SeekerProfile,
    SizeBand,
    Tier,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.reference import CITIES, DISTRICTS, PROVINCES
from webapp.services import audit, search_sync
from webapp.trust import blocklist

SIMILAR_AT = 90  # rapidfuzz ratio on normalised firm names
DUPLICATE_POST_AT = 92
LEGAL_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司|分公司|厂)$")

_places: PlaceIndex | None = None


def places() -> PlaceIndex:
    """The national region table (``taxonomies/cncity.csv`` under SHARED_DATA_DIR), else the zone's places."""
    global _places
    if _places is None:
        path = Path(current_app.config["SHARED_DATA_DIR"]) / "taxonomies" / "cncity.csv"
        if path.exists():
            _places = PlaceIndex.from_cncity(path)
        else:
            regions = [
                Region(c, n, n.removesuffix("省").removesuffix("市"), "100000", 1)
                for c, n in PROVINCES.items()
            ]
            regions += [
                Region(c, n, n.removesuffix("市"), c[:2] + "0000", 2)
                for c, n in CITIES.items()
                if c not in PROVINCES
            ]
            regions += [
                Region(c, n, n[:-1] if len(n) > 2 else n, c[:4] + "00", 3) for c, n in DISTRICTS.items()
            ]
            _places = PlaceIndex(regions)
    return _places


def plan(path: Path, kind: str, filename: str, overrides: dict[str, str] | None = None, progress=None):
    return plan_import(
        path, kind, places(), filename=filename, overrides=overrides, progress=progress, today=beijing.today()
    )


@dataclass
class Outcome:
    written: bool
    created: int = 0
    updated: int = 0
    enterprises_created: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    suggestions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # source name → candidates
    new_employers: list[str] = field(default_factory=list)  # created pending, for the organizer to confirm
    skipped: int = 0  # rows with errors left out of an "only the valid rows" import

    def to_dict(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "created": self.created,
            "updated": self.updated,
            "enterprises_created": self.enterprises_created,
            "new_employers": self.new_employers,
            "skipped": self.skipped,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            "merge_suggestions": {
                k: [{"id": i, "name": n} for i, n in v] for k, v in self.suggestions.items()
            },
        }


def report(plan_: ImportPlan, outcome: Outcome) -> dict[str, Any]:
    """The plan's summary with the write's findings: ``valid`` counts rows with no error of either kind."""
    out = plan_.summary() | outcome.to_dict()
    out |= row_counts(plan_, outcome.errors, outcome.warnings)
    return out


def row_counts(plan_: ImportPlan, errors: list[RowIssue], warnings: list[RowIssue]) -> dict[str, int]:
    """Rows, not messages: ``rows``, ``valid`` (no error of either kind), ``rows_with_errors`` and
    ``rows_with_warnings`` (a row can have both), as the page, the CLI and the .xlsx report show them."""
    keys = {(r.sheet, r.row) for r in plan_.rows}
    with_errors = keys & {(e.sheet, e.row) for e in errors}
    with_warnings = keys & {(w.sheet, w.row) for w in warnings}
    return {
        "rows": len(keys),
        "valid": len(keys) - len(with_errors),
        "rows_with_errors": len(with_errors),
        "rows_with_warnings": len(with_warnings),
    }


# 机关, 事业单位, 学校, 医院 and other public bodies, by the ending of their names: they have no place in an
# enterprise import, so a post of one creates it pending (by name and region) for the organizer to confirm.
PUBLIC_BODY = re.compile(
    r"(局|委员会|委|办公室|政府|街道办事处|管委会|中心|医院|卫生院|保健院|学校|学院|大学|中学|小学|幼儿园|"
    r"研究院|研究所|图书馆|博物馆|文化馆|纪念馆|档案馆|少年宫|站|所|院|队)$"
)


def _city(adcode: str) -> str:
    """The city part of an adcode ("1201" of 120104), "" for a province-level or empty one."""
    return adcode[:4] if adcode and adcode[2:4] != "00" else ""


def is_public_body(name: str) -> bool:
    n = re.sub(r"[（(][^）)]*[）)]$", "", normalise(name or ""))
    return bool(n) and not LEGAL_SUFFIX.search(n) and bool(PUBLIC_BODY.search(n))


def company_key(name: str) -> str:
    """ "天津某某科技有限公司" and "某某科技（天津）有限公司" → "某某科技"."""
    n = re.sub(r"[（(][^）)]*[）)]", "", normalise(name))
    for region in sorted({*PROVINCES.values(), *CITIES.values()}, key=len, reverse=True):
        short = region.removesuffix("省").removesuffix("市")
        for prefix in (region, short):
            if n.startswith(prefix) and len(n) > len(prefix) + 2:
                n = n[len(prefix) :]
                break
    while True:
        stripped = LEGAL_SUFFIX.sub("", n)
        if stripped == n or len(stripped) < 2:
            return n
        n = stripped


class FirmDirectory:
    """Enterprises by credit code, exact name and normalised name, loaded once per import."""

    def __init__(self) -> None:
        rows = db.session.execute(
            select(
                Enterprise.id,
                Enterprise.name,
                Enterprise.credit_code,
                Enterprise.closed_at,
                Enterprise.account_label,
                Enterprise.adcode,
            )
        ).all()
        self.adcodes = {r.id: r.adcode or "" for r in rows}
        self.closed = {r.id for r in rows if r.closed_at is not None}
        self.agencies = {r.id for r in rows if r.account_label == AccountLabel.AGENCY}
        self.by_code = {r.credit_code: r.id for r in rows if r.credit_code}
        self.by_name = {r.name: r.id for r in rows}
        self.names = {r.id: r.name for r in rows}
        self.keys = {r.id: company_key(r.name) for r in rows}

    def find(self, name: str, code: str | None, adcode: str = "") -> int | None:
        """By credit code; else by exact name, except that a public body's name is matched within its city
        (two cities' "第一中学" are two employers; a firm's registered name is unique)."""
        if code and code in self.by_code:
            return self.by_code[code]
        found = self.by_name.get(name) if name else None
        if found and not code and is_public_body(name):
            there = self.adcodes.get(found, "")
            if _city(adcode) and _city(there) and _city(adcode) != _city(there):
                return None
        return found

    def similar(self, name: str) -> list[tuple[int, str]]:
        key = company_key(name)
        if not key:
            return []
        hits = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=SIMILAR_AT, limit=3)
        return [(eid, self.names[eid]) for _, _, eid in hits]

    def add(self, enterprise: Enterprise, adcode: str = "") -> None:
        self.adcodes[enterprise.id] = adcode or enterprise.adcode or ""
        if enterprise.credit_code:
            self.by_code[enterprise.credit_code] = enterprise.id
        self.by_name[enterprise.name] = enterprise.id
        self.names[enterprise.id] = enterprise.name
        self.keys[enterprise.id] = company_key(enterprise.name)


def apply(
    plan_: ImportPlan,
    actor: User,
    *,
    dry_run: bool = False,
    enterprise_id: int | None = None,
    create_enterprises: bool = False,
    merges: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    only_valid: bool = False,
) -> Outcome:
    """Write every row of ``plan_`` in one transaction; nothing when any row has an error (unless the user
    chose ``only_valid``: the rows without errors are written, the others skipped), or on a dry run."""
    outcome = Outcome(written=False, errors=list(plan_.errors), warnings=list(plan_.warnings))
    writer = {"posts": _write_posts, "enterprises": _write_enterprises, "seekers": _write_seekers}[plan_.kind]
    try:
        writer(plan_, actor, outcome, enterprise_id, create_enterprises, merges or {}, progress)
        outcome.skipped = row_counts(plan_, outcome.errors, [])["rows_with_errors"]
        if (outcome.errors and not only_valid) or dry_run or not (outcome.created or outcome.updated):
            db.session.rollback()
            return outcome
        skipped = f"，跳过有错误的 {outcome.skipped} 行" if outcome.skipped else ""
        audit.record(
            actor,
            "import",
            plan_.kind,
            None,
            f"{plan_.filename}：新增 {outcome.created} 条，更新 {outcome.updated} 条，"
            f"新建企业 {outcome.enterprises_created} 家{skipped}",
        )
        db.session.commit()
        outcome.written = True
        return outcome
    except Exception:
        db.session.rollback()
        raise


def _issue(row, message: str, column: str = "") -> RowIssue:
    return RowIssue(row.sheet, row.row, "", column, message)


def _write_posts(plan_, actor, outcome, enterprise_id, create_enterprises, merges, progress) -> None:
    writer = PostWriter(actor, outcome, enterprise_id, create_enterprises, merges)
    with db.session.no_autoflush:
        for row in plan_.rows:
            if progress:
                progress(1)
            if row.ok:
                writer.row(row)
    db.session.flush()
    writer.insert_new()


class PostWriter:
    """Posts of one import: existing ones updated in place, new ones collected for one bulk insert (an ORM
    object per row costs more than all the parsing)."""

    def __init__(self, actor, outcome, enterprise_id, create_enterprises, merges) -> None:
        self.actor, self.outcome, self.default_firm = actor, outcome, enterprise_id
        self.create_enterprises, self.merges = create_enterprises, merges
        self.firms = FirmDirectory()
        self.by_firm: dict[int, list[Any]] = {}
        self.existing: dict[tuple[int, str], Any] = {}
        # a post without an external id is the same post when its firm, title and text are: a corrected
        # file imported again updates what an earlier import wrote instead of duplicating it
        self.same_content: dict[tuple[int, str, str], Any] = {}
        for post in db.session.scalars(select(JobPost)):  # one query, not one per row
            self.by_firm.setdefault(post.enterprise_id, []).append(post)
            if post.external_id:
                self.existing[(post.enterprise_id, post.external_id)] = post
            else:
                self.same_content[_content_key(post.enterprise_id, post.title, post.description)] = post
        self.new_rows: list[dict[str, Any]] = []

    def row(self, row) -> None:
        r = row.record
        named = r["enterprise_name"] or r["credit_code"]
        firms = self.firms
        eid = (
            firms.find(r["enterprise_name"], r["credit_code"], r.get("adcode", ""))
            if named
            else self.default_firm
        )
        if eid is None:
            eid = self.new_firm(row, r)
            if eid is None:
                return
        if eid in self.firms.closed:
            message = f"企业「{self.firms.names[eid]}」账号已因违规关闭，不能导入其岗位"
            self.outcome.errors.append(_issue(row, message, "企业名称"))
            return
        if eid in self.firms.agencies:
            message = (
                f"「{self.firms.names[eid]}」是人力资源服务机构：代招岗位须注明委托单位和授权书，"
                "请在网页上逐个发布"
            )
            self.outcome.errors.append(_issue(row, message, "企业名称"))
            return
        values = _post_values(r)
        content = None if r["external_id"] else _content_key(eid, r["title"], r["description"])
        if content is None:
            post = self.existing.get((eid, r["external_id"]))
        else:
            post = self.same_content.get(content)
        if post is None:
            values |= {"enterprise_id": eid, "external_id": r["external_id"], "created_by_id": self.actor.id}
            self.new_rows.append(values)
            post = SimpleNamespace(**values)
            self.outcome.created += 1
            if content is None:
                self.existing[(eid, r["external_id"])] = post
            else:
                self.same_content[content] = post
        else:
            for name, value in values.items():
                setattr(post, name, value)
            self.outcome.updated += 1
        _flag_duplicates(row, post, self.by_firm.setdefault(eid, []), self.outcome)

    def insert_new(self) -> None:
        """One executemany for the new posts (RETURNING their ids cost as much again), then their outbox rows
        chosen by what marks this import's posts: written by this user at this instant."""
        if not self.new_rows:
            return
        now = utcnow()
        stamped = {"created_at": now, "updated_at": now}
        db.session.execute(insert(JobPost), [v | stamped for v in self.new_rows])
        search_sync.enqueue_posts_where(JobPost.created_at == now, JobPost.created_by_id == self.actor.id)

    def new_firm(self, row, r) -> int | None:
        name, firms, outcome = r["enterprise_name"], self.firms, self.outcome
        decision = self.merges.get(name)
        if decision and decision != "new":
            # an id, or the name of a firm on the platform or created earlier in this file
            target = int(decision) if decision.isdigit() else firms.find(decision, None)
            if target is None or target not in firms.names:
                outcome.errors.append(_issue(row, f"合并目标「{decision}」不存在", "企业名称"))
                return None
            return target
        similar = firms.similar(name) if name else []
        if similar and decision != "new":
            outcome.suggestions[name] = similar
            names = "、".join(f"「{n}」(ID {i})" for i, n in similar)
            outcome.errors.append(
                _issue(row, f"企业「{name}」与平台上的{names}相近：请确认合并或新建", "企业名称")
            )
            return None
        public_body = not r["credit_code"] and is_public_body(name)
        if not self.create_enterprises and not public_body:
            message = f"企业「{name or r['credit_code']}」不在平台上：请先导入企业，或选择“自动新建企业”"
            outcome.errors.append(_issue(row, message, "企业名称"))
            return None
        listed = blocklist.check(credit_code=r["credit_code"])
        if listed is not None:
            outcome.errors.append(_issue(row, f"不能新建企业：{listed.for_organizer}", "统一社会信用代码"))
            return None
        firm = Enterprise(
            name=name[:128] or r["credit_code"],
            credit_code=r["credit_code"],
            size_band=SizeBand(r["company_size"]) if r.get("company_size") else SizeBand.SMALL,
            adcode=r.get("adcode", ""),
            verification=Verification.PENDING,
            verification_reason=(
                "由岗位导入创建（机关、事业单位或公立机构，按名称和地区识别），待组织方确认"
                if public_body
                else "由岗位导入创建" + ("，待补充统一社会信用代码和营业执照" if not r["credit_code"] else "")
            ),
        )
        db.session.add(firm)
        db.session.flush()
        firms.add(firm, r.get("adcode", ""))
        outcome.enterprises_created += 1
        outcome.new_employers.append(firm.name)
        return firm.id


def _content_key(enterprise_id: int, title: str, description: str) -> tuple[int, str, str]:
    return enterprise_id, normalise(title), normalise(description)[:300]


def _post_values(r: dict[str, Any]) -> dict[str, Any]:
    """Column values of an imported post; it waits for review whatever its source."""
    flags = [CATEGORIES[code].message for code in r["flags"] if CATEGORIES[code].severity == "warn"]
    reason = "导入待审核" + ("；请核实：" + "、".join(flags) if flags else "")  # blocked rows never get here
    return {
        "title": r["title"],
        "description": r["description"],
        "requirements": r["requirements"],
        "skills": r["skills"],
        "adcode": r["adcode"],
        "address": r["address"],
        "pay_unit": PayUnit(r["pay_unit"]),
        "pay_min": r["pay_min"],
        "pay_max": r["pay_max"],
        "pay_months": r["pay_months"],
        "education": Education(r["education"]),
        "experience_min_years": r["experience_min_years"],
        "experience_max_years": r["experience_max_years"],
        "headcount": r["headcount"],
        "employment_type": EmploymentType(r["employment_type"]),
        "valid_until": r["valid_until"],
        "status": PostStatus.PENDING,
        "status_reason": reason[:500],
    }


def _flag_duplicates(row, post, known: list, outcome: Outcome) -> None:
    text = f"{post.title} {post.description[:300]}"
    for other in known:
        if other is post or (other.external_id and other.external_id == post.external_id):
            continue
        if fuzz.token_set_ratio(text, f"{other.title} {other.description[:300]}") >= DUPLICATE_POST_AT:
            outcome.warnings.append(
                _issue(row, f"与本企业岗位「{other.title}」内容高度相似，疑似重复发布", "岗位名称")
            )
            break
    known.append(post)


def _write_enterprises(plan_, actor, outcome, enterprise_id, create_enterprises, merges, progress) -> None:
    firms = FirmDirectory()
    for row in plan_.rows:
        if progress:
            progress(1)
        if not row.ok:
            continue
        r = row.record
        eid = firms.find("", r["credit_code"])
        listed = blocklist.check(credit_code=r["credit_code"], phone=r["contact_phone"])
        if eid is None and listed is not None:
            outcome.errors.append(_issue(row, f"不能新建企业：{listed.for_organizer}", "统一社会信用代码"))
            continue
        if eid in firms.closed:
            why = f"（{listed.for_organizer}）" if listed else ""
            outcome.errors.append(
                _issue(row, f"该企业账号已因违规关闭，不能通过导入更新{why}", "统一社会信用代码")
            )
            continue
        if eid is None:
            similar = firms.similar(r["name"])
            if similar and merges.get(r["name"]) != "new":
                names = "、".join(f"「{n}」(ID {i})" for i, n in similar)
                outcome.warnings.append(
                    _issue(row, f"与平台上的{names}名称相近，已按信用代码作为不同企业导入", "企业名称")
                )
            firm = Enterprise(credit_code=r["credit_code"], name=r["name"], verification=Verification.PENDING)
            db.session.add(firm)
            outcome.created += 1
        else:
            firm = db.session.get(Enterprise, eid)
            outcome.updated += 1
        firm.name = r["name"]
        firm.tier = Tier(r["tier"]) if r["tier"] != "none" or firm.tier is None else firm.tier
        firm.adcode = r.get("adcode") or firm.adcode or ""
        firm.address = r["address"] or firm.address or ""
        firm.size_band = SizeBand(r["size_band"])
        if "employees" in r:
            firm.employees = r["employees"]
        firm.contact_name = r["contact_name"] or firm.contact_name or ""
        firm.contact_phone = r["contact_phone"] or firm.contact_phone or ""
        firm.introduction = r["introduction"] or firm.introduction or ""
        db.session.flush()
        firms.add(firm)


def _write_seekers(plan_, actor, outcome, enterprise_id, create_enterprises, merges, progress) -> None:
    import secrets

    from werkzeug.security import generate_password_hash

    users = {u.account: u for u in db.session.scalars(select(User).where(User.role == Role.SEEKER))}
    # Imported people get an unknown password: they set their own through 找回密码 (a 验证码 to the phone
    # on the record); until then the bureau works with their records.
    locked = generate_password_hash(secrets.token_urlsafe(24))
    for row in plan_.rows:
        if progress:
            progress(1)
        if not row.ok:
            continue
        r = row.record
        user = users.get(r["phone"])
        if user is None:
            if db.session.scalar(select(User.id).where(User.account == r["phone"])):
                outcome.errors.append(_issue(row, "该手机号已是企业或工作人员账号", "手机号"))
                continue
            user = User(account=r["phone"], display_name=r["name"], role=Role.SEEKER, password_hash=locked)
            user.profile = SeekerProfile(name=r["name"], phone=r["phone"])
            db.session.add(user)
            users[r["phone"]] = user
            outcome.created += 1
        else:
            outcome.updated += 1
        profile = user.profile
        profile.name = r["name"]
        profile.id_number = r["id_number"] or profile.id_number or ""
        profile.education = Education(r["education"])
        profile.school = r["school"] or profile.school or ""
        profile.major = r["major"] or profile.major or ""
        profile.graduation_date = r["graduation_date"] or profile.graduation_date
        profile.desired_titles = r["desired_titles"] or profile.desired_titles or []
        profile.desired_adcodes = r["desired_adcodes"] or profile.desired_adcodes or []
        profile.groups = sorted(set(profile.groups or []) | set(r["groups"]))
    db.session.flush()
