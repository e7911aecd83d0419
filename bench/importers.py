"""Import benchmark: a 10,000-row .xlsx of real postings end to end (read, map, parse, validate, write posts
and their search-outbox rows in one transaction) vs a raw openpyxl read-only iteration of the same file.

    .venv/bin/python -m bench.importers [--rows 10000] [--shared ../shared/data]

Target: ratio ≤ 3. Rows come from ../shared/data/postings/boss_data_analyst_jobs.xlsx, cycled with fresh ids;
their firms exist beforehand (the usual case: a 岗位信息采集表 of enterprises already on the platform).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from bench.corpus import DEFAULT_SHARED


def build_file(source: Path, rows: int, out: Path) -> list[str]:
    wb = load_workbook(source, read_only=True)
    data = list(wb.worksheets[0].iter_rows(values_only=True))
    header, body = list(data[0]), [list(r) for r in data[1:]]
    firms = sorted({r[7] for r in body if r[7]})
    target = Workbook(write_only=True)
    ws = target.create_sheet("岗位")
    ws.append(["2026年岗位信息采集表"])  # a title row above the header, as bureaus' sheets have
    ws.append(header)
    for i in range(rows):
        r = list(body[i % len(body)])
        r[0] = f"B{i:06d}"
        r[7] = r[7] or firms[i % len(firms)]
        if len(str(r[11] or "")) < 10:
            r[11] = f"{r[11] or ''}，负责数据分析与报表"
        ws.append([_text_cell(ws, v) for v in r])
    target.save(out)
    return firms


def _text_cell(ws, value):
    """Text such as "==岗位要求==" stays text: openpyxl would otherwise write it as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"
        return cell
    return value


def raw_seconds(path: Path) -> float:
    start = time.perf_counter()
    wb = load_workbook(path, read_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert n > 0
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    source = args.shared / "postings" / "boss_data_analyst_jobs.xlsx"
    if not source.exists():
        raise SystemExit(f"real postings not found at {source}: pass --shared")

    from importers.identifiers import make_uscc  # noqa: F401  (imported for the same warm path as the app)
    from webapp import create_app
    from webapp.config import overrides_for_tests
    from webapp.extensions import db
    from webapp.models import Enterprise, JobPost, Role, SearchOutbox, User, Verification
    from webapp.services import imports

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        path = tmp_path / "posts.xlsx"
        firms = build_file(source, args.rows, path)
        size_mb = path.stat().st_size / 1e6
        app = create_app(
            overrides_for_tests(tmp_path)
            | {
                "INSTANCE_PATH": tmp_path / "instance",
                "MEILI_URL": "http://127.0.0.1:9",
                "MEILI_TIMEOUT": 0.2,
            }
        )
        with app.app_context():
            db.create_all()
            organizer = User(account="bench", display_name="bench", role=Role.ORGANIZER, password_hash="x")
            db.session.add(organizer)
            db.session.add_all(Enterprise(name=n, verification=Verification.VERIFIED) for n in firms)
            db.session.commit()
            imports.places()  # the national region table loads once per process, not per import
            raw = min(raw_seconds(path) for _ in range(2))
            start = time.perf_counter()
            plan = imports.plan(path, "posts", path.name)
            parsed = time.perf_counter() - start
            outcome = imports.apply(plan, organizer)
            ours = time.perf_counter() - start
            posts = db.session.query(JobPost).count()
            outbox = db.session.query(SearchOutbox).count()
        assert outcome.written and posts == args.rows, (outcome.errors[:3], posts)
    print(
        f"file: {args.rows} rows, {size_mb:.1f} MB, {len(firms)} firms; "
        f"written {posts} posts, {outbox} outbox rows"
    )
    print(f"raw openpyxl read-only iteration   {raw:6.2f} s")
    print(f"our import: read+map+parse+check   {parsed:6.2f} s")
    print(f"our import: end to end (committed) {ours:6.2f} s   ({args.rows / ours:,.0f} rows/s)")
    print(f"ratio ours / raw = {ours / raw:.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
