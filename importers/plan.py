"""Plan an import: read the file, find each sheet's header, map it, parse every row; nothing is written.

The plan holds the parsed records and every row's errors and warnings; the web app writes it in one
transaction only when there are no errors (all or nothing per file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from importers.compliance import primed
from importers.headers import clean_header, find_header
from importers.kinds import KEEP, KEPT, KINDS, Context
from importers.places import PlaceIndex
from importers.profiles import SAMPLE, fits_by_field, is_numbering, profile
from importers.reading import read_table
from importers.safety import check_upload


@dataclass(frozen=True)
class RowIssue:
    sheet: str
    row: int  # 1-based row number in the sheet, as Excel shows it
    field: str
    column: str  # the source header, or the field's Chinese label
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class SheetPlan:
    name: str
    header_row: int | None  # 1-based; None when no header was found
    mapping: dict[str, str] = field(default_factory=dict)  # source header → field
    unused: list[str] = field(default_factory=list)  # columns mapped to no field (kept or ignored)
    kept: list[str] = field(default_factory=list)  # of those, the ones whose cells are kept with their header
    confidence: dict[str, tuple[float, str]] = field(default_factory=dict)  # header → (score, 表头|内容|人工)
    rows: int = 0
    note: str = ""


@dataclass
class PlannedRow:
    sheet: str
    row: int
    record: dict[str, Any]
    source: list[str]
    ok: bool


@dataclass
class ImportPlan:
    kind: str
    filename: str
    sheets: list[SheetPlan] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)  # sheet → header cells, for the report

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def add_error(self, issue: RowIssue) -> None:
        self.errors.append(issue)
        for r in self.rows:
            if r.sheet == issue.sheet and r.row == issue.row:
                r.ok = False

    def parse_rates(self) -> dict[str, float]:
        """Per mapped field, the share of rows whose value parsed (no error on that field)."""
        fields = {f for sheet in self.sheets for f in sheet.mapping.values()}
        failed: dict[str, set[tuple[str, int]]] = {f: set() for f in fields}
        unread = [w for w in self.warnings if w.message.startswith("无法识别")]  # kept, but not understood
        for e in [*self.errors, *unread]:
            if e.field in failed:
                failed[e.field].add((e.sheet, e.row))
        n = len(self.rows) or 1
        return {f: round(1 - len(bad) / n, 4) for f, bad in sorted(failed.items())}

    def mapping(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for sheet in self.sheets:
            out.update(sheet.mapping)
        return out

    def summary(self) -> dict[str, Any]:
        """The ``--json`` object: rows, valid, errors, warnings, mapping, sheets."""
        return {
            "kind": self.kind,
            "file": self.filename,
            "rows": len(self.rows),
            "valid": self.valid,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            "mapping": self.mapping(),
            "parse_rates": self.parse_rates(),
            "sheets": [
                {
                    "name": s.name,
                    "header_row": s.header_row,
                    "rows": s.rows,
                    "mapping": s.mapping,
                    "unused": s.unused,
                    "kept": s.kept,
                    "confidence": s.confidence,
                    "note": s.note,
                }
                for s in self.sheets
            ],
        }


def plan_import(
    path: Path,
    kind: str,
    places: PlaceIndex,
    filename: str | None = None,
    overrides: dict[str, str] | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Parse ``path`` as ``kind`` (posts, enterprises, seekers). ``overrides`` maps a source header to a field
    (or to "" to ignore the column): the user's corrections from the preview. ``ImportRefused`` for files that
    must not be opened."""
    spec = KINDS[kind]
    file_kind = check_upload(path, filename)
    today_ = today or date.today()
    plan = ImportPlan(kind=kind, filename=filename or path.name)
    seen_ids: dict[str, tuple[str, int]] = {}
    fits = fits_by_field(places)
    for sheet in read_table(path, file_kind):
        if file_kind == "csv":
            sheet.name = Path(plan.filename).stem  # not the stored copy's random name
        header = find_header(sheet.rows, spec.aliases, spec.cues)
        if header is None:
            plan.sheets.append(SheetPlan(sheet.name, None, note="未找到表头，已跳过"))
            continue
        notes = [i for i in range(header.row + 1, len(sheet.rows)) if _is_note(sheet.rows[i])]
        sample = [r for r in sheet.rows[header.row + 1 : header.row + 1 + SAMPLE] if not _is_note(r)]
        width = max([len(header.texts), *(len(r) for r in sample)])
        header_cells = header.texts + [""] * (width - len(header.texts))
        labels = [h or f"第{c + 1}列" for c, h in enumerate(header_cells)]
        columns = dict(header.columns)
        confidence = {labels[c]: (round(header.scores[c]), "表头") for c in columns}
        for c, f, score in _by_content(header_cells, sample, columns, fits):
            columns[c] = f
            confidence[labels[c]] = (round(score), "内容")
        # our own report's 错误 / 提示 columns, in a corrected file imported again
        ignored = {c for c, h in enumerate(header_cells) if h.strip() in REPORT_COLUMNS and c not in columns}
        if overrides:
            columns, by_user = _apply_overrides(labels, columns, overrides, spec.aliases)
            ignored |= by_user
            for c, f in columns.items():
                if header.columns.get(c) != f and confidence.get(labels[c], (0, ""))[1] != "内容":
                    confidence[labels[c]] = (100, "人工")
        unmapped = [
            c
            for c in range(width)
            if c not in columns and _has_cells(sample, c) and header_cells[c] not in REPORT_COLUMNS
        ]
        kept = [
            c
            for c in unmapped
            if spec.keep_in and c not in ignored and not is_numbering([_cell(r, c) for r in sample])
        ]
        ctx = Context(
            places=places, today=today_, title=" ".join(" ".join(r) for r in sheet.rows[: header.row])
        )
        sheet_plan = SheetPlan(
            sheet.name,
            sheet.numbers[header.row],
            mapping={labels[c]: f for c, f in sorted(columns.items())},
            unused=[labels[c] for c in unmapped],
            kept=[labels[c] for c in kept],
            confidence={h: confidence[h] for h in (labels[c] for c in sorted(columns)) if h in confidence},
        )
        plan.sheets.append(sheet_plan)
        plan.headers[sheet.name] = header_cells
        header_keys = _row_key(header.texts)
        # the header's own rows (both, for a two-row header) repeated further down are skipped
        repeated = {header_keys, _row_key(sheet.rows[header.row])}
        if header.row > 0 and header.texts != sheet.rows[header.row]:
            repeated.add(_row_key(sheet.rows[header.row - 1]))
        missing = [spec.labels[f] for f in spec.required if f not in columns.values()]
        if missing:
            sheet_plan.note = "缺少必需的列：" + "、".join(missing)
        wanted = [
            i
            for i in range(header.row + 1, len(sheet.rows))
            if not _repeats(sheet.rows[i], repeated)  # the header repeated further down
            and i not in notes
        ]
        if notes:
            rows_text = "、".join(str(sheet.numbers[i]) for i in notes[:5]) + ("等" if len(notes) > 5 else "")
            sheet_plan.note = "；".join(
                filter(None, [sheet_plan.note, f"第 {rows_text} 行是表注，未作为数据导入"])
            )
        built_rows = []
        for index in wanted:
            values = _values(sheet.rows[index], columns, kept, labels)
            built_rows.append((index, values, spec.build(values, ctx)))
            if progress:
                progress(1)
        if spec.check is not None and built_rows:
            # the compliance model reads the sheet's texts in one batch; the verdicts are the same row by row
            with primed(spec.check_text(built.record) for _, _, built in built_rows):
                for _, _, built in built_rows:
                    spec.check(built)
        column_of = {f: labels[c] for c, f in columns.items()}
        absent = set(spec.required) - set(columns.values())  # reported once per sheet, below
        for index, values, built in built_rows:
            cells = sheet.rows[index]
            number = sheet.numbers[index]
            sheet_plan.rows += 1
            plan.rows.append(PlannedRow(sheet.name, number, built.record, cells, True))
            for f in spec.required:
                if f in columns.values() and not values.get(f, "").strip():
                    built.errors.append((f, f"缺少必填项：{spec.labels[f]}"))
            for f, message in dict.fromkeys(e for e in built.errors if e[0] not in absent):
                plan.add_error(
                    RowIssue(sheet.name, number, f, column_of.get(f, spec.labels.get(f, f)), message)
                )
            for f, message in built.warnings:
                plan.warnings.append(
                    RowIssue(sheet.name, number, f, column_of.get(f, spec.labels.get(f, f)), message)
                )
            key = _identity(kind, built.record)
            if key:
                if key in seen_ids:
                    first = seen_ids[key]
                    plan.add_error(
                        RowIssue(sheet.name, number, "", "", f"与{first[0]}第{first[1]}行重复（{key}）")
                    )
                else:
                    seen_ids[key] = (sheet.name, number)
        if missing:
            for row in (r for r in plan.rows if r.sheet == sheet.name):
                plan.add_error(RowIssue(sheet.name, row.row, "", "", sheet_plan.note))
    return plan


REPORT_COLUMNS = ("错误", "提示")
_NOTE = re.compile(r"^\s*(注|备注|说明|附注|附[:：]|合计|总计|小计|填表|填报)")


def _is_note(cells: list[str]) -> bool:
    """A footnote or total under the table ("注：年龄计算截至报名首日", "合计"): one cell, opening so."""
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and bool(_NOTE.match(filled[0]))


def _cell(row: list[str], c: int) -> str:
    return row[c] if c < len(row) else ""


def _has_cells(rows: list[list[str]], c: int) -> bool:
    return any(_cell(r, c).strip() for r in rows)


def _values(cells: list[str], columns: dict[int, str], kept: list[int], labels: list[str]) -> dict[str, str]:
    """A row's mapped cells by field, and the kept columns' cells as "header：value" lines."""
    values = {f: _cell(cells, c) for c, f in columns.items()}
    lines = [f"{labels[c]}：{_cell(cells, c).strip()}" for c in kept if _cell(cells, c).strip()]
    if lines:
        values[KEPT] = "\n".join(lines)
    return values


# Free-text fields are proposed from content only for a column without a header: a header we do not know
# ("专业", "年龄") says more kept beside its cells ("专业：机械工程") than lost in a requirements column.
_FREE_TEXT = ("description", "requirements")


def _by_content(
    header_cells: list[str], sample: list[list[str]], columns: dict[int, str], fits
) -> list[tuple[int, str, float]]:
    """(column, field, score) for columns no header explains, from their cells; each field once."""
    taken = set(columns.values())
    proposals = []
    for c, text in enumerate(header_cells):
        if c in columns:
            continue
        for f, score in profile([_cell(r, c) for r in sample], fits):
            if f not in taken and not (text and f in _FREE_TEXT):
                proposals.append((score, c, f))
    out = []
    for score, c, f in sorted(proposals, key=lambda x: (-x[0], x[1])):
        if f in taken or any(c == o[0] for o in out):
            continue
        taken.add(f)
        out.append((c, f, score))
    return out


def _repeats(cells: list[str], keys: set[tuple[str, ...]]) -> bool:
    """Whether a row is one of the header rows ``keys`` again (its first cell decides most rows cheaply)."""
    first = clean_header(cells[0]) if cells else ""
    return any(k and k[0] == first for k in keys) and _row_key(cells) in keys


def _row_key(cells: list[str]) -> tuple[str, ...]:
    keys = [clean_header(c) for c in cells]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys)


def _apply_overrides(
    labels: list[str], columns: dict[int, str], overrides: dict[str, str], aliases: dict[str, list[str]]
) -> tuple[dict[int, str], set[int]]:
    """The user's corrections: a header → a field, ``KEEP`` (no field, cells kept) or "" (ignored)."""
    out, ignored = dict(columns), set()
    for col, text in enumerate(labels):
        if text not in overrides:
            continue
        target = overrides[text]
        if target and target != KEEP and target not in aliases:
            continue
        for other, name in list(out.items()):
            if name == target and other != col:
                del out[other]  # a field maps to one column
        if target and target != KEEP:
            out[col] = target
        else:
            out.pop(col, None)
            if not target:
                ignored.add(col)
    return out, ignored


def _identity(kind: str, record: dict[str, Any]) -> str | None:
    if kind == "posts":
        ext = record.get("external_id")
        return f"编号 {ext}" if ext else None
    if kind == "enterprises":
        code = record.get("credit_code")
        return f"信用代码 {code}" if code else None
    phone = record.get("phone")
    return f"手机号 {phone}" if phone else None
