"""政策计算器: subsidy rules kept in the database (loaded from ``policy/rules`` and edited by organizers), and
the cases built from an enterprise's hires, a hypothetical hire or a seeker's profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from importers.identifiers import birth_date_from_id, gender_from_id
from policy import Answer, Case, CaseError, RuleError, SubsidyRule, evaluate, load_rule_files, parse_rule
from policy.rules import RULES_DIR, Parameter, rule_data
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    HireRecord,
    JobPost,
    PolicyParameter,
    SeekerProfile,
    SubsidyRuleVersion,
    TargetGroup,
    User,
)
from webapp.months import months_elapsed
from webapp.services import Forbidden, NotFound, ServiceError, audit

SECTORS = ["养老服务", "家政服务", "物业服务", "初创期科技型中小企业", "大学生创业企业"]
# Groups a person may belong to beyond the profile's target groups; the words the rules use.
POLICY_GROUPS = [
    "高校毕业生",
    "农民工",
    "农村劳动力",
    "困难村劳动力",
    "就业困难人员",
    "特殊就业困难人员",
    "脱贫人口",
    "登记失业人员",
    "退役军人",
    "在校生",
    "低保家庭",
    "零就业家庭成员",
]
CERTIFICATES = ["中级工", "高级工", "技师", "高级技师"]


# ---- rules in the database ----


def load_rule_files_into_db(directory=RULES_DIR, actor: User | None = None) -> dict[str, int]:
    """Add rules from the versioned files: new ids, and file versions newer than the stored copy.

    A rule an organizer edited is left alone unless the file's ``version`` is raised past the one it was
    edited from (then the file wins, and the edit stays in the history).
    """
    rules, params = load_rule_files(directory)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "parameters": 0}
    for rule in rules:
        data = rule_data(rule)
        current = _current(rule.id)
        if current is None:
            _add_version(rule, data, 1, f"file:{rule.region_name}", actor)
            counts["added"] += 1
        elif int(data.get("version", 1)) > int(current.data.get("version", 1)):
            current.current = False
            _add_version(rule, data, current.version + 1, "file", actor)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for p in params:
        exists = db.session.scalar(
            select(PolicyParameter).where(
                PolicyParameter.name == p.name,
                PolicyParameter.region == p.region,
                PolicyParameter.valid_from == p.valid_from,
            )
        )
        if exists is None:
            db.session.add(
                PolicyParameter(
                    name=p.name, region=p.region, value=p.value, valid_from=p.valid_from, source=p.source
                )
            )
            counts["parameters"] += 1
    db.session.commit()
    return counts


def _current(rule_id: str) -> SubsidyRuleVersion | None:
    return db.session.scalar(
        select(SubsidyRuleVersion).where(SubsidyRuleVersion.rule_id == rule_id, SubsidyRuleVersion.current)
    )


def _add_version(
    rule: SubsidyRule, data: dict, version: int, origin: str, actor: User | None, note: str = ""
):
    row = SubsidyRuleVersion(
        rule_id=rule.id,
        version=version,
        title=rule.title,
        region=rule.region,
        data=data,
        origin=origin,
        note=note[:500],
        created_by_id=actor.id if actor else None,
    )
    db.session.add(row)
    return row


def rule_rows(region: str = "") -> list[SubsidyRuleVersion]:
    """Current versions, optionally of one region (adcode), by region then id."""
    stmt = select(SubsidyRuleVersion).where(SubsidyRuleVersion.current)
    if region:
        stmt = stmt.where(SubsidyRuleVersion.region == region)
    return list(db.session.scalars(stmt.order_by(SubsidyRuleVersion.region, SubsidyRuleVersion.rule_id)))


def rule_history(rule_id: str) -> list[SubsidyRuleVersion]:
    rows = list(
        db.session.scalars(
            select(SubsidyRuleVersion)
            .where(SubsidyRuleVersion.rule_id == rule_id)
            .order_by(SubsidyRuleVersion.version.desc())
        )
    )
    if not rows:
        raise NotFound("规则不存在")
    return rows


def active_rules() -> tuple[list[SubsidyRule], list[Parameter]]:
    """The rules in effect: the database's current, active versions; the shipped files if none are loaded."""
    rows = rule_rows()
    if not rows:
        return load_rule_files()
    rules = [parse_rule(r.data) for r in rows if r.active]
    params = [
        Parameter(p.name, p.region, p.value, p.valid_from, p.source)
        for p in db.session.scalars(select(PolicyParameter))
    ]
    return rules, params


def edit_rule(actor: User, rule_id: str, data: dict[str, Any], active: bool, note: str) -> SubsidyRuleVersion:
    """Save an organizer's edit as a new version after checking it parses; audited."""
    current = _current(rule_id)
    if current is None:
        raise NotFound("规则不存在")
    if not note.strip():
        raise ServiceError("请填写修改说明（依据的文件或原因）")
    data = {**data, "id": rule_id}
    try:
        rule = parse_rule(data)
    except RuleError as exc:
        raise ServiceError(f"规则有误，未保存：{exc}") from None
    current.current = False
    row = _add_version(rule, rule_data(rule), current.version + 1, "organizer", actor, note)
    row.active = active
    audit.record(actor, "policy_rule_edit", "subsidy_rule", None, f"{rule_id} v{row.version}: {note}"[:2000])
    db.session.commit()
    return row


def evaluate_case(data: dict[str, Any]) -> Answer:
    """Evaluate a case given as the CLI's JSON shape; bad input raises ``ServiceError`` in Chinese."""
    rules, params = active_rules()
    data = {**data, "date": data.get("date") or beijing.today().isoformat()}  # no date: today, 北京时间
    try:
        case = Case.from_dict(data)
    except CaseError as exc:
        raise ServiceError(f"信息不完整或格式有误：{exc}") from None
    return evaluate(rules, case, params)


# ---- cases from platform data ----


def enterprise_facts(enterprise: Enterprise) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "size": enterprise.size_band.label,
        "tier": enterprise.tier.label,
        "sectors": list(enterprise.policy_sectors or []),
        "traineeship_base": enterprise.traineeship_base,
    }
    if enterprise.employees is not None:
        facts["employees"] = enterprise.employees
    return facts


def person_facts(profile: SeekerProfile, on: date) -> dict[str, Any]:
    """What the platform knows of a person: profile groups, graduation, age and gender from the ID number,
    and what the seeker told the calculator."""
    extra = dict(profile.policy_facts or {})
    extra.pop("adcode", None)  # where the seeker asked about, not a fact about them
    groups = {TargetGroup(g).label for g in profile.groups or [] if g in TargetGroup._value2member_map_}
    groups |= set(extra.pop("groups", []) or [])
    facts: dict[str, Any] = {"groups": sorted(groups)}
    if profile.graduation_date:
        facts["graduation_date"] = profile.graduation_date.isoformat()
    born = birth_date_from_id(profile.id_number)
    if born:
        facts["birth_date"] = born.isoformat()
    gender = gender_from_id(profile.id_number)
    if gender:
        facts["gender"] = gender
    facts.update({k: v for k, v in extra.items() if v not in (None, "")})
    return facts


def hire_facts(record: HireRecord, on: date) -> dict[str, Any]:
    facts = person_facts(record.seeker, on)
    override = dict(record.person_facts or {})
    if override.get("groups") is not None:
        facts["groups"] = sorted(set(override.pop("groups")))
    facts.update({k: v for k, v in override.items() if v not in (None, "")})
    facts.update(
        contract_months=record.contract_months,
        insured_months=record.insured_months,
        employment_type=record.employment_type,
        retained=record.retained,
    )
    for name in ("traineeship_months", "served_traineeship_months"):
        if getattr(record, name) is not None:
            facts[name] = getattr(record, name)
    if record.retained and record.retained_on is not None and on >= record.retained_on:
        facts["months_after_retention"] = months_elapsed(record.retained_on, on)
    if record.apprentice_certificate:
        facts["apprentice_certificate"] = record.apprentice_certificate
    return facts


def enterprise_case(enterprise: Enterprise, records: list[HireRecord], on: date) -> dict[str, Any]:
    return {
        "region": enterprise.adcode or "120000",
        "date": on.isoformat(),
        "enterprise": enterprise_facts(enterprise),
        "hires": [hire_facts(r, on) for r in records],
    }


def seeker_case(profile: SeekerProfile, adcode: str, on: date) -> dict[str, Any]:
    return {"region": adcode, "date": on.isoformat(), "person": person_facts(profile, on)}


# ---- hire records ----


def hired_applications(user: User) -> list[tuple[Application, HireRecord | None]]:
    """The enterprise's applications that reached 录用, each with its hire record if entered."""
    rows = db.session.execute(
        select(Application, HireRecord)
        .join(JobPost, Application.post_id == JobPost.id)
        .outerjoin(HireRecord, HireRecord.application_id == Application.id)
        .where(JobPost.enterprise_id == user.enterprise_id, Application.status == ApplicationStatus.HIRED)
        .order_by(Application.id.desc())
    )
    return [(a, h) for a, h in rows]


def own_hired_application(user: User, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound("投递记录不存在")
    if application.post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能填写本企业录用人员的信息")
    if application.status != ApplicationStatus.HIRED:
        raise ServiceError("只有“录用”状态的人员可以填写用工信息")
    return application


def hire_record_for(application: Application) -> HireRecord | None:
    return db.session.scalar(select(HireRecord).where(HireRecord.application_id == application.id))


def graduate_at_hire(seeker, start: date | None, facts: dict[str, Any]) -> bool:
    """A 高校毕业生 at the hire: left school at most two years before it started (the national definition of
    离校2年内), from the graduation date the employer confirmed, else the seeker's own; or so marked."""
    if "高校毕业生" in (facts.get("groups") or []):
        return True
    graduated = facts.get("graduation_date") or (seeker.graduation_date if seeker else None)
    if isinstance(graduated, str):
        graduated = date.fromisoformat(graduated)
    if graduated is None:
        return False
    start = start or beijing.today()
    return graduated <= start and (start.year - graduated.year) * 12 + start.month - graduated.month <= 24


def save_hire_record(user: User, application_id: int, fields: dict[str, Any]) -> HireRecord:
    """Create or update the hire data (contract, insurance, traineeship, person) of a 录用."""
    application = own_hired_application(user, application_id)
    record = hire_record_for(application)
    if record is None:
        record = HireRecord(
            application_id=application.id,
            enterprise_id=application.post.enterprise_id,
            seeker_id=application.seeker_id,
        )
        db.session.add(record)
    for name in (
        "start_date",
        "contract_months",
        "insured_months",
        "employment_type",
        "traineeship_months",
        "served_traineeship_months",
        "retained",
        "apprentice_certificate",
        "skill_level",
        "title_level",
        "person_facts",
    ):
        if name in fields:
            setattr(record, name, fields[name])
    record.graduate = graduate_at_hire(application.seeker, record.start_date, record.person_facts or {})
    if record.employment_type not in ("全职", "就业见习"):
        raise ServiceError("用工形式只能是全职或就业见习")
    audit.record(user, "hire_record_save", "application", application.id)
    db.session.commit()
    return record


def update_enterprise_policy_facts(user: User, employees: int | None, sectors: list[str]) -> None:
    """What the firm says of itself for the calculator; whether it is a 就业见习基地 is the bureau's word
    (``traineeship.services.review_base``), not the firm's."""
    enterprise = user.enterprise
    if enterprise is None:
        raise Forbidden()
    unknown = set(sectors) - set(SECTORS)
    if unknown:
        raise ServiceError("未知的企业类型：" + "、".join(sorted(unknown)))
    enterprise.employees = employees
    enterprise.policy_sectors = sectors
    db.session.commit()


def update_seeker_policy_facts(user: User, facts: dict[str, Any]) -> None:
    profile = user.profile
    if profile is None:
        raise Forbidden()
    unknown = set(facts.get("groups", [])) - set(POLICY_GROUPS)
    if unknown:
        raise ServiceError("未知的人员类别：" + "、".join(sorted(unknown)))
    profile.policy_facts = {k: v for k, v in facts.items() if v not in (None, "", [])}
    db.session.commit()
