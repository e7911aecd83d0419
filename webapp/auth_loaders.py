"""How a request is tied to a user: the session cookie, or a bearer token on the API."""

from __future__ import annotations

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from webapp.extensions import login_manager
from webapp.models import User
from webapp.services import sessions
from webapp.services.accounts import user_for_token

SESSION_KEY = "sid"  # the server-side session id in the signed cookie
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "static", "public.favicon"}


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """The session's user while its server-side session stands (sessions.resolve); a cookie from
        before server-side sessions, or of an ended session, signs nobody in."""
        user, due = sessions.resolve(int(user_id), session.get(SESSION_KEY))
        if user is None:
            session.pop(SESSION_KEY, None)
        g.session_touch_due = due
        return user

    @app.before_request
    def replace_one_time_password():
        """A member given a one-time password by the firm's owner sets their own before anything else."""
        if request.path.startswith(("/api/", "/static/")) or request.endpoint in PASSWORD_CHANGE_ENDPOINTS:
            return None
        if current_user.is_authenticated and current_user.must_change_password:
            flash("请先把初始密码改为只有您知道的新密码", "info")
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def touch_session(response):
        if g.get("session_touch_due") and session.get(SESSION_KEY):
            sessions.touch(session[SESSION_KEY])
        return response

    @login_manager.request_loader
    def load_from_token(req) -> User | None:
        header = req.headers.get("Authorization", "")
        if req.path.startswith("/api/") and header.startswith("Bearer "):
            return user_for_token(header.removeprefix("Bearer ").strip())
        return None


def authenticated_by_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def sign_in(user: User) -> None:
    """Sign ``user`` in on this browser with a new server-side session."""
    login_user(user)
    session[SESSION_KEY] = sessions.start(user)


def sign_out() -> None:
    """End this browser's session on the server too (a copied cookie stops working)."""
    sessions.end(session.pop(SESSION_KEY, None))
    logout_user()


def current_session() -> str | None:
    return session.get(SESSION_KEY)
