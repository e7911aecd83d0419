"""Public fair pages: the list, one fair (its enterprises and posts, searchable), 招聘月历 and its feed."""

from flask import Response, render_template, request, url_for
from flask_login import current_user

from search.query import JobQuery
from webapp import beijing
from webapp.display import FACET_TITLES
from webapp.fairs import attendance, brands, signups
from webapp.fairs import services as fairs
from webapp.fairs.ical import calendar_feed
from webapp.ids import record_id, year_number
from webapp.models import Role
from webapp.public import bp
from webapp.security import public
from webapp.services import job_search


@bp.get("/fairs")
@public
def fair_list():
    brand_id = request.args.get("brand", type=record_id)
    mode = request.args.get("mode") or None
    return render_template(
        "public/fairs.html",
        fairs=fairs.public_fairs(brand_id=brand_id, mode=mode, include_past=request.args.get("past") == "1"),
        brands=brands.brands(active_only=True),
        brand_id=brand_id,
        mode=mode,
    )


@bp.get("/fairs/<int:fair_id>")
@public
def fair_detail(fair_id: int):
    fair = fairs.get_public_fair(fair_id)
    query = JobQuery.from_args(request.args)
    query.fair_id = fair.id
    result = job_search.search_jobs(query)
    if request.headers.get("HX-Request"):
        return render_template(
            "public/_results.html", query=query, result=result, facet_titles=FACET_TITLES, fair_id=fair.id
        )
    registration = (
        attendance.registration_for(current_user, fair.id) if current_user.is_authenticated else None
    )
    picks = []
    if current_user.is_authenticated and current_user.role == Role.SEEKER and current_user.profile:
        from webapp.services import recommendations

        picks = recommendations.for_seeker(
            current_user, k=5, only={p.id for p in signups.open_posts_at(fair.id)}
        )
    return render_template(
        "public/fair_detail.html",
        fair=fair,
        participations=signups.approved_participations(fair.id),
        query=query,
        result=result,
        facet_titles=FACET_TITLES,
        fair_id=fair.id,
        registration=registration,
        picks=picks,
        seeker_window=fairs.window_open(fair.seeker_signup_from, fair.seeker_signup_until),
        counts=attendance.registrations_at(fair.id),
    )


@bp.get("/calendar")
@public
def calendar():
    year = request.args.get("year", type=year_number) or beijing.today().year
    return render_template(
        "public/calendar.html",
        months=brands.calendar(year),
        all_year=brands.year_round(year),
        year=year,
        years=brands.years() or [year],
    )


@bp.get("/calendar.ics")
@public
def calendar_ics():
    body = calendar_feed(
        brands.brands(active_only=True),
        fairs.public_fairs(include_past=True),
        fair_url=lambda f: url_for("public.fair_detail", fair_id=f.id, _external=True),
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": "inline; filename=zhaopin-calendar.ics",
            "Cache-Control": "max-age=300",
        },
    )
