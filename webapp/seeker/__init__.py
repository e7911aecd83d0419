"""Seekers' pages (/me): résumé, applications, saved searches, recommendations."""

from flask import Blueprint

bp = Blueprint("seeker", __name__, url_prefix="/me")
