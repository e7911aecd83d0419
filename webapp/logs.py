"""Log lines: a request id on every one, as text for a console (``LOG_FORMAT=text``, the default) or one JSON
object per line for a log collector (``LOG_FORMAT=json``, production), with the time in 北京时间 (ISO 8601,
+08:00). With ``ACCESS_LOG`` (on with JSON) each request is logged once it is answered: method, path,
status, milliseconds, the client address and the request id, which the response carries as X-Request-ID."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta, timezone

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

BEIJING = timezone(timedelta(hours=8), "CST")
TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
access = logging.getLogger("zone.access")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            try:
                record.request_id = g.get("request_id", "-")
            except RuntimeError:  # no application context
                record.request_id = "-"
        return True


class ZoneJsonFormatter(JsonFormatter):
    """``{"time", "level", "logger", "request_id", "message", …extra fields}`` per line."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(request_id)s %(message)s", *args, **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data["time"] = (
            datetime.fromtimestamp(record.created, UTC).astimezone(BEIJING).isoformat(timespec="milliseconds")
        )
        log_data["level"] = log_data.pop("levelname", record.levelname)
        log_data["logger"] = log_data.pop("name", record.name)
        log_data.setdefault("request_id", getattr(record, "request_id", "-"))


def init_app(app: Flask) -> None:
    json_lines = app.config.get("LOG_FORMAT", "text") == "json"
    logging.captureWarnings(json_lines)  # a library's warning is a log line too, not a bare stderr text
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
        handler.setFormatter(ZoneJsonFormatter() if json_lines else logging.Formatter(TEXT))
    if not app.config.get("ACCESS_LOG", json_lines):
        return

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
        access.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            elapsed,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed, 1),
                "remote": request.remote_addr,
            },
        )
        return response
