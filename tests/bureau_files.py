"""Spreadsheets shaped the way bureaus and public employers publish them — not the way our importer would
like: title rows above the header, two sheets, merged two-row headers, headers worded in their own words,
employers that are government bodies with no credit-code column, conditions (gender, age) in a free-text
"其他条件" column, no pay and no place column. Each table is written by hand after the public announcements
of its kind; none is in the importer's alias list as a whole."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

# 事业单位公开招聘岗位表: 13 columns, two title rows, two sheets (教育, 卫生), no credit code, pay or place.
PUBLIC_SECTOR_HEADER = [
    "序号", "主管部门", "招聘单位", "单位性质", "岗位名称", "岗位代码", "岗位类别", "招聘计划",
    "学历", "专业", "年龄", "其他条件", "咨询电话",
]  # fmt: skip
PUBLIC_SECTOR_ROWS = {
    "教育系统": [
        (
            "南开区教育局",
            "天津市南开区第二十中学",
            "全额拨款",
            "初中数学教师",
            "20260101",
            "专业技术岗",
            "2",
            "本科及以上",
            "数学与应用数学、数学教育",
            "35周岁以下",
            "具有初中及以上数学教师资格证",
            "022-27361234",
        ),
        (
            "南开区教育局",
            "天津市南开区第二十中学",
            "全额拨款",
            "初中体育教师",
            "20260102",
            "专业技术岗",
            "1",
            "本科及以上",
            "体育教育",
            "35周岁以下",
            "限男性，需担任班主任",
            "022-27361234",
        ),
        (
            "南开区教育局",
            "天津市南开区实验小学",
            "全额拨款",
            "小学语文教师",
            "20260103",
            "专业技术岗",
            "3",
            "本科及以上",
            "汉语言文学、小学教育",
            "30周岁以下",
            "具有小学及以上语文教师资格证",
            "022-27365678",
        ),
        (
            "南开区教育局",
            "天津市南开区第一幼儿园",
            "差额拨款",
            "幼儿教师",
            "20260104",
            "专业技术岗",
            "2",
            "大专及以上",
            "学前教育",
            "30周岁以下",
            "女性，已婚已育者优先",
            "022-27369012",
        ),
    ],
    "卫生系统": [
        (
            "南开区卫生健康委员会",
            "天津市南开区疾病预防控制中心",
            "全额拨款",
            "检验技师",
            "20260201",
            "专业技术岗",
            "1",
            "本科及以上",
            "医学检验技术",
            "35周岁以下",
            "取得检验技师资格",
            "022-27381111",
        ),
        (
            "南开区卫生健康委员会",
            "天津市南开区疾病预防控制中心",
            "全额拨款",
            "财务会计",
            "20260202",
            "管理岗",
            "1",
            "本科及以上",
            "会计学、财务管理",
            "35周岁以下",
            "具有2年以上财务工作经历",
            "022-27381111",
        ),
        (
            "南开区卫生健康委员会",
            "天津市南开区王顶堤医院",
            "差额拨款",
            "护士",
            "20260203",
            "专业技术岗",
            "4",
            "大专及以上",
            "护理学",
            "30周岁以下",
            "取得护士执业资格，能适应夜班",
            "022-27382222",
        ),
    ],
}


UNLAWFUL = ("限男性", "已婚已育")  # the two conditions a bureau may not publish (rows 5 and 7 of 教育系统)


def public_sector_table(path: Path, lawful_only: bool = False) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, all_rows in PUBLIC_SECTOR_ROWS.items():
        rows = [r for r in all_rows if not (lawful_only and any(w in r[10] for w in UNLAWFUL))]
        ws = wb.create_sheet(sheet)
        ws.append(["2026年天津市南开区事业单位公开招聘工作人员岗位表"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PUBLIC_SECTOR_HEADER))
        ws.append(["填报单位：南开区人力资源和社会保障局", None, None, None, None, None, None, None, None,
                   "填报日期：2026年11月20日"])  # fmt: skip
        ws.append(PUBLIC_SECTOR_HEADER)
        for n, row in enumerate(rows, start=1):
            ws.append([n, *row])
        ws.append([])
        ws.append(["注：年龄计算截至报名首日；咨询时间为工作日9:00-17:00。"])
    wb.save(path)
    return path


# 国有企业招聘需求表: a merged two-row header (岗位信息 / 任职条件 above their sub-columns), pay and place.
STATE_FIRM_TOP = ["用人单位名称", "岗位信息", None, None, None, "任职条件", None, None, "工作地点",
                  "薪酬待遇", "联系方式"]  # fmt: skip
STATE_FIRM_SUB = [None, "需求岗位", "需求人数", "岗位职责", "用工形式", "学历要求", "专业要求", "其他要求",
                  None, None, None]  # fmt: skip
STATE_FIRM_ROWS = [
    ("天津港建设集团有限公司", "港机电气工程师", "2", "负责港口起重机械电气系统的维护、检修与技术改造",
     "全职", "本科及以上", "电气工程及其自动化", "3年以上港机电气维护经验", "天津市滨海新区",
     "10000-15000元/月", "022-25701234"),
    ("天津港建设集团有限公司", "安全管理员", "1", "负责作业现场安全检查、隐患排查与安全培训组织",
     "全职", "大专及以上", "安全工程", "持注册安全工程师证书者优先", "天津市滨海新区", "7000-9000元/月",
     "022-25701234"),
    ("天津轨道交通运营集团有限公司", "列车司机", "10", "负责地铁列车驾驶及日常检查，确保运营安全",
     "全职", "大专及以上", "城市轨道交通运营管理", "身高165cm以上，男性", "天津市河西区", "8000-12000元/月",
     "022-23456789"),
]  # fmt: skip


def state_firm_table(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "需求汇总"
    ws.append(["2026年市属国有企业招聘需求汇总表"])
    ws.append(STATE_FIRM_TOP)
    ws.append(STATE_FIRM_SUB)
    ws.merge_cells("B2:E2")
    ws.merge_cells("F2:H2")
    for row in STATE_FIRM_ROWS:
        ws.append(list(row))
    wb.save(path)
    return path


# 人社局现场招聘会企业报名表: 序号, the firm with its credit code, 招聘工种, 月工资（元）, 福利待遇.
FAIR_HEADER = ["序号", "企业全称", "社会统一信用代码", "招聘工种", "拟招人数", "文化程度", "月工资（元）",
               "工作地址", "福利待遇", "工作描述", "联系人及电话"]  # fmt: skip


def fair_signup_table(path: Path, firms: list[tuple[str, str]]) -> Path:
    """``firms``: (name, credit code) of firms on the platform, two posts each."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报名表"
    ws.append(["“春风行动”专精特新企业专场招聘会报名汇总表"])
    ws.append(FAIR_HEADER)
    n = 0
    for name, code in firms:
        for title, pay, desc in (
            ("数控车工", "6000-8000", "操作数控车床加工精密零件，按图纸完成首件检验"),
            ("质检员", "5000-6500", "负责来料和成品检验，填写检验记录，参与质量问题分析"),
        ):
            n += 1
            ws.append([n, name, code, title, 3, "中专及以上", pay, "天津市西青区", "五险一金，包食宿", desc,
                       "王女士 13800001111"])  # fmt: skip
    wb.save(path)
    return path
