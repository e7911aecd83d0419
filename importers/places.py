"""Place names → adcodes ("天津" → 120000, "苏州" → 320500, "天津市南开区" → 120104) from the national region
table (``taxonomies/cncity.csv``: id, name, parent, depth, short name)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from importers.parsers import ParseError, normalise

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short: str
    parent: str
    depth: int  # 1 province, 2 city, 3 district


class PlaceIndex:
    def __init__(self, regions: list[Region]) -> None:
        self.by_code = {r.code: r for r in regions}
        self.by_name: dict[str, list[Region]] = {}
        for r in regions:
            for key in {r.name, r.short}:
                if len(key) >= 2:
                    self.by_name.setdefault(key, []).append(r)
        # longest names first, so "苏州工业园区" wins over "苏州"
        self.names = sorted(self.by_name, key=len, reverse=True)

    @classmethod
    def from_cncity(cls, path: Path) -> PlaceIndex:
        with path.open(encoding="utf-8") as fh:
            rows = [
                Region(r["id"], r["name"], r["short_name"] or r["name"], r["parent_id"], int(r["deep"]))
                for r in csv.DictReader(fh)
            ]
        return cls(rows)

    def _city_of(self, region: Region) -> str:
        # 天津's districts belong to the municipality (the zone treats 天津 as the city level)
        parent = region.parent
        if parent.endswith("0100") and parent[:2] + "0000" in MUNICIPALITIES:
            return parent[:2] + "0000"
        return parent

    def resolve(self, text: str) -> str:
        """The most specific adcode the text names; ``ParseError`` when it names none or is ambiguous."""
        raw = normalise(text).replace(",", "").replace("·", "")
        if not raw:
            raise ParseError("工作地点为空")
        exact = self.by_name.get(raw) or self.by_name.get(raw.removesuffix("市"))
        if exact:
            # "长沙" is 长沙市, not 长沙县: a bare name means the broadest place of that name
            shallowest = min(r.depth for r in exact)
            hits = {r.code for r in exact if r.depth == shallowest}
            if len(hits) == 1:
                return hits.pop()
        found: list[Region] = []
        rest = raw
        for name in self.names:
            if name in rest:
                found += self.by_name[name]
                rest = rest.replace(name, "|")
        if not found:
            raise ParseError(f"无法识别地点“{text}”，请写到城市或区县，如：天津市南开区")
        codes = {r.code for r in found}
        # Prefer a district whose city (or province) is also named, then the deepest unique region.
        for r in sorted(found, key=lambda r: -r.depth):
            if r.depth == 3 and (self._city_of(r) in codes or r.code[:2] + "0000" in codes):
                return r.code
        deepest = max(r.depth for r in found)
        candidates = {r.code for r in found if r.depth == deepest}
        if len(candidates) == 1:
            return candidates.pop()
        cities = {r.code for r in found if r.depth <= 2}
        if len(cities) == 1:
            return cities.pop()
        names = "、".join(sorted({self.by_code[c].name for c in candidates}))
        raise ParseError(f"地点“{text}”有歧义（{names}），请写上所在城市")

    def name(self, code: str) -> str:
        region = self.by_code.get(code)
        return region.name if region else ""
