"""The API's query strings checked against the OpenAPI document before a view runs: a value outside its
enum, not an integer, out of range or too long, or a single-valued parameter given twice is a 400 with the
reason (a view used to read the first value, or read an unknown value as "no filter"). The document is the
one source: a parameter added there is checked here."""

from __future__ import annotations

import re
from functools import cache

from flask import Flask, jsonify, request


@cache
def _parameters() -> dict[tuple[str, str], dict[str, dict]]:
    from webapp.api.openapi import openapi_document

    found: dict[tuple[str, str], dict[str, dict]] = {}
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            params = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}
            found[(path, method.upper())] = params
    return found


def _documented_path(rule: str) -> str:
    """``/api/v1/jobs/<id:post_id>`` → ``/jobs/{id}`` (the document names every path parameter ``id``)."""
    return re.sub(r"<[^>]+>", "{id}", rule.removeprefix("/api/v1"))


def _problem(name: str, value: str, schema: dict) -> str | None:
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        return f"参数 {name} 只能是 {'、'.join(map(str, schema['enum']))} 之一"
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        wanted = "正整数" if low == 1 else "整数"
        if high is not None:
            wanted += f"（不超过{high}）"
        if not re.fullmatch(r"-?\d{1,30}", value):
            return f"参数 {name} 必须是{wanted}"
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return f"参数 {name} 必须是{wanted}"
    if kind == "string" and len(value) > schema.get("maxLength", len(value)):
        return f"参数 {name} 过长"
    return None


def query_problem() -> str | None:
    """What is wrong with this API request's query string, or None."""
    if request.url_rule is None:
        return None
    params = _parameters().get((_documented_path(request.url_rule.rule), request.method))
    if not params:
        return None
    for name in request.args:
        schema = params.get(name)
        if schema is None:
            continue  # unknown parameters are ignored, as the document allows
        values = request.args.getlist(name)
        if schema.get("type") == "array":
            items = schema.get("items", {})
            problems = [_problem(name, value, items) for value in values]
        elif len(values) > 1:
            return f"参数 {name} 只能出现一次"
        else:
            problems = [_problem(name, values[0], schema)]
        for problem in problems:
            if problem:
                return problem
    return None


def init_app(app: Flask) -> None:
    @app.before_request
    def check_api_query():
        if request.path.startswith("/api/v1/"):
            problem = query_problem()
            if problem:
                return jsonify(error="invalid", message=problem), 400
        return None
