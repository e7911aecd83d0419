"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from search.settings import JOB_FACETS

_error = {"$ref": "#/components/schemas/Error"}

DIRECT_SOURCES = ["search", "recommendation", "api"]  # live and fair applications have their own endpoints


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document() -> dict:
    document = _document()
    for operations in document["paths"].values():
        for operation in operations.values():
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                # webapp/api/contract.py answers a query string the parameters do not allow with a 400
                operation["responses"].setdefault("400", _json(_error, "a query parameter is invalid"))
    return document


def _document() -> dict:
    facet_params = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": f"filter on facet '{name}' (repeat for OR)",
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        }
        for name in JOB_FACETS
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "专精特新招聘专区 API",
            "version": "1.0.0",
            "description": "Jobs search, applications, fairs and live rooms. Authenticate with the session "
            "cookie "
            "(send X-CSRFToken on writes) or `Authorization: Bearer <token>` "
            "(`flask users token ACCOUNT`).",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
                },
                "JobHit": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "external_id": {"type": ["string", "null"]},
                        "title": {"type": "string"},
                        "enterprise": {"type": "string"},
                        "enterprise_id": {"type": "integer"},
                        "city": {"type": "string"},
                        "district": {"type": "string"},
                        "pay_text": {"type": "string", "examples": ["8-12K·13薪"]},
                        "education": {"type": "string"},
                        "experience": {"type": "string"},
                        "employment_type": {"type": "string"},
                        "tier": {"type": "string"},
                        "industry": {"type": "string"},
                        "target_groups": {"type": "array", "items": {"type": "string"}},
                        "headcount": {"type": "string"},
                        "related": {
                            "type": "boolean",
                            "description": "hybrid search: found through the title's occupation vector alone "
                            "(no query word in it); such posts follow the closer ones",
                        },
                        "highlight": {
                            "type": "object",
                            "description": "U+E000/U+E001 mark matched text; escape before display",
                        },
                    },
                },
                "JobList": {
                    "type": "object",
                    "required": ["total", "page", "per_page", "hits", "facets"],
                    "properties": {
                        "total": {
                            "type": "integer",
                            "description": "posts matching the query's words and the filters (the facets "
                            "count these)",
                        },
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "more": {
                            "type": "boolean",
                            "description": "hybrid search: related posts continue on the next page "
                            "past total",
                        },
                        "degraded": {
                            "type": "boolean",
                            "description": "true when answered by the database fallback",
                        },
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/JobHit"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
                    },
                },
                "Job": {"type": "object", "description": "a post with its enterprise"},
                "Application": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "post_id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        "status": {
                            "type": "string",
                            "enum": ["submitted", "viewed", "interview", "unsuitable", "hired", "withdrawn"],
                        },
                        "status_label": {"type": "string"},
                        "source": {"type": "string"},
                        "timeline": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
        "paths": {
            "/jobs": {
                "get": {
                    "summary": "Search published posts",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["relevance", "newest", "pay"]},
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                        },
                        *facet_params,
                    ],
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/JobList"}, "results"),
                        "400": _json(_error, "bad parameters"),
                    },
                }
            },
            "/jobs/{id}": {
                "get": {
                    "summary": "One post",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/Job"}, "the post"),
                        "404": _json(_error, "unknown or unpublished"),
                    },
                }
            },
            "/applications": {
                "post": {
                    "summary": "Apply to a post (idempotent per seeker and post)",
                    "security": [{"bearer": []}, {"session": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["post_id"],
                                    "properties": {
                                        "post_id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                                        "consent": {
                                            "type": "boolean",
                                            "description": "consent to send the résumé (needed once)",
                                        },
                                        "source": {
                                            "type": "string",
                                            "enum": ["search", "recommendation", "api"],
                                        },
                                        "source_ref": {"type": "string", "maxLength": 64},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _json({"$ref": "#/components/schemas/Application"}, "created"),
                        "200": _json({"$ref": "#/components/schemas/Application"}, "already applied"),
                        "400": _json(_error, "bad input or consent missing"),
                        "401": _json(_error, "not signed in"),
                        "403": _json(_error, "not a seeker"),
                        "404": _json(_error, "no such post"),
                        "409": _json(_error, "post closed"),
                        "429": _json(_error, "too many applications"),
                    },
                }
            },
            **fair_paths(),
            "/me/applications": {
                "get": {
                    "summary": "The signed-in seeker's applications with timelines",
                    "security": [{"bearer": []}, {"session": []}],
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "items": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Application"},
                                    }
                                },
                            },
                            "applications",
                        ),
                        "401": _json(_error, "not signed in"),
                    },
                }
            },
        },
    }


def _id_param(description: str) -> dict:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer"},
    }


FAIR_SUMMARY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "brand": {
            "type": ["object", "null"],
            "description": 'the "10+N" activity brand',
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "year": {"type": "integer"},
            },
        },
        "mode": {"type": "string", "enum": ["offline", "online", "live", "hybrid"]},
        "mode_label": {"type": "string"},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "venue": {"type": "string"},
        "address": {"type": "string"},
        "adcode": {"type": "string"},
        "target_groups": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string"},
    },
}
LIVE_STATE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "fair_id": {"type": "integer"},
        "status": {"type": "string", "enum": ["scheduled", "live", "ended"]},
        "version": {"type": "integer", "description": "increases with every change; ignore older states"},
        "presenting": {
            "type": ["object", "null"],
            "properties": {
                "segment_id": {"type": "integer"},
                "enterprise_id": {"type": "integer"},
                "enterprise": {"type": "string"},
                "tier": {"type": "string"},
            },
        },
        "pinned_post": {
            "type": ["object", "null"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "pay": {"type": "string"},
                "place": {"type": "string"},
                "enterprise": {"type": "string"},
                "url": {"type": "string"},
            },
        },
        "announcement": {"type": "string"},
        "replay_url": {"type": "string"},
        "schedule": {"type": "array", "items": {"type": "object"}},
        "counters": {
            "type": "object",
            "properties": {
                "online": {"type": "integer", "description": "viewers seen in the last 45 s, all workers"},
                "peak": {"type": "integer"},
                "applications": {"type": "integer"},
                "per_segment": {"type": "object", "additionalProperties": {"type": "integer"}},
                "per_post": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
    },
}


def fair_paths() -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "/fairs": {
            "get": {
                "summary": "Published fairs (upcoming unless past=1)",
                "parameters": [
                    {
                        "name": "brand_id",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                    },
                    {
                        "name": "mode",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["offline", "online", "live", "hybrid"]},
                    },
                    {"name": "past", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}},
                ],
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"items": {"type": "array", "items": FAIR_SUMMARY}}},
                        "fairs",
                    )
                },
            }
        },
        "/fairs/{id}": {
            "get": {
                "summary": "One fair: its approved enterprises with booths and posts, and its live sessions",
                "parameters": [_id_param("fair id")],
                "responses": {
                    "200": _json(
                        {
                            "allOf": [
                                FAIR_SUMMARY,
                                {
                                    "type": "object",
                                    "properties": {
                                        "registration": {"type": "object"},
                                        "enterprises": {"type": "array", "items": {"type": "object"}},
                                        "live_sessions": {"type": "array", "items": {"type": "object"}},
                                    },
                                },
                            ]
                        },
                        "the fair",
                    ),
                    "404": _json(error, "unknown or unpublished"),
                },
            }
        },
        "/live/{id}": {
            "get": {
                "summary": "A live room's state and counters (browsers get the same as Server-Sent Events at "
                "/live/{id}/events; this endpoint is their polling fallback)",
                "parameters": [
                    _id_param("live session id"),
                    {
                        "name": "watching",
                        "in": "query",
                        "description": "1: count the caller as a viewer online",
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {"200": _json(LIVE_STATE, "state"), "404": _json(error, "unknown")},
            }
        },
        "/live/{id}/applications": {
            "post": {
                "summary": "边看边投: apply to a post shown in the live room (source live, with its segment)",
                "security": [{"bearer": []}, {"session": []}],
                "parameters": [_id_param("live session id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["post_id"],
                                "properties": {
                                    "post_id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                                    "consent": {"type": "boolean"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json({"$ref": "#/components/schemas/Application"}, "created"),
                    "200": _json({"$ref": "#/components/schemas/Application"}, "already applied"),
                    "400": _json(error, "bad input, consent missing, or post not in this room"),
                    "401": _json(error, "not signed in"),
                    "404": _json(error, "no such live session"),
                    "409": _json(error, "room not live, or post closed"),
                    "429": _json(error, "too many applications"),
                },
            }
        },
    }
