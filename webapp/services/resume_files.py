"""A seeker's résumé file → a draft of the structured résumé. The file is read in memory and not kept: the
seeker checks the draft in the résumé form and nothing is saved until they press 保存."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app

from importers.resumes import Draft, ResumeParser, extract_text


@cache
def _parser(shared: str) -> ResumeParser:
    return ResumeParser(Path(shared))


def parser() -> ResumeParser:
    """One parser per process with the shared dictionaries (universities, majors, the 大典, THUOCL)."""
    return _parser(str(current_app.config["SHARED_DATA_DIR"]))


def draft_from_file(data: bytes, filename: str) -> Draft:
    """``ResumeRefused`` (a Chinese message) for a file we will not read, ``NoText`` for a scan."""
    return parser().parse(extract_text(data, filename))
