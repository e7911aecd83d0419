"""Checks an upload must pass before any parser opens it: type, size, and for ``.xlsx`` the zip archive.

Every archive entry is decompressed once, as a stream, before the reader sees it: an entry whose real size
differs from what the directory declares, a total past ``MAX_UNCOMPRESSED``, an extreme compression ratio
(a zip bomb), a declared range wider than ``MAX_COLUMNS``, a row number past Excel's last row, or macros are
refused, and the worksheets' ``<row>`` elements are counted on the way, so a file with too many rows is
refused before it is parsed. The reader (``importers.reading``) never trusts a sheet's declared
``<dimension>``: a 2 KB workbook cannot make it pad rows out to 16,384 columns.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ALLOWED = {".xlsx", ".csv"}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for one entry
MAX_ROWS = 200_000  # rows holding anything, per file
MAX_COLUMNS = 200
EXCEL_ROWS = 1_048_576  # a row number past Excel's last row is not a spreadsheet
CHUNK = 1 << 20
ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,12})"')
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*(?::([A-Z]+)\d+)?"')
FIRST_ROW_NUMBER = re.compile(rb'<row r="(\d{1,12})"')
FIRST_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})\d')
MAX_CELLS = 4_000_000  # a sheet's rows × columns as the reader lays them out (calamine holds that range)


class ImportRefused(ValueError):
    """A file we will not open; the message is Chinese and safe to show."""


@dataclass(frozen=True)
class Upload:
    kind: str  # "xlsx" or "csv"
    rows: int  # an upper bound on the rows it holds: worksheet <row> elements, or CSV lines


def too_many_rows(rows: int) -> ImportRefused:
    return ImportRefused(f"文件超过 {MAX_ROWS:,} 行（约 {rows:,} 行），请拆分为多个文件后上传")


def too_many_columns(where: str) -> ImportRefused:
    return ImportRefused(f"{where}超过 {MAX_COLUMNS} 列，不像是一张岗位或名单表格，已拒绝")


def inspect_upload(path: Path, filename: str | None = None) -> Upload:
    """What the file is and how many rows it holds, if it may be opened; otherwise ``ImportRefused``."""
    name = (filename or path.name).lower()
    suffix = Path(name).suffix
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise ImportRefused("不接受含宏的 Excel 文件（.xlsm），请另存为 .xlsx 后上传")
    if suffix in (".xls", ".xlsb", ".et"):
        raise ImportRefused("请将文件另存为 .xlsx 或 .csv 后上传（不支持旧版 .xls）")
    if suffix not in ALLOWED:
        raise ImportRefused("只支持 .xlsx 和 .csv 文件")
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused("文件是空的")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请拆分后上传")
    rows = _csv_lines(path) if suffix == ".csv" else _check_xlsx_archive(path)
    if rows > MAX_ROWS:
        raise too_many_rows(rows)
    return Upload(suffix[1:], rows)


def check_upload(path: Path, filename: str | None = None) -> str:
    """The file's kind ("xlsx" or "csv") if it may be opened; otherwise ``ImportRefused``."""
    return inspect_upload(path, filename).kind


def _csv_lines(path: Path) -> int:
    """Lines in the file; a line with more than ``MAX_COLUMNS`` cells is refused here, before any parsing."""
    lines = 0
    with path.open("rb") as f:
        for line in f:
            lines += 1
            if max(line.count(b","), line.count(b"\t")) >= MAX_COLUMNS and _wide(line):
                raise too_many_columns(f"第 {lines} 行")
    return lines


def _wide(line: bytes) -> bool:
    import csv

    text = line.decode("utf-8", "replace") if line.isascii() else line.decode("gb18030", "replace")
    for delimiter in (",", "\t"):
        cells = next(csv.reader([text], delimiter=delimiter), [])
        if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
            return True
    return False


def _check_xlsx_archive(path: Path) -> int:
    """Rows the worksheets hold; every entry is read through once to see that it is what it says."""
    if not zipfile.is_zipfile(path):
        raise ImportRefused("文件不是有效的 .xlsx（可能已损坏，或实为其他格式）")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ImportRefused("文件结构异常（压缩包内文件过多），已拒绝")
            names = {e.filename.lower() for e in entries}
            if "[content_types].xml" not in names:
                raise ImportRefused("文件不是有效的 .xlsx（缺少内容类型表）")
            if any(n.endswith("vbaproject.bin") for n in names):
                raise ImportRefused("文件含有宏代码，已拒绝；请另存为不含宏的 .xlsx")
            total = rows = 0
            for entry in entries:
                if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                    raise ImportRefused("文件结构异常（压缩比过高，疑似压缩炸弹），已拒绝")
                is_sheet = entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
                real, count = _read_entry(archive, entry, MAX_UNCOMPRESSED - total, is_sheet)
                total += real
                rows += count
                if rows > MAX_ROWS:
                    raise too_many_rows(rows)
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        # a directory that lies about sizes, a bad CRC, an encrypted or unsupported entry
        raise ImportRefused(f"文件已损坏或结构异常（{type(exc).__name__}），已拒绝") from None
    if "macroEnabled" in types:
        raise ImportRefused("文件是启用宏的工作簿，已拒绝；请另存为 .xlsx")
    return rows


def _read_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, is_sheet: bool
) -> tuple[int, int]:
    """(bytes, rows) of one entry read as a stream; refused past ``budget`` or when its size is not what the
    directory declares (``zipfile`` stops at the declared size and checks the CRC: a larger one fails)."""
    real = rows = 0
    span = _Span() if is_sheet else None
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            real += len(chunk)
            if real > budget:
                raise ImportRefused("文件解压后过大，请拆分后上传")
            if entry.compress_size and real / entry.compress_size > MAX_RATIO:
                raise ImportRefused("文件结构异常（压缩比过高，疑似压缩炸弹），已拒绝")
            if span is not None:
                if real == len(chunk):
                    _check_dimension(entry.filename, chunk[:4096])
                span.feed(chunk)
    if span is not None:
        span.check()
        rows = span.rows
    if real != entry.file_size:
        raise ImportRefused("文件结构异常（压缩包目录与内容不符），已拒绝")
    return real, rows


def column_number(letters: str) -> int:
    """ "A" → 1, "XFD" → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _check_dimension(name: str, head: bytes) -> None:
    """A sheet that declares more columns than any table we read is a dimension bomb: refused unopened."""
    m = DIMENSION.search(head)
    if m and m.group(1) and column_number(m.group(1).decode()) > MAX_COLUMNS:
        declared = m.group(1).decode()
        raise ImportRefused(
            f"文件结构异常：工作表声明的范围到第 {declared} 列（超过 {MAX_COLUMNS} 列），疑似恶意文件，已拒绝"
        )


class _Span:
    """Rows, last row number, widest column and cells of one worksheet's XML, fed in chunks (a tag cut at a
    chunk's end is seen whole in the next window). The reader lays a sheet out from row 1 to its last row
    and across its columns, so a few cells far apart (A1 and GR1000000) would cost as much as a full table:
    that span is bounded, and so is a cell without a position (the reader would place it by counting)."""

    def __init__(self) -> None:
        self.rows = self.last_row = self.cells = self.placed = self.width = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        window, tail = self.tail + chunk, self.tail
        rows = _tags(window, b"row") - _tags(tail, b"row")
        cells = _tags(window, b"c") - _tags(tail, b"c")
        self.rows, self.cells = self.rows + rows, self.cells + cells
        # what every common writer writes (<row r="7" …>, <c r="B7" …>) first; the general pattern only when
        # some row or cell in the window is written otherwise
        numbers = FIRST_ROW_NUMBER.findall(window)
        if len(numbers) - len(FIRST_ROW_NUMBER.findall(tail)) < rows:
            numbers = ROW_NUMBER.findall(window)
        if numbers:
            self.last_row = max(self.last_row, *map(int, numbers))
            if self.last_row > EXCEL_ROWS:
                raise ImportRefused("文件结构异常：工作表的行号超出 Excel 的范围，已拒绝")
        columns, pattern = FIRST_CELL_COLUMN.findall(window), FIRST_CELL_COLUMN
        if len(columns) - len(pattern.findall(tail)) < cells:
            columns, pattern = CELL_COLUMN.findall(window), CELL_COLUMN
        self.placed += len(columns) - len(pattern.findall(tail))
        if columns:
            self.width = max(self.width, *map(column_number, {c.decode() for c in set(columns)}))
            if self.width > MAX_COLUMNS:
                raise too_many_columns("工作表")
        self.tail = window[-64:]

    def check(self) -> None:
        if self.cells > self.placed:
            raise ImportRefused("文件结构异常：工作表中有未标明位置的单元格，请用 Excel 或 WPS 另存后上传")
        height = max(self.last_row, self.rows)
        if height * self.width > MAX_CELLS:
            raise ImportRefused(
                f"工作表的范围过大（{height:,} 行 × {self.width} 列），请删除远处的空白单元格或拆分后上传"
            )


def _tags(data: bytes, name: bytes) -> int:
    """How many ``<name …>`` elements open in ``data``: byte counts for the usual spellings, a regular
    expression when a prefix (``<x:row``) or a line break after the tag name occurs (substring tests: a
    regular expression with these alternatives scanned slower than all of them together)."""
    odd = [b":" + name + end for end in (b" ", b">")] + [b"<" + name + end for end in (b"\n", b"\t", b"\r")]
    if any(o in data for o in odd):
        return len(re.findall(rb"<(?:\w+:)?" + name + rb"[\s>/]", data))
    return sum(data.count(b"<" + name + end) for end in (b" ", b">", b"/>"))
