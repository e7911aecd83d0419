"""How a request is tied to a user: the session cookie, or a bearer token on the API."""

from __future__ import annotations

from flask import Flask, request

from webapp.extensions import db, login_manager
from webapp.models import User
from webapp.services.accounts import user_for_token


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    @login_manager.request_loader
    def load_from_token(req) -> User | None:
        header = req.headers.get("Authorization", "")
        if req.path.startswith("/api/") and header.startswith("Bearer "):
            return user_for_token(header.removeprefix("Bearer ").strip())
        return None


def authenticated_by_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")
