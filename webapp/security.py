"""Role checks for views and API endpoints.

HTML views redirect anonymous users to the login page; API endpoints answer 401/403 JSON. Each decorated
view carries ``required_roles`` so a test can check that no endpoint was left unguarded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import login_manager
from webapp.models import Role

PUBLIC = "public"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def roles_required(*roles: Role) -> Callable:
    """Allow signed-in users with one of ``roles``; admins only where listed (they have no résumé or firm)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if wants_json():
                    return jsonify(error="unauthorized", message="请先登录"), 401
                if request.method not in ("GET", "HEAD"):
                    return _login_then_back()
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                if wants_json():
                    return jsonify(error="forbidden", message="没有权限"), 403
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def _login_then_back():
    """A form posted without a session (signed out in another tab, a page from before 退出): after login
    the user returns to the page the form was on, not to the form's POST-only address."""
    back = "/"
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        back = urlunsplit(("", "", referrer.path, referrer.query, ""))
    flash("登录已失效，请登录后重新操作", "info")
    return redirect(url_for(login_manager.login_view, next=back))


def login_required(view: Callable) -> Callable:
    """Any signed-in user."""
    return roles_required(*Role)(view)


# The role shorthands every audience's views use (defined here once).
seeker_only = roles_required(Role.SEEKER)
enterprise_only = roles_required(Role.ENTERPRISE)
organizer_only = roles_required(Role.ORGANIZER, Role.ADMIN)
staff_only = roles_required(Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN)  # 服务专员 too


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone (documented, and checked by the access-matrix test)."""
    view.required_roles = PUBLIC
    return view


def user_or_ip() -> str:
    """Rate-limit key: the signed-in user (many seekers share one campus NAT address), else the address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or ""


def account_and_address() -> str:
    """Login rate-limit key: the account tried, from this address."""
    account = (request.form.get("account") or "").strip().lower()[:64]
    return f"login:{account}|{request.remote_addr or ''}"


def message_limit() -> str:
    """Messages per signed-in user (a conversation is typed by a person; a script is throttled)."""
    return current_app.config["RATELIMIT_MESSAGES"]


def apply_limit() -> str:
    """The apply rate limit (``RATELIMIT_APPLY``), read per request so tests and deployments can set it."""
    return current_app.config["RATELIMIT_APPLY"]
