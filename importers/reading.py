"""Read every sheet of an ``.xlsx`` (values, never formulas) or a ``.csv`` in UTF-8, UTF-8 with BOM or
GB18030/GBK into rows of strings."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from importers.safety import ImportRefused

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312


@dataclass
class Sheet:
    name: str
    rows: list[list[str]] = field(default_factory=list)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives its cached value, never the formula text.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ImportRefused(f"无法读取该 .xlsx 文件：{type(exc).__name__}") from None
    try:
        sheets = []
        for ws in workbook.worksheets:
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            sheets.append(Sheet(ws.title, rows))
        return sheets
    finally:
        workbook.close()


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding) trying UTF-8 (with or without BOM), then GB18030."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportRefused("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 .xlsx")


def read_csv(path: Path) -> list[Sheet]:
    text, _ = decode_csv(path.read_bytes())
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    return [Sheet(path.stem, rows)]


def read_table(path: Path, kind: str) -> list[Sheet]:
    return read_xlsx(path) if kind == "xlsx" else read_csv(path)
