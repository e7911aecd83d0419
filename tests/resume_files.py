"""Résumé files as people make them: a Word document, a PDF printed by a browser ("另存为 PDF"), and a scan
(an image in a PDF, no text). Built here with real tools, not hand-written PDF bytes."""

from __future__ import annotations

import base64
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

RESUME_LINES = [
    "李明轩",
    "手机：138 0013 8000 ｜ 邮箱：limx@example.com ｜ 天津市南开区",
    "教育背景",
    "2019.09-2023.06 天津大学 电气工程及其自动化专业 本科",
    "实习与工作经历",
    "2022.07-2022.09 天津海河智造科技有限公司 电气工程师实习生 负责PLC程序调试",
    "2023.07-至今 天津新元智能装备股份有限公司 电气工程师 负责产线PLC与伺服系统调试",
    "专业技能",
    "熟悉PLC编程、AutoCAD电气制图，会使用Python做数据分析",
]
# a 1x1 grey PNG: the "scan" has a picture and no text
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg=="
)


def chromium_pdf(html: str, path: Path) -> Path:
    """``html`` printed to ``path`` by headless Chromium (what "打印 → 另存为 PDF" makes)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("Debian chromium not installed (.ci/run installs it)")
    page = path.with_suffix(".html")
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={path}", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return path


def resume_pdf(path: Path) -> Path:
    body = "".join(f"<p>{line}</p>" for line in RESUME_LINES)
    html = (
        f'<html lang="zh-CN"><meta charset="utf-8"><body style="font-family: sans-serif">{body}</body></html>'
    )
    return chromium_pdf(html, path)


def scanned_pdf(path: Path) -> Path:
    img = base64.b64encode(PIXEL).decode()
    return chromium_pdf(
        f'<html><body><img src="data:image/png;base64,{img}" width="600" height="800"></body></html>', path
    )


def resume_docx(path: Path, lines: list[str] = RESUME_LINES) -> Path:
    """A minimal Word document (the parts Word itself needs), a paragraph per line."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
                   f"<w:body>{paragraphs}</w:body></w:document>")  # fmt: skip
    return path


def docx_bomb(path: Path) -> Path:
    resume_docx(path, ["x" * 10_000_000])
    return path
