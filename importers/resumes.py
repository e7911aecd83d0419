"""Résumés as files: the text of a PDF or Word (.docx) résumé, and a draft of the structured résumé parsed
from it (name, phone, education with school and major, work and internship lines, skills) for the seeker to
confirm. Nothing here writes anything.

The parser finds entities with rules and the project's dictionaries, not a model trained on someone's data:
the 教育部 list of universities and the 本科专业目录 (schools and majors), the 职业分类大典's names and the
roles of a firm (titles), the endings of organisation names (公司, 集团, 银行, 大学 …), degree words, and a
surname table for names. ``entities`` is what ``flask resume eval`` scores against the ResumeNER dev set
(NAME, EDU, ORG, TITLE, PRO), and ``parse`` builds the draft from the same entities.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from importers.compliance import _SURNAMES
from matching.skills import SkillExtractor

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
MAX_TEXT = 200_000  # characters: a résumé, not a book
MAX_DOCX_XML = 30 * 1024 * 1024
TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}


class ResumeRefused(ValueError):
    """A file we will not read; the message is Chinese and safe to show."""


class NoText(ResumeRefused):
    """A readable file without text in it: a scan or a photo."""


def extract_text(data: bytes, filename: str) -> str:
    """The text of a PDF or DOCX résumé; ``ResumeRefused`` (Chinese) for anything else, ``NoText`` for a
    scan."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in TYPES:
        raise ResumeRefused("只支持 PDF 或 Word（.docx）格式的简历；.doc 请另存为 .docx")
    if not data:
        raise ResumeRefused("文件是空的")
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeRefused(f"简历文件超过 {MAX_RESUME_BYTES // 1024 // 1024} MB")
    if not data.startswith(TYPES[suffix]):
        raise ResumeRefused("文件内容与扩展名不符，请上传真正的 PDF 或 .docx 文件")
    text = _pdf_text(data) if suffix == ".pdf" else _docx_text(data)
    # NFKC: PDF fonts often map CJK characters to their Kangxi-radical twins (⼤ U+2F24 for 大), and
    # full-width letters and digits to plain ones
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[ \t\u3000]+", " ", text)[:MAX_TEXT].strip()
    if len(re.sub(r"\s", "", text)) < 10:
        raise NoText("无法识别文字（可能是扫描件或图片），请手动填写")
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ResumeRefused("PDF 已加密，请去掉密码后上传")
        if len(reader.pages) > MAX_PAGES:
            raise ResumeRefused(f"简历超过 {MAX_PAGES} 页")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ResumeRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ResumeRefused(f"无法读取该 PDF（{type(exc).__name__}）") from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    """Paragraphs and table cells of word/document.xml, read with the same distrust as a spreadsheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {i.filename.lower(): i for i in archive.infolist()}
            if len(names) > 1000:
                raise ResumeRefused("文件结构异常，已拒绝")
            if any(n.endswith("vbaproject.bin") for n in names):
                raise ResumeRefused("文件含有宏代码，已拒绝")
            info = names.get("word/document.xml")
            if info is None:
                raise ResumeRefused("不是有效的 .docx 文件")
            if info.compress_size and info.file_size / info.compress_size > 200:
                raise ResumeRefused("文件结构异常（压缩比过高），已拒绝")
            with archive.open(info) as stream:
                xml = stream.read(MAX_DOCX_XML + 1)
            if len(xml) > MAX_DOCX_XML:
                raise ResumeRefused("简历文件解压后过大")
    except ResumeRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ResumeRefused(f"无法读取该 .docx（{type(exc).__name__}）") from None
    try:
        root = ElementTree.fromstring(xml)  # expat refuses entity-expansion bombs
    except ElementTree.ParseError:
        raise ResumeRefused("无法读取该 .docx（文档内容损坏）") from None
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(
            node.text or ("\t" if node.tag == f"{_W}tab" else "")
            for node in paragraph.iter()
            if node.tag in (f"{_W}t", f"{_W}tab")
        )
        lines.append(text)
    return "\n".join(lines)


# ---- entities ---------------------------------------------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_COMPOUND = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|钟离"
# the hundred commonest surnames (the contact-person rule's) and others common in China's north and south
_MORE_SURNAMES = "易耿卢楚辛管岳柴左祝包鲁葛苗邢庞樊殷兰施洪牛温季康安傅聂宁"
SURNAME = f"(?:{_COMPOUND}|[{_SURNAMES}{_MORE_SURNAMES}])"
_NAME_AT_START = re.compile(
    rf"^\s*(?:姓\s*名\s*[:：]\s*)?({SURNAME}[{_HAN}]{{1,2}})(?=\s*(?:[，,：:、\s（(]|先生|女士|男|女|$))"
)
_NAME_FIELD = re.compile(rf"姓\s*名\s*[:：]\s*({SURNAME}[{_HAN}]{{1,2}})")
_ADDRESSED = re.compile(rf"({SURNAME})(?=先生|女士)")

_EDU = re.compile(
    r"(?:大学本科|硕士研究生|博士研究生|在职研究生|研究生|本科|硕士|博士后|博士|学士|大专|专科|中专|高中|初中|"
    r"E?MBA|MPA|工商管理硕士)(?:学历|学位|文化)?|(?:大学|中专|大专|高中)(?:学历|文化)"
)
EDUCATION_LEVELS = (  # our Education codes, highest first, and the words that name them
    ("doctor", ("博士",)),
    ("master", ("硕士", "研究生", "MBA", "EMBA", "MPA")),
    ("bachelor", ("本科", "学士", "大学学历", "大学文化")),
    ("college", ("大专", "专科", "高职")),
    ("secondary", ("中专", "中职", "技校", "高中")),
)

# the roles a person holds in an organisation, beside the 大典's occupation names
_ROLES = [
    "董事长",
    "董事",
    "监事",
    "总经理",
    "经理",
    "总裁",
    "总监",
    "主任",
    "主席",
    "书记",
    "秘书",
    "会长",
    "理事长",
    "理事",
    "院长",
    "校长",
    "行长",
    "厂长",
    "局长",
    "处长",
    "科长",
    "部长",
    "组长",
    "主管",
    "总工程师",
    "工程师",
    "经济师",
    "会计师",
    "审计师",
    "律师",
    "教授",
    "讲师",
    "研究员",
    "合伙人",
    "顾问",
    "委员",
    "专员",
    "助理",
    "负责人",
    "总编辑",
    "编辑",
    "所长",
    "秘书长",
    "常委",
    "政工师",
    "技术员",
    "会计",
    "教师",
    "导师",
    "代表",
]
# a unit before the role ("董事会秘书", "财务部经理", "车间主任") and a role after it ("总经理助理")
_UNIT = "董事会|监事会|工会|党委|纪委|团委|党支部|党组|委员会|办公室|车间|[\u4e00-\u9fff]{1,4}?部"
_ROLE_PREFIX = (
    "副|常务|执行|独立|首席|高级|资深|助理|总|财务|技术|行政|人力资源|销售|市场|营销|生产|运营|项目|"
    "党委|党总支|支部"
)

_ORG_END = (
    "股份有限公司|有限责任公司|有限公司|分公司|子公司|公司|集团|银行|证券|保险|基金|信托|大学|学院|学校|研究院|研究所|"
    "研究中心|委员会|协会|学会|事务所|交易所|医院|中心|局|厂|矿|所|院|基金会|政府"
)  # not 部, 处 or 科: a department is part of an organisation, not one
_ORG = re.compile(
    rf"[{_HAN}A-Za-z0-9（）()]{{1,30}}?(?:{_ORG_END})(?!长)"  # "厂长", "局长" are roles
    rf"(?:[{_HAN}]{{2,10}}?(?:学院|分公司|分行|支行|分院|研究所))?"  # a school of a university, a branch
)
_ORG_LEAD = re.compile(
    r"^(?:历任|曾任|现任|兼任|担任|出任|任职于|就职于|供职于|毕业于|加入|进入|先后在|先后任|曾在|现在|至今在|后任|任|于|在|系|为|是|"
    r"并|及|和|与|、|的)+"
)
_MAJOR_PATTERN = re.compile(rf"([{_HAN}]{{2,12}}?)专业")
# where the name of a major before "专业" begins: after the school, its 系, or the verb that introduces it
_MAJOR_LEAD = re.compile(
    r".*(?:大学|学院|学校|系|毕业于|就读于|毕业|主修|攻读|获得|获|取得|修读|的|在|于|及|和|、|，|,|。|；|\s)"
)


def _major_start(text: str, end: int) -> int:
    start = max(0, end - 12)
    window = text[start:end]
    if m := _MAJOR_LEAD.match(window):
        return start + m.end()
    return start


@dataclass(frozen=True)
class Entity:
    kind: str  # NAME, EDU, ORG, TITLE, PRO
    start: int
    end: int
    text: str


@dataclass
class Draft:
    """A résumé as parsed from a file: every field is a proposal for the seeker to check."""

    name: str = ""
    phone: str = ""
    email: str = ""
    education: str = ""  # an Education code, "" when none was found
    school: str = ""
    major: str = ""
    graduation_date: date | None = None
    experiences: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)

    def found(self) -> list[str]:
        return [k for k, v in self.__dict__.items() if v]


class ResumeParser:
    """Entities and drafts from résumé text with the shared dictionaries (``data_dir``: ``../shared/data``);
    without them, the built-in rules alone."""

    def __init__(self, data_dir: Path | None = None) -> None:
        data_dir = data_dir or Path("/nonexistent")
        self.universities = _universities(data_dir / "taxonomies" / "universities_moe2017.json")
        self.majors = _majors(data_dir / "taxonomies" / "undergrad_major_catalog.json")
        titles = set(_ROLES) | _occupation_titles(data_dir / "occupations" / "csco22.csv")
        words = sorted(titles, key=len, reverse=True)
        roles = "|".join(map(re.escape, words))
        self._title = re.compile(
            rf"(?:(?:{_UNIT})(?=(?:{_ROLE_PREFIX})*(?:{roles})))?(?:(?:{_ROLE_PREFIX})*)(?:{roles})(?:助理|秘书)?"
        )
        majors = "|".join(map(re.escape, sorted(self.majors, key=len, reverse=True)))
        # a catalogue major counts where a degree or 专业 follows it ("经济学硕士"): alone, 管理 or 经济 are
        # ordinary words of a biography
        self._major = (
            re.compile(rf"(?:{majors})(?=专业|学位|硕士|博士|学士|本科|研究生|双学位|方向|[（(])")
            if majors
            else None
        )
        schools = sorted(self.universities, key=len, reverse=True)
        self._school = re.compile("|".join(map(re.escape, schools))) if schools else None
        self.skills = SkillExtractor(_skill_words(data_dir / "taxonomies" / "THUOCL_IT.txt"))

    # entities, as the evaluation scores them
    def entities(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        taken = [False] * len(text)

        def add(kind: str, start: int, end: int) -> None:
            if start < end and not any(taken[start:end]):
                found.append(Entity(kind, start, end, text[start:end]))
                for i in range(start, end):
                    taken[i] = True

        for pattern in (_NAME_AT_START, _NAME_FIELD):
            if m := pattern.search(text):
                add("NAME", m.start(1), m.end(1))
        for m in _ADDRESSED.finditer(text):
            add("NAME", m.start(1), m.end(1))
        for m in _EDU.finditer(text):
            add("EDU", m.start(), m.end())
        for m in self._title.finditer(text):
            add("TITLE", m.start(), m.end())
        for m in _ORG.finditer(text):
            lead = _ORG_LEAD.match(m.group(0))
            start = m.start() + (lead.end() if lead else 0)
            if m.end() - start >= 2:
                add("ORG", start, m.end())
        if self._school:
            for m in self._school.finditer(text):
                add("ORG", m.start(), m.end())
        for m in re.finditer("专业", text):
            start = _major_start(text, m.start())
            if m.start() - start >= 2:
                add("PRO", start, m.end())
        if self._major:
            for m in self._major.finditer(text):
                add("PRO", m.start(), m.end())
        return sorted(found, key=lambda e: e.start)

    # the draft
    def parse(self, text: str) -> Draft:
        draft = Draft()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        head = "\n".join(lines[:8])
        names = [e for e in self.entities(head) if e.kind == "NAME" and len(e.text) >= 2]
        draft.name = names[0].text if names else ""
        if m := _PHONE.search(text):
            draft.phone = re.sub(r"\D", "", m.group(0))[-11:]
        if m := _EMAIL.search(text):
            draft.email = m.group(0)
        levels = [e.text for e in self.entities(text) if e.kind == "EDU"]
        draft.education = _highest(levels)
        schools = [m.group(0) for m in self._school.finditer(text)] if self._school else []
        if not schools:
            schools = [m.group(0) for m in re.finditer(rf"[{_HAN}]{{2,20}}(?:大学|学院)", text)]
        draft.school = schools[0] if schools else ""
        draft.major = self._major_of(lines, draft.school)
        draft.graduation_date = self._graduation(lines, draft.school)
        draft.experiences = _experience_lines(lines, draft.school)
        draft.skills = self.skills.extract(text)[:20]
        return draft

    def _major_of(self, lines: list[str], school: str) -> str:
        ordered = [line for line in lines if school and school in line] + lines
        for line in ordered:
            if m := re.search(rf"专业\s*[:：]\s*([{_HAN}A-Za-z（）()]{{2,20}})", line):
                return m.group(1)
            if m := _MAJOR_PATTERN.search(line.replace(school, " ") if school else line):
                return m.group(1)
            if self._major and (m := self._major.search(line.replace(school, " ") if school else line)):
                return m.group(0)
        return ""

    @staticmethod
    def _graduation(lines: list[str], school: str) -> date | None:
        for line in [line for line in lines if school and school in line] + lines:
            if m := _RANGE.search(line):
                if m.group(5):
                    return None  # 至今: still studying
                return date(int(m.group(3)), int(m.group(4)), 1)
            if re.search(r"毕业", line) and (m := re.search(r"(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})", line)):
                return date(int(m.group(1)), int(m.group(2)), 1)
        return None


_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RANGE = re.compile(
    r"(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})\s*月?\s*[-–—~至到]+\s*"
    r"(?:(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})\s*月?|(至今|今|现在))"
)
_WORK_WORDS = re.compile(r"实习|工作|任职|公司|集团|有限|工程师|助理|专员|经理|主管|负责")


def _experience_lines(lines: list[str], school: str) -> list[str]:
    """Lines that date a period of work or an internship (not the school's), up to 10."""
    out = []
    for line in lines:
        if _RANGE.search(line) and _WORK_WORDS.search(line) and not (school and school in line):
            out.append(line[:300])
    return out[:10]


def _highest(levels: list[str]) -> str:
    for code, words in EDUCATION_LEVELS:
        if any(w in level for level in levels for w in words):
            return code
    return ""


def _universities(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    data = json.loads(path.read_text("utf-8"))
    return {row["学校名称"] for rows in data.values() for row in rows if row.get("学校名称")}


def _majors(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    out = set()
    for row in json.loads(path.read_text("utf-8")):
        out.add(row["majorName"])
        out.update(row.get("majorAncestors") or [])  # 门类: 经济学, 工学, 管理学 …
    return {m for m in out if len(m) >= 2}


def _occupation_titles(path: Path) -> set[str]:
    """The 大典's 细类 names of up to six characters that name a person (…员, …师, …工)."""
    if not path.is_file():
        return set()
    import csv

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {re.sub(r"[（(].*?[）)]|[SL]$", "", r["name"]) for r in rows if r["level"] == "4"}
    return {n for n in names if 2 <= len(n) <= 6 and n[-1] in "员师工长"}


def _skill_words(path: Path) -> list[str]:
    """Technical terms of the THUOCL IT lexicon that hold Latin letters (Python, MySQL, PLC …), and a few
    skills every trade writes in Chinese."""
    words = list(CORE_SKILLS)
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            word = line.split("\t")[0].strip()
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9#+.\u4e00-\u9fff]{1,19}", word):
                words.append(word)
    return words


# Skills the zone's trades write that an IT lexicon lacks (or spells otherwise).
CORE_SKILLS = (
    "PLC", "AutoCAD", "CAD", "SolidWorks", "UG", "CATIA", "Pro/E", "MATLAB", "Python", "Java", "C++", "SQL",
    "MySQL", "Linux", "Excel", "Office", "PPT", "Photoshop", "ERP", "SAP", "SPSS", "Tableau", "EPLAN",
    "数据分析", "机器学习", "深度学习", "自然语言处理", "计算机视觉", "办公软件", "电气设计", "机械设计",
    "数控编程", "数控车床", "焊接", "电工证", "叉车证", "质量管理", "六西格玛", "伺服", "变频器", "嵌入式",
)  # fmt: skip


def read_bmes(path: Path) -> list[tuple[str, list[Entity]]]:
    """ResumeNER's character-per-line BMES file as (sentence, gold entities)."""
    sentences: list[tuple[str, list[Entity]]] = []
    chars: list[str] = []
    gold: list[Entity] = []
    start, kind = 0, ""

    def flush() -> None:
        nonlocal chars, gold
        if chars:
            sentences.append(("".join(chars), gold))
        chars, gold = [], []

    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 2:
            flush()
            continue
        ch, tag = parts
        i = len(chars)
        chars.append(ch)
        if tag.startswith(("B-", "S-")):
            start, kind = i, tag[2:]
        if tag.startswith(("E-", "S-")) and kind == tag[2:]:
            gold.append(Entity(kind, start, i + 1, "".join(chars[start:])))
    flush()
    return sentences


def evaluate(parser: ResumeParser, sentences: list[tuple[str, list[Entity]]], kinds: tuple[str, ...]):
    """Exact-span precision, recall and F1 per entity kind: {kind: (p, r, f1, gold count)}."""
    scores = {}
    for kind in kinds:
        tp = fp = fn = 0
        for text, gold in sentences:
            truth = {(e.start, e.end) for e in gold if e.kind == kind}
            guess = {(e.start, e.end) for e in parser.entities(text) if e.kind == kind}
            tp += len(truth & guess)
            fp += len(guess - truth)
            fn += len(truth - guess)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        scores[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn)
    return scores
