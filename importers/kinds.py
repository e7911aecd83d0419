"""What each import kind reads: canonical fields with their source-header aliases, and how a row of strings
becomes a record (parsed values) with row-level errors and warnings."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from importers import parsers as p
from importers.compliance import check_post
from importers.headers import Cue
from importers.identifiers import is_phone, normalize_uscc, uscc_error
from importers.places import PlaceIndex

DEFAULT_VALIDITY = timedelta(days=60)
POST_TEXT_FIELDS = ("title", "description", "requirements")
KEPT = "_kept"  # a row's cells from columns mapped to no field, "header：value" lines
KEEP = "_keep"  # the preview's choice for a column: no field, but keep its cells


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    aliases: dict[str, list[str]]
    labels: dict[str, str]
    required: tuple[str, ...]
    build: Callable[[dict[str, str], Context], Built]
    # the compliance check of a built row and the text it reads, so that a sheet's rows are checked in one
    # batch after they are built (posts only)
    check: Callable[[Built], None] | None = None
    check_text: Callable[[dict[str, Any]], str] | None = None
    cues: tuple[Cue, ...] = ()
    # where the cells of columns mapped to no field go, with their header ("专业：机械工程"); None: nowhere
    keep_in: str | None = None


@dataclass
class Context:
    places: PlaceIndex
    today: date
    title: str = ""  # the sheet's title rows above the header ("2026年南开区事业单位公开招聘岗位表")


@dataclass
class Built:
    record: dict[str, Any]
    errors: list[tuple[str, str]]  # (field, message)
    warnings: list[tuple[str, str]]


POST_ALIASES = {
    "external_id": ["ID", "编号", "岗位编号", "职位编号", "岗位ID"],
    "title": ["职位", "岗位名称", "招聘岗位", "职位名称", "岗位", "招聘职位"],
    "enterprise_name": ["公司", "企业名称", "单位名称", "招聘单位", "公司名称", "用人单位"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码"],
    "pay": ["薪资", "薪酬", "工资", "月薪", "薪资待遇", "工资待遇", "薪资范围", "基本工资"],
    "pay_min": ["最低薪资", "薪资最低", "月薪下限", "工资下限", "最低工资"],
    "pay_max": ["最高薪资", "薪资最高", "月薪上限", "工资上限", "最高工资"],
    "place": ["地区", "工作地点", "工作地址", "城市", "工作城市", "所在地", "工作区域"],
    "experience": ["经验要求", "工作经验", "经验", "工作年限"],
    "education": ["学历要求", "学历", "最低学历"],
    "skills": ["技能要求", "技能", "关键词", "技能标签"],
    "description": ["职位描述", "岗位职责", "工作内容", "岗位描述", "职责描述", "工作职责"],
    "requirements": ["任职要求", "岗位要求", "任职资格", "任职条件"],
    "headcount": ["招聘人数", "人数", "需求人数", "招聘数量"],
    "valid_until": ["有效期", "截止日期", "有效期至", "截止时间", "招聘截止日期"],
    "employment_type": ["工作性质", "用工形式", "岗位类型", "职位类型"],
    "company_size": ["公司规模", "企业规模", "人员规模"],
}
# How tables name these columns beyond the aliases: words seen in public-sector (事业单位, 国企, 公务员)
# vacancy tables, job-fair sign-up sheets and recruitment-system exports. Specific words score higher than
# general ones ("学历要求" is education, not requirements); the words after "|" keep "岗位类别" or "单位性质"
# from being a title or an employer.
_NOT_A_NAME = (
    "代码", "编码", "编号", "类别", "类型", "性质", "人数", "数量", "计划", "要求", "职责", "描述", "说明",
    "条件", "等级", "层级", "级别", "序号", "地址", "电话", "联系", "主管", "规模", "简介", "行业", "所属",
)  # fmt: skip
_POST_CUE_TEXT = {
    "external_id": (
        "岗位代码 90, 职位代码 90, 岗位编码 90, 职位编码 90, 岗位编号 90, 职位编号 90, "
        "代码 82 | 信用 机构 邮政 单位 行业"
    ),
    "title": (
        "岗位名称 90, 职位名称 90, 招聘岗位 88 !, 需求岗位 88 !, 岗位 83 !, 职位 83 !, 工种 84 !, 职务 82 !"
    ),
    "enterprise_name": (
        "招聘单位 89 !, 用人单位 89 !, 单位名称 90 | 主管, 企业名称 90, 公司名称 90, 机构名称 88, "
        "单位 83 !, 企业 82 !, 公司 82 !"
    ),
    "credit_code": "信用代码 92, 统一代码 90, 机构代码 86",
    "pay": "薪 84 | 福利, 工资 85 | 福利, 报酬 84, 收入 82, 待遇 81 | 福利 其他",
    "place": (
        "工作地点 90, 工作地址 88, 工作地 87, 地点 85 | 户籍 生源 报名 考试 面试, "
        "地区 84 | 户籍 生源, 区县 84, 所在地 83 | 户籍 生源"
    ),
    "experience": "经验 86, 工作年限 88, 工龄 84",
    "education": "学历 88, 文化程度 88",
    "skills": "技能 84 | 等级, 关键词 84",
    "description": (
        "职责 88, 工作内容 90, 岗位描述 90, 职位描述 90, 岗位说明 88, 岗位简介 88, 工作任务 88, "
        "主要工作 86, 描述 86"
    ),
    "requirements": (
        "任职 86, 资格条件 88, 其他条件 88, 其他要求 88, 岗位要求 88, 招聘条件 88, 条件 81, 要求 80"
    ),
    "headcount": "人数 88, 名额 86, 招聘计划 86, 计划数 86, 数量 82",
    "valid_until": "截止 86, 有效期 88",
    "employment_type": "用工形式 88, 用工性质 88, 聘用形式 86",
    "company_size": "规模 84",
}


def _cues(table: dict[str, str]) -> tuple[Cue, ...]:
    """ "词 88 | 例外 例外" → Cue(field, "词", 88, ("例外", "例外")); "!" stands for ``_NOT_A_NAME``."""
    out = []
    for name, text in table.items():
        for item in text.split(","):
            head, _, unless = item.partition("|")
            word, score, *bang = head.split()
            words = tuple(_NOT_A_NAME) if bang == ["!"] else tuple(unless.split())
            out.append(Cue(name, word, float(score), words))
    return tuple(out)


POST_CUES = _cues(_POST_CUE_TEXT)
POST_LABELS = {
    "external_id": "编号",
    "title": "岗位名称",
    "enterprise_name": "企业名称",
    "credit_code": "统一社会信用代码",
    "pay": "薪资",
    "pay_min": "最低薪资",
    "pay_max": "最高薪资",
    "place": "工作地点",
    "experience": "经验要求",
    "education": "学历要求",
    "skills": "技能要求",
    "description": "工作内容",
    "requirements": "任职要求",
    "headcount": "招聘人数",
    "valid_until": "有效期",
    "employment_type": "工作性质",
    "company_size": "企业规模",
}
# Where a description carries its own requirements ("任职要求：…"), split it there.
REQUIREMENTS_HEAD = re.compile(r"(任职要求|职位要求|岗位要求|任职资格|任职条件)\s*[:：]?")
NUMBERING_TAIL = re.compile(r"[\s一二三四五六七八九十\d]*[、.．]?\s*$")
EMPLOYMENT = {
    "全职": "full_time",
    "兼职": "part_time",
    "实习": "internship",
    "见习": "traineeship",
    "就业见习": "traineeship",
}


def size_band(text: str) -> str | None:
    """Headcount bands as job boards write them → our size band (by 统计上大中小微型企业划分 headcounts)."""
    m = re.match(r"(\d+)", p.normalise(text))
    if not m:
        return None
    low = int(m.group(1))
    return "micro" if low < 20 else "small" if low < 300 else "medium" if low < 1000 else "large"


def _skills(text: str) -> list[str]:
    items = re.split(r"[\n,，、;；/|]+", text or "")
    return [s.strip() for s in items if s.strip()][:20]


def build_post(v: dict[str, str], ctx: Context) -> Built:
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    r: dict[str, Any] = {
        "external_id": v.get("external_id", "")[:64] or None,
        "title": v.get("title", "")[:100],
    }
    r["enterprise_name"] = v.get("enterprise_name", "").strip()
    r["credit_code"] = normalize_uscc(v.get("credit_code", "")) or None
    if r["credit_code"] and (msg := uscc_error(r["credit_code"])):
        errors.append(("credit_code", msg))
    if not r["enterprise_name"] and not r["credit_code"]:
        errors.append(("enterprise_name", "缺少企业名称或统一社会信用代码"))
    description = v.get("description", "")
    requirements = v.get("requirements", "")
    if description and not requirements and (m := REQUIREMENTS_HEAD.search(description)):
        head = NUMBERING_TAIL.sub("", description[: m.start()])  # drop a "二、" before the heading
        if len(head.strip()) >= 10:
            description, requirements = head.strip(), f"{m.group(1)}：{description[m.end() :].strip()}"
    kept = v.get(KEPT, "")
    if kept:  # columns mapped to no field ("专业", "年龄", "其他条件") are part of what the post asks
        requirements = f"{requirements.strip()}\n{kept}".strip()
    if len(description.strip()) < 10 and "description" not in v and requirements:
        # a vacancy table (事业单位, 国企) has no 工作内容 column: the post is described by its other columns
        description = f"{r['title']}。{requirements}"
        warnings.append(("description", "表中没有工作内容列，已用岗位名称和其他列组成，请在审核时补充"))
    r["description"], r["requirements"] = description.strip(), requirements.strip()
    r["skills"] = _skills(v.get("skills", ""))
    if not r["requirements"] and r["skills"]:
        r["requirements"] = "技能要求：" + "、".join(r["skills"])
    if not r["requirements"] and r["description"]:
        r["requirements"] = "见工作内容"
        warnings.append(("requirements", "未单独填写任职要求，已使用工作内容"))
    if len(r["description"]) < 10:
        errors.append(("description", "工作内容少于10个字"))
    pay_text = v.get("pay") or (f"{v.get('pay_min', '')}-{v.get('pay_max', '')}" if v.get("pay_min") else "")
    try:
        pay = p.parse_pay(pay_text)
        r.update(pay_unit=pay.unit, pay_min=pay.low, pay_max=pay.high, pay_months=pay.months)
        if pay.note:
            warnings.append(("pay", pay.note))
    except p.ParseError as exc:
        errors.append(("pay", str(exc)))
    try:
        r["education"] = p.parse_education(v.get("education", ""))
    except p.ParseError as exc:
        errors.append(("education", str(exc)))
    employment = EMPLOYMENT.get(p.normalise(v.get("employment_type", "")), "full_time")
    try:
        exp = p.parse_experience(v.get("experience", ""))
        r["experience_min_years"], r["experience_max_years"] = exp.min_years, exp.max_years
        if exp.internship and employment == "full_time":
            employment = "internship"
    except p.ParseError as exc:
        errors.append(("experience", str(exc)))
    r["employment_type"] = employment
    try:
        r["headcount"] = p.parse_headcount(v.get("headcount", ""))
    except p.ParseError as exc:
        errors.append(("headcount", str(exc)))
    place = v.get("place", "")
    r["address"] = place[:200]
    try:
        r["adcode"] = ctx.places.resolve(place)
    except p.ParseError as exc:
        if place.strip() or (guess := _place_from(ctx, r["enterprise_name"])) is None:
            errors.append(("place", str(exc)))
        else:
            r["adcode"], source = guess
            warnings.append(("place", f"未填写工作地点，已按{source}推定，请核实"))
    if v.get("valid_until"):
        try:
            r["valid_until"] = p.parse_date(v["valid_until"])
            if r["valid_until"] < ctx.today:
                errors.append(("valid_until", "有效期已过"))
        except p.ParseError as exc:
            errors.append(("valid_until", str(exc)))
    else:
        r["valid_until"] = ctx.today + DEFAULT_VALIDITY
        warnings.append(("valid_until", f"未填写有效期，按导入日起{DEFAULT_VALIDITY.days}天"))
    r["company_size"] = size_band(v.get("company_size", ""))
    if v.get("company_size") and r["company_size"] is None:
        warnings.append(("company_size", f"无法识别企业规模“{v['company_size']}”，新建企业按小型处理"))
    r["flags"] = []  # filled by check_built_post
    r["kept"] = kept  # the unmapped columns' "header：value" lines, to say which one a finding came from
    return Built(r, errors, warnings)


def post_text(r: dict[str, Any]) -> str:
    """What the compliance check reads of a built post: its title, description and requirements."""
    return "\n".join(t for t in (r["title"], r["description"], r["requirements"]) if t)


def check_built_post(built: Built) -> None:
    """The same verdict as the post form: unlawful text is an error (the file is not imported), doubtful
    text a warning; the categories found are kept as the post's flags."""
    for finding in check_post(post_text(built.record)):
        built.record["flags"].append(finding.code)
        said = f"{finding.message}：“{finding.excerpt}”（{finding.clause}）"
        where = _source_of(finding.excerpt, built.record)
        (built.errors if finding.severity == "block" else built.warnings).append((where, said))


def _source_of(excerpt: str, r: dict[str, Any]) -> str:
    """Where a finding's words are, so the report names the column to fix: of the kept columns ("其他条件"),
    the requirements and the title, the one holding most of the excerpt's words (in that order on a tie);
    the description when none holds any."""
    pieces = [p for p in _PIECES.split(excerpt) if len(p) >= 2]
    places = [tuple(line.partition("：")[::2]) for line in r.get("kept", "").splitlines()]
    own = r["requirements"].replace(r.get("kept", ""), "")  # the requirements column without the kept lines
    places += [("requirements", own), ("title", r["title"])]
    best, most = "description", 0
    for name, text in places:
        found = sum(len(p) for p in pieces if p in text)
        if found > most:
            best, most = name, found
    return best


_PIECES = re.compile(r"[\s。，、；;,.:：!！?？()（）]+")


def _place_from(ctx: Context, employer: str) -> tuple[str, str] | None:
    """(adcode, where it came from) for a row without a place: the employer's name ("天津市南开区第三中学"),
    else the sheet's title rows ("2026年南开区事业单位公开招聘岗位表")."""
    for text, source in ((employer, "单位名称"), (ctx.title, "表格标题")):
        if text.strip():
            try:
                return ctx.places.resolve(text), source
            except p.ParseError:
                continue
    return None


ENTERPRISE_ALIASES = {
    "name": ["企业名称", "公司名称", "单位名称", "企业", "公司"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码"],
    "tier": ["企业梯度", "企业类型", "认定类型", "专精特新类型", "梯度"],
    "place": ["所在地区", "所在地", "地区", "注册地", "区县"],
    "address": ["地址", "注册地址", "详细地址", "经营地址"],
    "size": ["企业规模", "规模", "人员规模"],
    "employees": ["职工人数", "在职人数", "从业人数", "员工人数"],
    "contact_name": ["联系人", "联系人姓名"],
    "contact_phone": ["联系电话", "联系方式", "手机", "手机号"],
    "introduction": ["企业简介", "简介", "主营业务"],
}
ENTERPRISE_LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "tier": "企业梯度",
    "place": "所在地区",
    "address": "地址",
    "size": "企业规模",
    "employees": "职工人数",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "introduction": "企业简介",
}
SIZE_WORDS = {"微型": "micro", "小型": "small", "中型": "medium", "大型": "large"}


def parse_tier(text: str) -> str:
    raw = p.normalise(text)
    if "小巨人" in raw:
        return "little_giant"
    if "专精特新" in raw:
        return "specialized"
    if "创新型" in raw:
        return "innovative"
    return "none"


def build_enterprise(v: dict[str, str], ctx: Context) -> Built:
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    code = normalize_uscc(v.get("credit_code", ""))
    r: dict[str, Any] = {"name": v.get("name", "").strip()[:128], "credit_code": code or None}
    if not r["name"]:
        errors.append(("name", "缺少企业名称"))
    if not code:
        errors.append(("credit_code", "缺少统一社会信用代码"))
    elif msg := uscc_error(code):
        errors.append(("credit_code", msg))
    r["tier"] = parse_tier(v.get("tier", ""))
    r["address"] = v.get("address", "")[:200]
    place = v.get("place") or v.get("address", "")
    if place:
        try:
            r["adcode"] = ctx.places.resolve(place)
        except p.ParseError as exc:
            warnings.append(("place", str(exc)))
    size = v.get("size", "")
    r["size_band"] = SIZE_WORDS.get(p.normalise(size)) or size_band(size) or "small"
    if v.get("employees"):
        try:
            r["employees"] = int(float(p.normalise(v["employees"]).rstrip("人")))
        except ValueError:
            errors.append(("employees", f"职工人数“{v['employees']}”不是数字"))
    r["contact_name"] = v.get("contact_name", "")[:32]
    phone = p.normalise(v.get("contact_phone", ""))
    r["contact_phone"] = phone[:20]
    if phone and not is_phone(phone) and not re.fullmatch(r"0\d{2,3}-?\d{7,8}", phone):
        warnings.append(("contact_phone", f"联系电话“{phone}”格式不规范"))
    r["introduction"] = "\n".join(t for t in (v.get("introduction", ""), v.get(KEPT, "")) if t)[:3000]
    return Built(r, errors, warnings)


SEEKER_ALIASES = {
    "name": ["姓名", "求职者姓名"],
    "phone": ["手机号", "手机", "联系电话", "手机号码"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码"],
    "education": ["学历", "最高学历"],
    "school": ["毕业院校", "学校", "院校"],
    "major": ["专业", "所学专业"],
    "graduation_date": ["毕业时间", "毕业日期", "毕业年月"],
    "desired_titles": ["求职意向", "意向岗位", "期望职位"],
    "groups": ["人员类别", "群体类别", "重点群体"],
    "place": ["意向地区", "期望城市", "求职地区"],
}
SEEKER_LABELS = {
    "name": "姓名",
    "phone": "手机号",
    "id_number": "身份证号",
    "education": "学历",
    "school": "毕业院校",
    "major": "专业",
    "graduation_date": "毕业时间",
    "desired_titles": "求职意向",
    "groups": "人员类别",
    "place": "意向地区",
}
GROUP_CODES = {
    "高校毕业生": "graduate",
    "退役军人": "veteran",
    "农民工": "migrant",
    "就业困难人员": "difficulty",
    "登记失业人员": "unemployed",
    "农村劳动力": "rural",
}
ID_RE = re.compile(r"^\d{17}[\dX]$")


def build_seeker(v: dict[str, str], ctx: Context) -> Built:
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    r: dict[str, Any] = {"name": v.get("name", "").strip()[:32]}
    if not r["name"]:
        errors.append(("name", "缺少姓名"))
    phone = p.normalise(v.get("phone", ""))
    r["phone"] = phone
    if not is_phone(phone):
        errors.append(("phone", "手机号应为11位大陆手机号"))
    id_number = p.normalise(v.get("id_number", "")).upper()
    if id_number and not ID_RE.match(id_number):
        errors.append(("id_number", "身份证号应为18位"))
    r["id_number"] = id_number
    try:
        r["education"] = p.parse_education(v.get("education", ""))
    except p.ParseError as exc:
        errors.append(("education", str(exc)))
    r["school"], r["major"] = v.get("school", "")[:100], v.get("major", "")[:100]
    r["graduation_date"] = None
    if v.get("graduation_date"):
        text = v["graduation_date"]
        try:
            r["graduation_date"] = p.parse_date(
                text if re.search(r"\d{1,2}[-/.月]\d", text) else text + "-06-30"
            )
        except p.ParseError:
            try:
                r["graduation_date"] = p.parse_date(re.sub(r"[年.]", "-", text).rstrip("月-") + "-01")
            except p.ParseError as exc:
                errors.append(("graduation_date", str(exc)))
    r["desired_titles"] = _skills(v.get("desired_titles", ""))[:5]
    groups = _skills(v.get("groups", ""))
    unknown = [g for g in groups if g not in GROUP_CODES]
    if unknown:
        warnings.append(("groups", "未识别的人员类别：" + "、".join(unknown)))
    r["groups"] = [GROUP_CODES[g] for g in groups if g in GROUP_CODES]
    r["desired_adcodes"] = []
    if v.get("place"):
        try:
            r["desired_adcodes"] = [ctx.places.resolve(v["place"])]
        except p.ParseError as exc:
            warnings.append(("place", str(exc)))
    return Built(r, errors, warnings)


KINDS = {
    "posts": Kind(
        "posts",
        "岗位",
        POST_ALIASES,
        POST_LABELS,
        ("title",),  # 工作内容 and 工作地点 can come from other columns: checked row by row
        build_post,
        check=check_built_post,
        check_text=post_text,
        cues=POST_CUES,
        keep_in="requirements",
    ),
    "enterprises": Kind(
        "enterprises",
        "企业",
        ENTERPRISE_ALIASES,
        ENTERPRISE_LABELS,
        ("name", "credit_code"),
        build_enterprise,
        keep_in="introduction",
    ),
    "seekers": Kind("seekers", "求职者", SEEKER_ALIASES, SEEKER_LABELS, ("name", "phone"), build_seeker),
}
