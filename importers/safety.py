"""Checks an upload must pass before any parser opens it: type, size, and for ``.xlsx`` the zip archive itself
(entry count, uncompressed size, compression ratio — a zip bomb is refused unopened — and macros)."""

from __future__ import annotations

import zipfile
from pathlib import Path

ALLOWED = {".xlsx", ".csv"}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for one entry


class ImportRefused(ValueError):
    """A file we will not open; the message is Chinese and safe to show."""


def check_upload(path: Path, filename: str | None = None) -> str:
    """The file's kind ("xlsx" or "csv") if it may be opened; otherwise ``ImportRefused``."""
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
    if suffix == ".csv":
        return "csv"
    _check_xlsx_archive(path)
    return "xlsx"


def _check_xlsx_archive(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise ImportRefused("文件不是有效的 .xlsx（可能已损坏，或实为其他格式）")
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused("文件结构异常（压缩包内文件过多），已拒绝")
        total = 0
        for entry in entries:
            total += entry.file_size
            if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                raise ImportRefused("文件结构异常（压缩比过高，疑似压缩炸弹），已拒绝")
            if entry.filename.lower().endswith("vbaproject.bin"):
                raise ImportRefused("文件含有宏代码，已拒绝；请另存为不含宏的 .xlsx")
        if total > MAX_UNCOMPRESSED:
            raise ImportRefused("文件解压后过大，请拆分后上传")
        try:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except KeyError:
            raise ImportRefused("文件不是有效的 .xlsx（缺少内容类型表）") from None
        if "macroEnabled" in types:
            raise ImportRefused("文件是启用宏的工作簿，已拒绝；请另存为 .xlsx")
