"""JSON API v1. Session cookie (with X-CSRFToken on writes) or ``Authorization: Bearer <token>``."""

from flask import current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from search.query import JobQuery
from webapp.api import bp
from webapp.api.openapi import openapi_document
from webapp.api.schemas import application_json, job_detail_json, job_hit_json
from webapp.auth_loaders import authenticated_by_token
from webapp.extensions import limiter
from webapp.ids import json_record_id
from webapp.models import ApplicationSource, Role
from webapp.security import apply_limit, public, roles_required, user_or_ip
from webapp.services import ServiceError, applications, job_search, jobs


@bp.before_request
def csrf_for_session_writes():
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not authenticated_by_token():
        if not current_app.config.get("WTF_CSRF_ENABLED", True):
            return None
        if not current_user.is_authenticated:
            return None  # no session to ride on: the endpoint answers 401 itself
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from exc
    return None


def _bad_request(message: str, code: str = "invalid"):
    return jsonify(error=code, message=message), 400


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.get("/jobs")
@public
def list_jobs():
    for name in ("page", "per_page"):
        value = request.args.get(name)
        if value is not None and (not value.isdigit() or int(value) < 1):
            return _bad_request(f"{name} 必须是正整数")
    query = JobQuery.from_args(request.args)
    result = job_search.search_jobs(query)
    return jsonify(
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        pages=result.pages,
        more=result.more,
        degraded=result.degraded,
        hits=[job_hit_json(h) for h in result.hits],
        facets=result.facets,
    )


@bp.get("/jobs/<int:post_id>")
@public
def get_job(post_id: int):
    return jsonify(job_detail_json(jobs.get_public_post(post_id)))


def storable(text: str) -> str:
    """``text`` as every database keeps it: without NUL (PostgreSQL refuses it in text) and without unpaired
    surrogates (not UTF-8). A schema-valid string is accepted, these characters dropped."""
    return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")


@bp.post("/applications")
@limiter.limit(apply_limit, key_func=user_or_ip)
@roles_required(Role.SEEKER)
def create_application():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _bad_request("请求体必须是 JSON 对象")
    post_id = json_record_id(payload.get("post_id"))
    if post_id is None:
        return _bad_request("post_id 必须是正整数")
    if not isinstance(payload.get("consent", False), bool):
        return _bad_request("consent 必须是 true 或 false")
    if not isinstance(payload.get("source_ref", ""), str) or len(payload.get("source_ref", "")) > 64:
        return _bad_request("source_ref 必须是不超过64个字符的字符串")
    source = payload.get("source", ApplicationSource.API.value)
    if not isinstance(source, str) or source not in {s.value for s in ApplicationSource}:
        return _bad_request("source 无效")
    if source in {ApplicationSource.LIVE.value, ApplicationSource.FAIR.value}:
        # counted in fair and live reports: only the endpoints that check the fair or room may set them
        return _bad_request("直播投递请使用 /live/{id}/applications，招聘会投递请在招聘会页面进行")
    try:
        application, created = applications.apply(
            current_user,
            post_id,
            source=ApplicationSource(source),
            origin=applications.Origin(note=storable(payload.get("source_ref", ""))),
            consent=payload.get("consent") is True,
        )
    except ServiceError as exc:
        status = 404 if exc.code == "not_found" else 409 if exc.code == "closed" else 400
        return jsonify(error=exc.code, message=exc.message), status
    return jsonify(application_json(application)), 201 if created else 200


@bp.get("/me/applications")
@roles_required(Role.SEEKER)
def my_applications():
    return jsonify(items=[application_json(a) for a in applications.for_seeker(current_user)])
