"""Titles → 职业分类大典 细类 codes for the catalogue: posts keep theirs in ``occupation_code`` (the post form
sets it; imported posts get it here), seekers in ``seeker_occupations`` — one row per wanted occupation and
place. A periodic job codes what changed; the classifier is asked once per batch."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select

from webapp.extensions import db
from webapp.models import JobPost, SeekerOccupation, SeekerProfile
from webapp.reference import prefix
from webapp.services import search_sync
from webapp.services.compliance import suggest_occupations

BATCH = 2000


def place_of(adcode: str) -> str:
    """The adcode prefix a wanted place covers: 320000 → 32, 320500 → 3205, 120104 → 120104; '' anywhere
    (no place, or not an adcode)."""
    code = (adcode or "").strip()[:6]
    return prefix(code) if len(code) == 6 and code.isdigit() and code != "000000" else ""


def code_seekers(batch: int = BATCH) -> int:
    """Derive the wanted occupations of every seeker whose titles or places changed; returns how many."""
    done = 0
    while True:
        profiles = db.session.execute(
            select(
                SeekerProfile.id,
                SeekerProfile.desired_titles,
                SeekerProfile.desired_adcodes,
                SeekerProfile.updated_at,
            )
            .where(SeekerProfile.occupations_coded.is_(False))
            .order_by(SeekerProfile.id)
            .limit(batch)
        ).all()
        if not profiles:
            return done
        titles = sorted({t for p in profiles for t in p.desired_titles or [] if isinstance(t, str) and t})
        codes = dict(zip(titles, suggest_occupations(titles), strict=True))
        rows = []
        for seeker_id, wanted, adcodes, _ in profiles:
            occupations = {codes[t][0] for t in wanted or [] if codes.get(t)}
            places = {place_of(a) for a in adcodes or [] if isinstance(a, str)} or {""}
            if "" in places:
                places = {""}  # anywhere covers every place named beside it
            rows += [
                {"seeker_id": seeker_id, "occupation_code": code, "place": place}
                for code in sorted(occupations)
                for place in sorted(places)
            ]
        ids = [p[0] for p in profiles]
        db.session.execute(delete(SeekerOccupation).where(SeekerOccupation.seeker_id.in_(ids)))
        if rows:
            db.session.execute(insert(SeekerOccupation), rows)
        # only a profile untouched since it was read is marked coded (one edited meanwhile is coded next
        # time), and marking it is no edit of the résumé (its update time stays)
        table = SeekerProfile.__table__
        db.session.execute(
            table.update()
            .where(table.c.id == bindparam("pid"), table.c.updated_at == bindparam("seen"))
            .values(occupations_coded=True, updated_at=bindparam("seen")),
            [{"pid": p.id, "seen": p.updated_at} for p in profiles],
        )
        db.session.commit()
        done += len(profiles)


def code_posts(batch: int = BATCH) -> int:
    """Give published posts without a 大典 code the classifier's; returns how many were given one."""
    coded, after = 0, 0
    while True:
        posts = db.session.execute(
            select(JobPost.id, JobPost.title)
            .where(JobPost.occupation_code == "", JobPost.published_at.is_not(None), JobPost.id > after)
            .order_by(JobPost.id)
            .limit(batch)
        ).all()
        if not posts:
            return coded
        after = posts[-1].id
        found = suggest_occupations([p.title for p in posts])
        values = [{"post_id": p.id, "code": f[0]} for p, f in zip(posts, found, strict=True) if f]
        if values:  # no edit of the post: no re-review, its update time stays
            table = JobPost.__table__
            db.session.execute(
                table.update()
                .where(table.c.id == bindparam("post_id"))
                .values(occupation_code=bindparam("code"), updated_at=table.c.updated_at),
                values,
            )
            # its search document carries the 急需 badge when the code is in a current catalogue
            search_sync.enqueue_posts([v["post_id"] for v in values])
        db.session.commit()
        coded += len(values)


def code_pending() -> dict[str, int]:
    """The periodic job: posts, then seekers."""
    return {"posts": code_posts(), "seekers": code_seekers()}
