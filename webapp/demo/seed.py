"""Build the demo zone: enterprises across tiers in 天津 and 江苏, posts, seekers, applications.

Deterministic (fixed random seed) so two runs on fresh databases give the same zone. Demo login
passwords are random per installation and kept in ``instance/demo_credentials.json``.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from importers.identifiers import USCC_ALPHABET, make_uscc
from webapp import beijing
from webapp.demo.catalog import (
    BRANDS,
    FAMILIES,
    FIELDS_BY_INDUSTRY,
    GIVEN,
    MAJORS,
    MARKETS,
    SCHOOLS,
    SURNAMES,
)
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Education,
    EmploymentType,
    Enterprise,
    JobPost,
    PayUnit,
    PostStatus,
    Role,
    SeekerProfile,
    SizeBand,
    TargetGroup,
    Tier,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.reference import CITIES, DISTRICTS

DEMO_MARKER_ACCOUNT = "organizer"
S = ApplicationStatus
# A plausible path through the pipeline for each final status.
PATHS = {
    S.SUBMITTED: [S.SUBMITTED],
    S.VIEWED: [S.SUBMITTED, S.VIEWED],
    S.INTERVIEW: [S.SUBMITTED, S.VIEWED, S.INTERVIEW],
    S.UNSUITABLE: [S.SUBMITTED, S.VIEWED, S.UNSUITABLE],
    S.HIRED: [S.SUBMITTED, S.VIEWED, S.INTERVIEW, S.HIRED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
}


@dataclass
class SeedReport:
    created: bool
    enterprises: int
    posts: int
    seekers: int
    applications: int
    credentials: dict[str, dict[str, str]]


def already_seeded() -> bool:
    return db.session.scalar(select(User.id).where(User.account == DEMO_MARKER_ACCOUNT)) is not None


def load_credentials(instance_path: Path) -> dict:
    path = instance_path / "demo_credentials.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _places(rng: random.Random) -> list[str]:
    tianjin = [c for c in DISTRICTS if c.startswith("12")]
    jiangsu = [c for c in CITIES if c.startswith("32")] + [c for c in DISTRICTS if c.startswith("32")]
    return tianjin + jiangsu


def _enterprise_name(rng: random.Random, adcode: str, industry: str, used: set[str]) -> str:
    place = "天津" if adcode.startswith("12") else CITIES[adcode[:4] + "00"].removesuffix("市")
    while True:
        field = rng.choice(FIELDS_BY_INDUSTRY[industry])
        suffix = "有限公司" if "研究院" in field else rng.choice(["科技有限公司", "股份有限公司", "有限公司"])
        name = f"{place}{rng.choice(BRANDS)}{field}{suffix}"
        if name not in used:
            used.add(name)
            return name


def _credit_code(rng: random.Random, adcode: str) -> str:
    body = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return make_uscc(f"91{adcode[:6]}{body}")


TIER_CYCLE = [
    Tier.LITTLE_GIANT,
    Tier.SPECIALIZED,
    Tier.SPECIALIZED,
    Tier.SPECIALIZED,
    Tier.INNOVATIVE,
    Tier.NONE,
]


def _tier(i: int) -> Tier:
    """One in six 小巨人, half 专精特新, the rest 创新型 or other."""
    return TIER_CYCLE[i % len(TIER_CYCLE)]


def _make_enterprises(rng: random.Random, count: int) -> list[Enterprise]:
    places, used, result = _places(rng), set(), []
    industries = list(FIELDS_BY_INDUSTRY)
    now = utcnow()
    for i in range(count):
        adcode = places[i % len(places)]
        industry = industries[i % len(industries)]
        verification = (
            Verification.PENDING
            if i % 16 == 7
            else Verification.REJECTED
            if i == 31
            else Verification.VERIFIED
        )
        tier = _tier(i)
        e = Enterprise(
            credit_code=_credit_code(rng, adcode),
            name=_enterprise_name(rng, adcode, industry, used),
            tier=tier,
            industry_code=industry,
            adcode=adcode,
            address=f"{rng.choice(['科技园', '高新区', '开发区', '创新中心'])}{rng.randint(1, 99)}号",
            size_band=rng.choice([SizeBand.SMALL, SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.MICRO]),
            introduction=(
                f"公司专注于{rng.choice(FIELDS_BY_INDUSTRY[industry])}领域的研发、生产与服务，"
                f"{'获评国家级专精特新“小巨人”企业，' if tier == Tier.LITTLE_GIANT else ''}"
                f"拥有{rng.randint(5, 80)}项发明专利，产品服务于{rng.choice(MARKETS)}等行业。"
            ),
            contact_name=rng.choice(SURNAMES) + rng.choice(["经理", "女士", "先生"]),
            contact_phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
            verification=verification,
            verification_reason="营业执照信息与登记信息不一致"
            if verification == Verification.REJECTED
            else "",
            verified_at=now - timedelta(days=rng.randint(10, 150))
            if verification == Verification.VERIFIED
            else None,
        )
        if e.verified_at:
            e.reverify_due = e.verified_at + timedelta(days=183)
        result.append(e)
    return result


def _post_for(rng: random.Random, enterprise: Enterprise, n: int) -> JobPost:
    families = [f for f in FAMILIES.values() if enterprise.industry_code in f["industries"]]
    family = rng.choice(families)
    title = rng.choice(family["titles"])
    employment = EmploymentType.FULL_TIME
    groups = [TargetGroup.GRADUATE.value] if rng.random() < 0.55 else []
    if rng.random() < 0.08:
        employment, title = EmploymentType.TRAINEESHIP, f"{title.removesuffix('工程师')}助理（就业见习岗）"
        groups = [TargetGroup.GRADUATE.value, TargetGroup.UNEMPLOYED.value]
    elif rng.random() < 0.06:
        employment = EmploymentType.INTERNSHIP
        title = f"{title}（实习）"
    if family is FAMILIES["production"] and rng.random() < 0.4:
        groups += [TargetGroup.VETERAN.value, TargetGroup.MIGRANT.value]
    lo, hi = family["pay"]
    pay_min = rng.randrange(lo, hi, 500)
    pay_max = pay_min + rng.choice([2000, 3000, 4000, 5000, 8000])
    unit = PayUnit.MONTH
    if employment in (EmploymentType.INTERNSHIP,):
        unit, pay_min, pay_max = PayUnit.DAY, rng.choice([120, 150, 200]), None
    elif rng.random() < 0.03:
        unit, pay_min, pay_max = PayUnit.NEGOTIABLE, None, None
    duties = rng.sample(family["duties"], k=3)
    reqs = rng.sample(family["reqs"], k=len(family["reqs"]))
    education = rng.choice(
        [Education.ASSOCIATE, Education.SENIOR]
        if family is FAMILIES["production"]
        else [Education.BACHELOR, Education.BACHELOR, Education.MASTER, Education.ASSOCIATE]
    )
    exp_min = rng.choice([0, 0, 0, 1, 3, 5]) if employment == EmploymentType.FULL_TIME else 0
    return JobPost(
        enterprise=enterprise,
        external_id=f"DEMO-{enterprise.id or 0}-{n}",
        title=title,
        description="\n".join(f"{i}. {d}" for i, d in enumerate(duties, 1)),
        requirements="\n".join(f"{i}. {r}" for i, r in enumerate(reqs, 1)),
        skills=rng.sample(family["skills"], k=min(4, len(family["skills"]))),
        adcode=enterprise.adcode,
        address=enterprise.address,
        pay_unit=unit,
        pay_min=pay_min,
        pay_max=pay_max,
        pay_months=rng.choice([12, 12, 13, 13, 14, 15]) if unit == PayUnit.MONTH else 12,
        education=education,
        experience_min_years=exp_min,
        experience_max_years=None if exp_min in (0, 5) else exp_min + 2,
        headcount=rng.choice([None, 1, 1, 2, 2, 3, 5, 10]),
        employment_type=employment,
        target_groups=sorted(set(groups)),
        valid_until=beijing.today() + timedelta(days=rng.randint(15, 120)),
    )


def _id_number(rng: random.Random, birth_year: int) -> str:
    """A synthetic 18-character 居民身份证号 shape (region, birth date, sequence, check)."""
    body = f"1201{rng.randint(10, 99)}{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _seeker(rng: random.Random, i: int, password_hash: str) -> User:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"139{i:08d}"
    grad_year = rng.choice([2024, 2025, 2025, 2026, 2026, 2026, 2022])
    family = rng.choice(list(FAMILIES.values()))
    groups = [TargetGroup.GRADUATE.value] if grad_year >= 2024 else []
    if rng.random() < 0.06:
        groups.append(TargetGroup.VETERAN.value)
    user = User(account=phone, display_name=name, role=Role.SEEKER, password_hash=password_hash)
    user.profile = SeekerProfile(
        name=name,
        phone=phone,
        id_number=_id_number(rng, birth_year=grad_year - 22),
        education=rng.choice([Education.BACHELOR, Education.BACHELOR, Education.MASTER, Education.ASSOCIATE]),
        school=rng.choice(SCHOOLS),
        major=rng.choice(MAJORS),
        graduation_date=date(grad_year, 6, 30),
        desired_titles=rng.sample(family["titles"], k=2),
        desired_adcodes=[rng.choice(["120000", "320100", "320500", "320200"])],
        desired_pay_min=rng.choice([5000, 6000, 8000, 10000]),
        skills=rng.sample(family["skills"], k=3),
        self_intro="性格开朗，学习能力强，希望在专精特新企业长期发展。",
        groups=groups,
        resume_consent_at=utcnow(),
        open_to_recommendation=rng.random() < 0.7,
    )
    profile = user.profile
    title = profile.desired_titles[0]
    if grad_year <= 2022:
        profile.experiences = [{"text": f"{grad_year}.07-至今 天津某科技有限公司 {title}"}]
    elif rng.random() < 0.6:
        year = grad_year - 1
        profile.experiences = [{"text": f"{year}.07-{year}.09 天津某科技有限公司 {title}实习生"}]
    # the bureau's 人才库: a separate consent, given by most seekers who registered through the zone
    profile.bureau_consent_at = utcnow() if rng.random() < 0.6 else None
    return user


def seed_demo(instance_path: Path, enterprises: int = 64, posts: int = 600, seekers: int = 200) -> SeedReport:
    """Create the demo zone once; a second call only reports the stored credentials.

    Subsidy rules are loaded from ``policy/rules`` on every call (new rules and raised versions only)."""
    from webapp.fairs.demo import seed_fairs
    from webapp.sharing.demo import seed_sharing
    from webapp.shortage.demo import seed_shortage_demo
    from webapp.subsidies.services import load_rule_files_into_db
    from webapp.targets.demo import seed_targets_demo
    from webapp.traineeship.demo import seed_traineeship

    load_rule_files_into_db()
    if already_seeded():
        seed_fairs()
        return SeedReport(False, 0, 0, 0, 0, load_credentials(instance_path))
    rng = random.Random(2025)
    now = utcnow()
    passwords = {
        name: secrets.token_urlsafe(9)
        for name in ("organizer", "specialist", "admin", "enterprise", "seeker")
    }
    staff = {
        "organizer": User(account="organizer", display_name="南开区人社局 李老师", role=Role.ORGANIZER),
        "specialist": User(account="specialist", display_name="服务专员 王专员", role=Role.SPECIALIST),
        "admin": User(account="admin", display_name="平台管理员", role=Role.ADMIN),
    }
    for key, user in staff.items():
        user.set_password(passwords[key])
    db.session.add_all(staff.values())

    firms = _make_enterprises(rng, enterprises)
    for e in firms:
        if e.is_verified:
            e.verified_by_id = None
        e.specialist = staff["specialist"] if rng.random() < 0.6 else None
    db.session.add_all(firms)
    db.session.flush()

    # The demo firm sits in 南开区 so its hires meet the district's 扬帆计划 subsidy rules.
    firms[0].adcode, firms[0].size_band, firms[0].employees = "120104", SizeBand.SMALL, 46
    owner = User(
        account="13800000001",
        display_name=firms[0].contact_name,
        role=Role.ENTERPRISE,
        enterprise=firms[0],
        is_enterprise_owner=True,
    )
    owner.set_password(passwords["enterprise"])
    db.session.add(owner)

    verified = [e for e in firms if e.is_verified]
    job_posts = []
    for n in range(posts):
        e = verified[n % len(verified)] if n < posts - 20 else rng.choice(firms)
        post = _post_for(rng, e, n)
        post.created_by_id = owner.id if e is firms[0] else None
        roll = rng.random()
        if not e.is_verified or roll < 0.05:
            post.status = PostStatus.PENDING
        elif roll < 0.07:
            post.status = PostStatus.DRAFT
        elif roll < 0.09:
            post.status, post.status_reason = (
                PostStatus.REJECTED,
                "岗位描述含有“限男性”等性别限制，请修改后重新提交",
            )
        elif roll < 0.11:
            post.status, post.status_reason = PostStatus.CLOSED, "招满关闭"
            post.published_at = now - timedelta(days=rng.randint(30, 90))
        else:
            post.status = PostStatus.PUBLISHED
            post.published_at = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
            post.reviewed_at = post.published_at
        job_posts.append(post)
    db.session.add_all(job_posts)

    shared_hash = generate_password_hash(secrets.token_urlsafe(16))  # the generated seekers cannot log in
    people = [_seeker(rng, i, shared_hash) for i in range(1, seekers)]
    demo_seeker = _seeker(rng, 0, "")
    demo_seeker.account = demo_seeker.profile.phone = "13900000000"
    demo_seeker.display_name = demo_seeker.profile.name = "张同学"
    demo_seeker.profile.desired_titles = ["数据分析师", "Python开发工程师"]
    demo_seeker.profile.school, demo_seeker.profile.major = "天津大学", "统计学"
    demo_seeker.profile.education = Education.BACHELOR
    demo_seeker.profile.experiences = [{"text": "2025.07-2025.09 天津某智能制造企业 数据分析实习生"}]
    demo_seeker.profile.skills = ["Python", "SQL", "数据分析", "机器学习"]
    demo_seeker.profile.desired_adcodes = ["120000"]
    demo_seeker.profile.graduation_date = date(2026, 6, 30)
    demo_seeker.profile.groups = [TargetGroup.GRADUATE.value]
    demo_seeker.set_password(passwords["seeker"])
    people.append(demo_seeker)
    db.session.add_all(people)
    db.session.flush()

    published = [p for p in job_posts if p.status == PostStatus.PUBLISHED]
    statuses = list(PATHS)
    weights = [30, 20, 15, 15, 8, 4]
    applications = []
    for person in people:
        for post in rng.sample(published, k=rng.randint(0, 6)):
            final = rng.choices(statuses, weights)[0]
            # an application follows its post's publication, and never lies in the future
            at = min((post.published_at or now) + timedelta(hours=rng.randint(1, 72)), now)
            app = Application(
                seeker_id=person.profile.id,
                post_id=post.id,
                status=final,
                source=rng.choice(
                    [ApplicationSource.SEARCH, ApplicationSource.SEARCH, ApplicationSource.RECOMMENDATION]
                ),
                created_at=at,
                updated_at=at,
            )
            for step, status in enumerate(PATHS[final]):
                actor = (
                    person.id
                    if status in (S.SUBMITTED, S.WITHDRAWN)
                    else owner.id
                    if post.enterprise is firms[0]
                    else None
                )
                app.events.append(
                    ApplicationEvent(
                        status=status, actor_id=actor, at=min(now, at + timedelta(days=step * 2))
                    )
                )
            applications.append(app)
    db.session.add_all(applications)
    db.session.flush()
    _demo_hires(firms[0], [p for p in published if p.enterprise is firms[0]], people[:3], owner, now)
    _demo_complaints(
        [p for p in published if p.enterprise is not firms[0]], people[3:6], staff["organizer"], now
    )
    firms[0].specialist = staff["specialist"]  # the demo firm's 吹哨 reaches the demo specialist
    _demo_casework([f for f in firms if f.specialist is staff["specialist"]], owner, staff["specialist"], now)
    db.session.commit()
    seed_fairs(rng)
    # the targets dashboard's two years of history, from a generator of its own (the rest stays as it was)
    seed_targets_demo(random.Random(2024), firms, people[6:-1], staff["organizer"], _post_for)
    db.session.commit()
    # four quarters of 江苏's market and the catalogue published from it (its own generator too)
    seed_shortage_demo(
        random.Random(2023),
        firms,
        FAMILIES,
        _post_for,
        lambda r, i: _seeker(r, i, shared_hash),
        staff["organizer"],
    )
    # 就业见习: recognised bases, their agreements and retention, and a trainee the demo firm is to sign for
    seed_traineeship(random.Random(2022), firms, people[:-1], staff["organizer"], firms[0])
    seed_sharing(random.Random(2021), firms, staff["specialist"])  # 用工余缺调剂 around the Spring Festival
    db.session.commit()

    credentials = {
        "organizer": {"account": "organizer", "password": passwords["organizer"], "role": "组织方（人社局）"},
        "specialist": {"account": "specialist", "password": passwords["specialist"], "role": "人社服务专员"},
        "admin": {"account": "admin", "password": passwords["admin"], "role": "管理员"},
        "enterprise": {
            "account": "13800000001",
            "password": passwords["enterprise"],
            "role": f"企业用户（{firms[0].name}）",
        },
        "seeker": {"account": "13900000000", "password": passwords["seeker"], "role": "求职者（张同学）"},
    }
    path = instance_path / "demo_credentials.json"
    path.write_text(json.dumps(credentials, ensure_ascii=False, indent=2))
    path.chmod(0o600)
    return SeedReport(True, len(firms), len(job_posts), len(people), len(applications), credentials)


def _demo_casework(firms: list[Enterprise], owner: User, specialist: User, now) -> None:
    """The specialist's workbench with something in it: visits and calls in three firms' files, the demo
    firm's need for people (open), one firm's training need past its deadline, one answered fair request."""
    from webapp.models import ContactKind, EnterpriseNeed, NeedKind, NeedStatus, ServiceRecord

    day = beijing.today()
    visits = [
        (
            ContactKind.VISIT,
            12,
            "人事经理",
            "数控车工和质检员缺口约10人",
            "两周内推荐简历，邀请参加春风行动专场",
        ),
        (
            ContactKind.CALL,
            5,
            "总经理办公室",
            "问吸纳高校毕业生就业补贴怎么申领",
            "发送申领指南，协助准备材料",
        ),
        (ContactKind.MEETING, 30, "行政主管", "希望开展新员工岗前培训", "对接区职业技能培训中心"),
    ]
    for firm, (kind, ago, person, asked, promised) in zip(firms, visits, strict=False):
        db.session.add(
            ServiceRecord(
                enterprise=firm,
                specialist=specialist,
                kind=kind,
                happened_on=day - timedelta(days=ago),
                contact_person=person,
                asked=asked,
                promised=promised,
            )
        )
    needs = [
        (
            firms[0],
            owner,
            NeedKind.PEOPLE,
            "急招数控车工5名、质检员2名，3月底前到岗",
            now - timedelta(hours=6),
            NeedStatus.OPEN,
            "",
        ),
        (
            firms[1 % len(firms)],
            specialist,
            NeedKind.TRAINING,
            "新员工岗前安全培训，约20人",
            now - timedelta(days=5),
            NeedStatus.OPEN,
            "",
        ),
        (
            firms[2 % len(firms)],
            specialist,
            NeedKind.FAIR,
            "报名下月专精特新专场招聘会展位",
            now - timedelta(days=8),
            NeedStatus.ANSWERED,
            "已为贵公司预留展位，请在“招聘会”中确认报名",
        ),
    ]
    for firm, by, kind, detail, raised, status, response in needs:
        need = EnterpriseNeed(
            enterprise=firm,
            raised_by=by,
            kind=kind,
            detail=detail,
            status=status,
            created_at=raised,
            due_at=raised + timedelta(days=3),
            response=response,
        )
        if response:
            need.action, need.answered_by, need.answered_at = "fair", specialist, raised + timedelta(days=1)
        db.session.add(need)


def _demo_complaints(posts: list[JobPost], people: list[User], organizer: User, now) -> None:
    """举报 for the organizer's queue: two open (one past its deadline), one upheld with a warning."""
    from webapp.models import Complaint, ComplaintStatus, Sanction, SanctionLevel

    cases = [
        ("fee", "面试时HR说入职前要交300元服装费和体检费，不交不能上岗", timedelta(days=4)),
        ("discrimination", "电话沟通时说只要男的，女生不用来面试了", timedelta(hours=20)),
        ("fake_pay", "岗位写月薪2万，面试时说底薪2500，其余靠提成", timedelta(days=6)),
    ]
    for (reason, detail, age), post, person in zip(cases, posts[:3], people, strict=True):
        filed = now - age
        complaint = Complaint(
            complainant_id=person.id,
            target_kind="post",
            target_id=post.id,
            enterprise_id=post.enterprise_id,
            reason=reason,
            detail=detail,
            created_at=filed,
            due_at=filed + timedelta(days=3),
        )
        if reason == "fake_pay":
            warning = Sanction(
                enterprise_id=post.enterprise_id,
                level=SanctionLevel.WARNING,
                reason="岗位薪酬与实际不符，属虚假宣传",
                evidence=f"举报人反映：{detail}；企业承认底薪为2500元",
                created_by_id=organizer.id,
                created_at=filed + timedelta(days=1),
                post_ids=[],
            )
            db.session.add(warning)
            db.session.flush()
            complaint.status, complaint.sanction_id = ComplaintStatus.UPHELD, warning.id
            complaint.handled_by_id, complaint.handled_at = organizer.id, filed + timedelta(days=1)
            complaint.resolution = "经核实，岗位薪酬与实际不符，已警告企业并要求修改岗位信息"
        db.session.add(complaint)


# Three hires at the demo firm with the data the 政策计算器 needs: a 2025 graduate (吸纳就业补贴, 社保补贴),
# an unemployed 20-year-old with employment difficulties one month into insurance (扩岗补助 now; 社保补贴 and
# 岗位补贴 after two more months), and a trainee kept on before the end (剩余期限见习补贴).
DEMO_HIRES = [
    (
        {"groups": ["高校毕业生"], "graduation_date": date(2025, 6, 30), "age": 23},
        dict(contract_months=36, insured_months=5),
    ),
    (
        {"groups": ["登记失业人员", "就业困难人员"], "registered_unemployed_months": 4, "age": 20},
        dict(contract_months=12, insured_months=1),
    ),
    (
        {"groups": ["高校毕业生"], "graduation_date": date(2026, 6, 30), "age": 22},
        dict(employment_type="就业见习", traineeship_months=6, served_traineeship_months=4, retained=True),
    ),
]


def _demo_hires(firm: Enterprise, posts: list[JobPost], people: list[User], owner: User, now) -> None:
    from webapp.models import HireRecord

    for (facts, record), person, post in zip(DEMO_HIRES, people, posts, strict=False):
        existing = db.session.scalar(
            select(Application).where(
                Application.seeker_id == person.profile.id, Application.post_id == post.id
            )
        )
        app = existing or Application(
            seeker_id=person.profile.id, post_id=post.id, source=ApplicationSource.SEARCH
        )
        app.status = S.HIRED
        app.events.append(ApplicationEvent(status=S.HIRED, actor_id=owner.id, at=now))
        db.session.add(app)
        db.session.flush()
        person_facts = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in facts.items()}
        if "graduation_date" in facts:
            person.profile.graduation_date = facts["graduation_date"]
        db.session.add(
            HireRecord(
                application_id=app.id,
                enterprise_id=firm.id,
                seeker_id=person.profile.id,
                start_date=(now - timedelta(days=30 * record.get("insured_months", 4))).date(),
                person_facts=person_facts,
                **record,
            )
        )
