"""Spreadsheet exports that cannot run code: a cell starting with = + - @ (or a tab / carriage return) is
written as text with a leading apostrophe, so Excel and WPS never read it as a formula (CSV injection).

Times are stored as naive UTC; every time written to a file is 北京时间, as people read it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from webapp.beijing import to_local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers, dates and None pass; a stored (UTC) time becomes 北京时间; text that could start a formula is
    neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        return to_local(value)
    return value


def _xlsx_cell(ws, value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, datetime):  # shown as 2026-11-30 09:30, not as a float or with seconds
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    return value


def xlsx_bytes(rows: Iterable[list[Any]], title: str) -> bytes:
    return xlsx_workbook({title: rows})


def xlsx_workbook(sheets: dict[str, Iterable[list[Any]]]) -> bytes:
    """One sheet per entry, in order."""
    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title[:31])
        for row in rows:
            ws.append([_xlsx_cell(ws, v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def import_report_xlsx(plan, errors, warnings, only_errors: bool = False) -> bytes:
    """The file as read, each sheet with 错误 and 提示 columns, so it can be fixed and imported again; with
    ``only_errors`` just the rows that have an error (what is left after importing the valid rows)."""
    wb = Workbook(write_only=True)
    by_row: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    for issue in errors:
        by_row.setdefault((issue.sheet, issue.row), ([], []))[0].append(_describe(issue))
    for issue in warnings:
        by_row.setdefault((issue.sheet, issue.row), ([], []))[1].append(_describe(issue))
    for sheet in plan.sheets:
        if sheet.header_row is None:
            continue
        ws = wb.create_sheet(sheet.name[:31])
        headers = plan.headers.get(sheet.name, [])
        ws.append([safe_cell(h) for h in headers] + ["错误", "提示"])
        for row in (r for r in plan.rows if r.sheet == sheet.name):
            errs, warns = by_row.get((row.sheet, row.row), ([], []))
            if only_errors and not errs:
                continue
            cells = (row.source + [""] * len(headers))[: max(len(headers), len(row.source))]
            ws.append([safe_cell(c) for c in cells] + ["；".join(errs), "；".join(warns)])
    if not wb.worksheets:
        wb.create_sheet("报告").append(["未找到可导入的工作表"])
    from webapp.services.imports import row_counts

    counts = row_counts(plan, errors, warnings)
    summary = wb.create_sheet("汇总")  # last: a corrected file re-imports its data sheets, this has no header
    for label, key in (("数据行", "rows"), ("可导入的行", "valid"), ("有错误的行", "rows_with_errors"),
                       ("有提示的行", "rows_with_warnings")):  # fmt: skip
        summary.append([label, counts[key]])
    summary.append(["错误条数", len(errors)])
    summary.append(["提示条数", len(warnings)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _describe(issue) -> str:
    return f"{issue.column}：{issue.message}" if issue.column else issue.message
