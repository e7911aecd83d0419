"""Rows for the enterprise's exports: its posts, and one post's applicants (phones masked, audited).

The spreadsheet writers (``webapp.exports``) neutralise formula injection; these functions only choose what
an enterprise may take away.
"""

from __future__ import annotations

from importers.identifiers import mask_phone
from webapp.extensions import db
from webapp.models import User
from webapp.services import applications, audit, jobs


def post_rows(user: User) -> list[list[object]]:
    rows: list[list[object]] = [
        ["编号", "岗位名称", "状态", "薪酬", "工作地点", "学历", "经验", "招聘人数", "有效期至", "收到简历"]
    ]
    from webapp.reference import place_name

    for post, n in jobs.enterprise_posts(user.enterprise_id):
        rows.append(
            [
                post.external_id or post.id,
                post.title,
                post.status.label,
                post.pay_text,
                place_name(post.adcode),
                post.education.label,
                post.experience_text,
                post.headcount_text,
                post.valid_until,
                n,
            ]
        )
    return rows


def applicant_rows(user: User, post_id: int, ip: str = "") -> list[list[object]]:
    post, items = applications.for_post(user, post_id)
    rows: list[list[object]] = [["姓名", "学历", "院校", "专业", "手机（脱敏）", "投递时间", "状态", "来源"]]
    for a in items:
        s = a.seeker
        rows.append(
            [
                s.name,
                s.education.label,
                s.school,
                s.major,
                mask_phone(s.phone),
                a.created_at,
                a.status.label,
                a.source.label,
            ]
        )
    audit.record(user, "export_applicants", "job_post", post.id, f"{len(items)} applicants", ip)
    db.session.commit()
    return rows
