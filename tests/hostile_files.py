"""Hostile uploads built byte by byte, the way a red team makes them: each is small and each would cost the
server seconds, gigabytes or a 500 if the reader trusted what the file says about itself."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="岗位" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _workbook(path: Path, sheet_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def _sheet(rows: str, dimension: str | None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows}</sheetData></worksheet>"
    )


def dimension_bomb(path: Path, last_row: int = 20_000) -> Path:
    """Two rows of content under a ``<dimension>`` that claims 16,384 columns and ``last_row`` rows (~1.5 KB):
    a reader that trusts it pads every row to 16,384 cells (20,000 rows: 2.8 GB)."""
    rows = f'<row r="1">{_cell("A1", "岗位名称")}{_cell("B1", "企业名称")}</row>'
    rows += f'<row r="{last_row}">{_cell(f"A{last_row}", "x")}</row>'
    return _workbook(path, _sheet(rows, f"A1:XFD{last_row}"))


def far_row(path: Path, number: int) -> Path:
    """Content at a row number past Excel's last row, with no dimension: the gap is the attack."""
    rows = f'<row r="1">{_cell("A1", "岗位名称")}</row><row r="{number}">{_cell(f"A{number}", "x")}</row>'
    return _workbook(path, _sheet(rows, None))


def far_column(path: Path, rows: int = 200) -> Path:
    """Rows whose one cell sits in column XFD, with an honest-looking dimension."""
    body = "".join(f'<row r="{i}">{_cell(f"XFD{i}", "x")}</row>' for i in range(1, rows + 1))
    return _workbook(path, _sheet(body, "A1:A1"))


def scattered(path: Path, last_row: int = 1_000_000) -> Path:
    """Two cells far apart (A1 and GR``last_row``), no dimension: a reader that lays the sheet out as a grid
    (calamine does) would hold ``last_row`` × 200 cells for two of content."""
    rows = f'<row r="1">{_cell("A1", "岗位名称")}</row>'
    rows += f'<row r="{last_row}">{_cell(f"GR{last_row}", "x")}</row>'
    return _workbook(path, _sheet(rows, None))


def unplaced_cells(path: Path, cells: int = 5_000) -> Path:
    """Cells with no ``r`` position, all in one row: the reader places them by counting, so their number is
    the row's width, unbounded by any reference the check could read."""
    texts = (f"岗位{i * 7919 % 100_003}" for i in range(cells))  # varied, so no ratio check catches it first
    body = '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts) + "</row>"
    return _workbook(path, _sheet(body, None))


def many_rows(path: Path, rows: int) -> Path:
    """A sheet with ``rows`` tiny rows of content (its <row> elements are what counts)."""
    body = "".join(f'<row r="{i}">{_cell(f"A{i}", str(i))}</row>' for i in range(1, rows + 1))
    return _workbook(path, _sheet(body, None))


def lying_sizes(path: Path) -> Path:
    """A real workbook whose zip directory (central and local headers) understates the worksheet's size."""
    wb = Workbook()
    ws = wb.active
    ws.append(["岗位名称", "企业名称", "工作内容"])
    for i in range(300):
        ws.append([f"电气工程师{i}", "天津某某科技有限公司", "负责PLC程序设计与调试，参与自动化产线改造项目"])
    wb.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, 100)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")  # the central directory's records, one per entry
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, central + 24, 100)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def wide_csv(path: Path, columns: int = 5_000) -> Path:
    path.write_text(",".join(f"列{i}" for i in range(columns)) + "\n" + ",".join("x" * columns) + "\n")
    return path


def long_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write("岗位名称,企业名称\n")
        for i in range(rows):
            f.write(f"岗位{i},企业{i}\n")
    return path
