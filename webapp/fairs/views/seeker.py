"""Seekers: register for fairs and show the QR code at the door."""

import io

import segno
from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.fairs import attendance
from webapp.flashes import reported
from webapp.security import seeker_only
from webapp.seeker import bp


@bp.get("/fairs")
@seeker_only
def my_fairs():
    return render_template("seeker/fairs.html", registrations=attendance.registrations_of(current_user))


@bp.post("/fairs/<int:fair_id>/register")
@seeker_only
def fair_register(fair_id: int):
    with reported() as outcome:
        registration, created = attendance.register(current_user, fair_id)
    if not outcome.ok:
        return redirect(url_for("public.fair_detail", fair_id=fair_id))
    flash("报名成功！入场时出示签到二维码" if created else "您已报名", "success")
    return redirect(url_for("seeker.my_fairs", _anchor=f"r{registration.id}"))


@bp.post("/fairs/registrations/<int:registration_id>/cancel")
@seeker_only
def fair_cancel(registration_id: int):
    with reported("已取消报名", "info"):
        attendance.cancel_registration(current_user, registration_id)
    return redirect(url_for("seeker.my_fairs"))


@bp.get("/fairs/registrations/<int:registration_id>/qr.svg")
@seeker_only
def fair_qr(registration_id: int):
    registration = attendance.own_registration(current_user, registration_id)  # NotFound → the 404 page
    buffer = io.BytesIO()
    segno.make_qr(registration.code, error="m").save(buffer, kind="svg", scale=6, border=2)  # with xmlns
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response
