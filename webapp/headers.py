"""Security headers on every response: a Content-Security-Policy without inline script, no framing by other
sites, no MIME sniffing, a strict referrer, no powerful browser features but the camera (fair check-in) and
HSTS over TLS. The live room's player platforms are the only frame sources (``LIVE_EMBED_SOURCES``)."""

from __future__ import annotations

from flask import Flask, request

PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def content_security_policy(embed_sources: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",  # no inline script and no inline handlers (static/js/app.js does their work)
            "style-src 'self' 'unsafe-inline'",  # a few style attributes, and htmx's indicator style
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self' https:",  # hls.js fetches the stream from the platform's CDN
            "media-src 'self' https: blob:",
            "frame-src " + (embed_sources or "'none'"),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    policy = content_security_policy(app.config.get("LIVE_EMBED_SOURCES", ""))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)  # a view may set a stricter one
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
