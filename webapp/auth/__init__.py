"""Sign-in, registration, password and notices."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
