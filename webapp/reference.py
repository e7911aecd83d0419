"""Reference data the demo zone uses: regions (adcodes) in 天津 and 江苏, and GB/T 4754 industries.

The full national tables are loaded by importers; these are the places the zone serves by default.
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

from werkzeug.exceptions import NotFound

from policy.regions import TIANJIN_DISTRICTS

PROVINCES = {"120000": "天津市", "320000": "江苏省"}

# Cities: adcode → name. 天津 is a municipality: its districts are the "city" level users pick from.
CITIES = {
    "120000": "天津市",
    "320100": "南京市",
    "320200": "无锡市",
    "320300": "徐州市",
    "320400": "常州市",
    "320500": "苏州市",
    "320600": "南通市",
    "320700": "连云港市",
    "320800": "淮安市",
    "320900": "盐城市",
    "321000": "扬州市",
    "321100": "镇江市",
    "321200": "泰州市",
    "321300": "宿迁市",
}

DISTRICTS = {
    **TIANJIN_DISTRICTS,
    "320102": "玄武区",
    "320106": "鼓楼区",
    "320115": "江宁区",
    "320213": "梁溪区",
    "320214": "新吴区",
    "320505": "虎丘区",
    "320506": "吴中区",
    "320571": "苏州工业园区",
    "320412": "武进区",
    "320611": "港闸区",
    "320311": "泉山区",
}

INDUSTRIES = {
    "C26": "化学原料和化学制品制造业",
    "C27": "医药制造业",
    "C29": "橡胶和塑料制品业",
    "C34": "通用设备制造业",
    "C35": "专用设备制造业",
    "C36": "汽车制造业",
    "C38": "电气机械和器材制造业",
    "C39": "计算机、通信和其他电子设备制造业",
    "C40": "仪器仪表制造业",
    "I64": "互联网和相关服务",
    "I65": "软件和信息技术服务业",
    "M73": "研究和试验发展",
    "L72": "商务服务业（含人力资源服务）",
    "M74": "专业技术服务业",
}


def city_code(adcode: str) -> str:
    """The city-level adcode; 天津's districts roll up to 120000."""
    if not adcode:
        return ""
    if adcode.startswith("12"):
        return "120000"
    return adcode[:4] + "00"


@lru_cache(maxsize=1)
def national_names() -> dict[str, str]:
    """adcode → name for every region in ``SHARED_DATA_DIR/taxonomies/cncity.csv`` (empty without it): names
    for places outside the zone's own tables, e.g. posts imported from other cities."""
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    path = Path(os.environ.get("SHARED_DATA_DIR", default)) / "taxonomies" / "cncity.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row["name"] for row in csv.DictReader(fh)}


def city_name(adcode: str) -> str:
    code = city_code(adcode)
    return CITIES.get(code) or national_names().get(code, "")


def district_name(adcode: str) -> str:
    if not adcode or adcode[:6] == city_code(adcode):
        return ""
    return DISTRICTS.get(adcode[:6]) or national_names().get(adcode[:6], "")


PROVINCES = {"12": "天津市", "32": "江苏省"}


def province_name(adcode: str) -> str:
    """天津市 / 江苏省 (any province with the national table)."""
    if not adcode:
        return ""
    return PROVINCES.get(adcode[:2]) or national_names().get(adcode[:2] + "0000", "")


def place_name(adcode: str) -> str:
    """ "天津市·南开区" / "苏州市" for display."""
    city, district = city_name(adcode), district_name(adcode)
    return f"{city}·{district}" if district else city


def industry_name(code: str) -> str:
    return INDUSTRIES.get(code, code)


def city_prefix(name: str) -> str:
    """The adcode prefix shared by every place in a city named ``name`` ("" when unknown)."""
    for code, city in CITIES.items():
        if city == name:
            return "12" if code == "120000" else code[:4]
    return ""


def place_choices() -> list[tuple[str, str]]:
    """(adcode, name) for a form's place select: 天津 districts first, then cities, then other districts."""
    choices = [(code, f"天津市·{name}") for code, name in DISTRICTS.items() if code.startswith("12")]
    choices += [(code, name) for code, name in CITIES.items() if code != "120000"]
    choices += [
        (code, f"{CITIES[code[:4] + '00']}·{name}")
        for code, name in DISTRICTS.items()
        if not code.startswith("12")
    ]
    return choices


# --- the regions a bureau's figures are kept for (targets, the shortage catalogue) ----------------------


def region_choices() -> list[tuple[str, str]]:
    """(adcode, name): the two provinces, 江苏's cities, 天津's districts (天津 is a municipality)."""
    out = [("320000", "江苏省")]
    out += [(code, f"江苏省·{name}") for code, name in CITIES.items() if code.startswith("32")]
    out += [("120000", "天津市")]
    out += [(code, f"天津市·{name}") for code, name in DISTRICTS.items() if code.startswith("12")]
    return out


def region_name(region: str) -> str:
    return dict(region_choices()).get(region) or PROVINCES.get(region[:2] + "0000", region)


def prefix(region: str) -> str:
    """The adcode prefix of every place in ``region``: 320000 → 32, 320500 → 3205, 120104 → 120104."""
    if not (len(region) == 6 and region.isdigit()):
        raise NotFound("没有这个地区")
    code = region
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code
