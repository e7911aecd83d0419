"""虚假高薪: a post whose pay is far above what the zone's own posts pay for the same occupation (职业分类大典
细类, from the title classifier) in the same city is flagged for review, with the range it was compared to.

A monthly post is compared when at least ``MIN_PEERS`` published monthly posts of its occupation and city
state their pay: it is flagged when the lowest pay it promises is more than ``FAR`` times the peers' median
top pay. Fewer peers, another pay unit, or negotiable pay: no comparison (nothing is claimed without a basis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from importers.compliance import Finding
from webapp.extensions import db
from webapp.models import JobPost, PayUnit, PostStatus

MIN_PEERS = 8
FAR = 2.0
CLAUSE = (
    "《网络招聘服务管理规定》（招聘信息应当真实）；"
    "2026年《关于规范网络平台招聘类信息发布的通知》（不得以“高薪”诱导）"
)


@dataclass(frozen=True)
class PayReference:
    peers: int
    low: int  # 10th percentile of the peers' top monthly pay
    median: int
    high: int  # 90th percentile


def reference(occupation_code: str, adcode: str, exclude_id: int | None = None) -> PayReference | None:
    """What published monthly posts of this occupation in this city (the adcode's first four digits) offer
    at the top, or None with fewer than ``MIN_PEERS``."""
    if not occupation_code or len(adcode or "") < 4:
        return None
    stmt = select(JobPost.pay_max).where(
        JobPost.status == PostStatus.PUBLISHED,
        JobPost.occupation_code == occupation_code,
        JobPost.adcode.startswith(adcode[:4]),
        JobPost.pay_unit == PayUnit.MONTH,
        JobPost.pay_max.is_not(None),
    )
    if exclude_id is not None:
        stmt = stmt.where(JobPost.id != exclude_id)
    tops = [value for value in db.session.scalars(stmt) if value and value > 0]
    if len(tops) < MIN_PEERS:
        return None
    low, median, high = np.percentile(tops, [10, 50, 90])
    return PayReference(len(tops), int(low), int(median), int(high))


def pay_finding(
    occupation_code: str,
    adcode: str,
    pay_unit: PayUnit | None,
    pay_min: int | None,
    exclude_id: int | None = None,
) -> Finding | None:
    if pay_unit != PayUnit.MONTH or not pay_min:
        return None
    ref = reference(occupation_code, adcode, exclude_id)
    if ref is None or pay_min <= FAR * ref.median:
        return None
    excerpt = (
        f"月薪{pay_min}元起；本市同职业{ref.peers}个在招岗位的最高月薪多在{ref.low}–{ref.high}元"
        f"（中位数{ref.median}元）"
    )
    return Finding("fake_pay", "warn", "薪资远高于本市同职业岗位，疑似虚假高薪，请核实", excerpt, CLAUSE)


def post_pay_finding(post: JobPost) -> Finding | None:
    return pay_finding(post.occupation_code, post.adcode, post.pay_unit, post.pay_min, post.id)
