"""Error pages in Chinese for people, JSON for the API. Bad input is a 400, never a 500."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from webapp.extensions import db
from webapp.services import ServiceError

log = logging.getLogger(__name__)

MESSAGES = {
    400: "请求有误，请检查后重试",
    401: "请先登录",
    403: "没有权限访问该页面",
    404: "页面不存在",
    405: "不支持的请求方式",
    413: "上传的内容过大",
    429: "操作过于频繁，请稍后再试",
    500: "服务器开小差了，请稍后再试",
}


def _respond(status: int, message: str, code: str | None = None):
    if request.path.startswith("/api/"):
        return jsonify(error=code or str(status), message=message), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _respond(400, "页面已过期或表单无效，请刷新后重试", "csrf")

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        status = {"not_found": 404, "forbidden": 403}.get(exc.code, 400)
        return _respond(status, exc.message, exc.code)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        body, status = _respond(status, MESSAGES.get(status, exc.description or ""), str(status))
        response = app.make_response((body, status))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # RFC 9110: a 405 says what is allowed
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()  # a failed flush leaves the session unusable, and the error page reads it
        return _respond(500, MESSAGES[500], "server_error")
