"""What a user may upload as a document (a licence, tier evidence, a client's authorisation, a complaint's
evidence): PDF, PNG or JPEG up to 5 MB, judged by the first bytes rather than the name; no archives, no PDF
with scripts or embedded files."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path
from typing import IO, NamedTuple

from flask import current_app

from webapp.services import ServiceError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
SIGNATURES = {b"%PDF-": ("application/pdf", ".pdf"), b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
              b"\xff\xd8\xff": ("image/jpeg", ".jpg")}  # fmt: skip
ARCHIVES = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


class CheckedFile(NamedTuple):
    data: bytes
    content_type: str
    suffix: str


def checked_document(stream: IO[bytes]) -> CheckedFile:
    """Read and check an uploaded document; a ``ServiceError`` in Chinese says what is wrong with it."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if not data:
        raise ServiceError("文件是空的")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ServiceError("文件超过 5 MB，请压缩或扫描为较小的 PDF/图片")
    if data.startswith(ARCHIVES):
        raise ServiceError("不接受压缩包，请直接上传 PDF、JPG 或 PNG 文件")
    kind_of = next((v for sig, v in SIGNATURES.items() if data.startswith(sig)), None)
    if kind_of is None:
        raise ServiceError("只接受 PDF、JPG 或 PNG 文件（按文件内容识别，改扩展名无效）")
    content_type, suffix = kind_of
    if content_type == "application/pdf" and PDF_ACTIVE.search(data):
        raise ServiceError("该 PDF 含脚本或嵌入文件，已拒绝；请另存为普通 PDF 或图片")
    return CheckedFile(data, content_type, suffix)


class StoredFile(NamedTuple):
    path: str
    name: str  # the uploader's file name, without folders
    content_type: str
    size: int
    sha256: str


def store_document(stream: IO[bytes], filename: str, *folder: str) -> StoredFile:
    """Check an upload (``checked_document``) and keep it under ``instance/uploads/<folder…>`` with a random
    name (never under ``static/``)."""
    data, content_type, suffix = checked_document(stream)
    directory = Path(current_app.instance_path, "uploads", *folder)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(data)
    name = Path(filename or f"document{suffix}").name[:200]
    return StoredFile(str(path), name, content_type, len(data), hashlib.sha256(data).hexdigest())
