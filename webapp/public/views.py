from pathlib import Path

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from search.query import JobQuery
from webapp.display import FACET_TITLES
from webapp.extensions import db
from webapp.fairs import services as fairs
from webapp.models import Application, Enterprise, Role, Verification
from webapp.public import bp
from webapp.security import public
from webapp.services import NotFound, enterprises, job_search, jobs, structured_data
from webapp.shortage.listing import Listing


@bp.get("/")
@public
def home():
    return render_template(
        "public/home.html",
        featured=enterprises.featured(),
        newest=jobs.newest_posts(8),
        fairs=fairs.public_fairs(limit=4),  # running and upcoming, soonest first
    )


@bp.get("/jobs")
@public
def search():
    query = JobQuery.from_args(request.args)
    result = job_search.search_jobs(query)
    if result.page > result.pages:  # page=999 or a stale link: the last page there is, not an empty one
        return redirect(
            url_for("public.search", **{**request.args.to_dict(flat=False), "page": result.pages})
        )
    template = "public/_results.html" if request.headers.get("HX-Request") else "public/search.html"
    return render_template(template, query=query, result=result, facet_titles=FACET_TITLES)


@bp.get("/jobs/<int:post_id>")
@public
def job_detail(post_id: int):
    post = jobs.get_public_post(post_id)
    application = None
    if current_user.is_authenticated and current_user.role == Role.SEEKER and current_user.profile:
        application = db.session.scalar(
            db.select(Application).where(
                Application.post_id == post.id, Application.seeker_id == current_user.profile.id
            )
        )
    structured = None
    if post.is_open:  # a closed post is not advertised to search engines
        structured = structured_data.job_posting(
            post,
            url_for("public.job_detail", post_id=post.id, _external=True),
            url_for("public.enterprise_detail", enterprise_id=post.enterprise_id, _external=True),
        )
    return render_template(
        "public/job_detail.html",
        post=post,
        application=application,
        structured=structured,
        shortage=Listing().catalogue_for(post.occupation_code, post.adcode),
    )


ENTERPRISE_FACET_TITLES = {"tier": "企业梯度", "city": "城市", "industry": "行业"}


@bp.get("/enterprises")
@public
def enterprise_list():
    from webapp.services.enterprise_search import search_enterprises

    q = request.args.get("q", "")
    filters = {name: request.args.getlist(name) for name in ENTERPRISE_FACET_TITLES}
    result = search_enterprises(q, filters, request.args.get("page", 1, type=int))
    return render_template(
        "public/enterprises.html", q=q, filters=filters, result=result, facet_titles=ENTERPRISE_FACET_TITLES
    )


@bp.get("/enterprises/<int:enterprise_id>")
@public
def enterprise_detail(enterprise_id: int):
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None or enterprise.verification != Verification.VERIFIED:
        raise NotFound("企业不存在或尚未认证")
    posts = [p for p, _ in jobs.enterprise_posts(enterprise.id) if p.is_open]
    return render_template("public/enterprise.html", enterprise=enterprise, posts=posts)


@bp.get("/healthz")
@public
def healthz():
    from webapp.services.search_index import gateway
    from webapp.services.search_outbox import pending_count

    gw = gateway()
    return {
        "database": "ok",
        "search": "ok" if gw and gw.healthy() else "unavailable",
        "outbox_pending": pending_count(),
    }


# --- for machines: robots, sitemap, favicon -----------------------------------------------------------

PRIVATE_PREFIXES = (
    "/me/",
    "/enterprise/",
    "/organizer/",
    "/api/",
    "/login",
    "/register",
    "/notices",
    "/password",
)


@bp.get("/robots.txt")
@public
def robots_txt():
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {url_for('public.sitemap_xml', _external=True)}")
    return Response("\n".join(lines) + "\n", mimetype="text/plain", headers={"Cache-Control": "max-age=3600"})


@bp.get("/sitemap.xml")
@public
def sitemap_xml():
    posts, fair_rows = structured_data.sitemap_entries()
    body = render_template(
        "public/sitemap.xml",
        pages=[url_for("public.home", _external=True), url_for("public.search", _external=True),
               url_for("public.fair_list", _external=True), url_for("public.calendar", _external=True),
               url_for("public.enterprise_list", _external=True)],
        posts=[(url_for("public.job_detail", post_id=i, _external=True), at) for i, at in posts],
        fairs=[(url_for("public.fair_detail", fair_id=i, _external=True), at) for i, at in fair_rows],
    )  # fmt: skip
    return Response(body, mimetype="application/xml", headers={"Cache-Control": "max-age=600"})


@bp.get("/favicon.ico")
@public
def favicon():
    icon = Path(current_app.static_folder) / "favicon.ico"  # 219 bytes: read, not streamed
    return Response(icon.read_bytes(), mimetype="image/x-icon", headers={"Cache-Control": "max-age=86400"})
