"""The OpenAPI 3.1 document of the service, assembled from the JSON Schemas — never restated.

Component schemas come from three places, all single sources of truth:

* ``schemas/decision.schema.json`` and ``schemas/error.schema.json`` (shipped, hand-written);
* ``schemas/http.schema.json``: the service's own documents (problem details, batch items,
  the policy catalogue, health and readiness, the decision log line);
* :func:`policylang.schema.request_schema` for each loaded policy version: so the document
  describes exactly the requests this server accepts, and is rebuilt when a reload changes them.

Each schema file's ``$defs`` are hoisted into ``components/schemas`` as ``FILE.NAME`` (the root
as ``FILE``) and every ``$ref`` is rewritten to point there, so the document is self-contained:
tools need not resolve ``$id`` URIs or fetch files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policylang import (
    TIMESTAMP_PATTERN,
    PolicySet,
    __version__,
    request_schema,
    shipped_schema,
)

__all__ = ["SCHEMA_FILES", "build_openapi", "component_schemas"]

#: The shipped schema files the document draws on (``schemas/NAME.schema.json``).
SCHEMA_FILES = ("decision", "error", "http")

_COMPONENTS = "#/components/schemas/"
_FILE_REF = re.compile(r"^(?:.*/)?([a-z_]+)\.schema\.json$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _rewrite(node: Any, file: str) -> Any:
    """``node`` with every ``$ref`` pointing into ``components/schemas`` and no ``$id``."""
    if isinstance(node, list):
        return [_rewrite(item, file) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$schema", "$id", "$defs"):
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = _target(value, file)
        elif key in ("properties", "patternProperties") and isinstance(value, dict):
            # Keys here are names, not keywords: rewrite the values only.
            out[key] = {name: _rewrite(sub, file) for name, sub in value.items()}
        else:
            out[key] = _rewrite(value, file)
    return out


def _target(ref: str, file: str) -> str:
    location, _, fragment = ref.partition("#")
    if location:
        match = _FILE_REF.match(location)
        if match is None:
            raise ValueError(f"{file}.schema.json: cannot place $ref {ref!r}")
        file = match.group(1)
    if not fragment:
        return _COMPONENTS + file
    if not fragment.startswith("/$defs/"):
        return _COMPONENTS + file + fragment
    name, _, rest = fragment[len("/$defs/") :].partition("/")
    return f"{_COMPONENTS}{file}.{name}" + (f"/{rest}" if rest else "")


def component_schemas(name: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """One schema file as components: its root (unless it is only a bag of $defs) and each def."""
    out: dict[str, Any] = {}
    root = _rewrite(schema, name)
    if set(root) - {"title", "description"}:
        out[name] = root
    for def_name, sub in schema.get("$defs", {}).items():
        out[f"{name}.{def_name}"] = _rewrite(sub, name)
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _COMPONENTS + name}


def _request_components(policies: PolicySet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for policy_id in policies.ids:
        for version in policies.versions[policy_id]:
            key = "request." + _UNSAFE.sub("_", f"{policy_id}@{version.version}")
            out[key] = _rewrite(
                request_schema(version, policies.customers.get(policy_id, {})), "request"
            )
    return out


def _problems(*statuses: int) -> dict[str, Any]:
    reasons = {
        400: "Malformed JSON, an unknown or invalid query parameter, or a Host that does not "
        "name this server",
        401: "The admin token is missing or wrong",
        403: "Admin endpoints are disabled (no admin token), or the request comes from a web "
        "page of another site",
        404: "No such policy, or no such endpoint",
        409: "The policies on disk are invalid; the previous set is still served",
        413: "The body, or the batch, is over the limit",
        415: "The body's Content-Type is not accepted here",
        422: "The request cannot be evaluated: every problem, with a pointer to its field",
    }
    out = {
        str(s): {
            "description": reasons[s],
            "content": {"application/problem+json": {"schema": _ref("http.problem")}},
        }
        for s in statuses
    }
    out["default"] = {
        "description": "Any other problem (405, 500 with an error_id)",
        "content": {"application/problem+json": {"schema": _ref("http.problem")}},
    }
    return out


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_DECISION_PARAMETERS = [
    {
        "name": "trace",
        "in": "query",
        "required": False,
        "description": "Add every rule considered, in order, to each decision.",
        "schema": {"type": "boolean", "default": False},
    },
    {
        "name": "as_of",
        "in": "query",
        "required": False,
        "description": "Pick the policy version in force on this date (YYYY-MM-DD) or instant "
        "(RFC 3339 with an offset) instead of on the request's opened_at.",
        "schema": {
            "type": "string",
            "anyOf": [{"pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"pattern": TIMESTAMP_PATTERN}],
            "examples": ["2026-03-06"],
        },
    },
    {
        "name": "detail",
        "in": "query",
        "required": False,
        "description": "`compact` cites clauses and notes by id (their texts: GET "
        "/v2/policies/{policy_id}/catalogue); `full` adds them under `texts`.",
        "schema": {"type": "string", "enum": ["compact", "full"], "default": "compact"},
    },
]

_VERSION_PARAMETER = {
    "name": "version",
    "in": "query",
    "required": False,
    "description": "A version label (default: the latest version).",
    "schema": {"type": "string"},
}


def _retired(successor: str, operation: str) -> dict[str, Any]:
    """A v1 decision endpoint: 410 `retired-version`, naming its successor."""
    return {
        "post": {
            "operationId": operation,
            "summary": f"Retired: use {successor} (docs/migration-v2.md)",
            "deprecated": True,
            "responses": {
                "410": {
                    "description": "Retired: the problem names the v2 path and the migration page",
                    "content": {"application/problem+json": {"schema": _ref("http.problem")}},
                }
            },
        }
    }


def _policy_id(policies: PolicySet) -> dict[str, Any]:
    return {
        "name": "policy_id",
        "in": "path",
        "required": True,
        "description": "The id of a loaded policy, as GET /v1/policies lists them.",
        "schema": {"type": "string", "enum": list(policies.ids)},
    }


def build_openapi(policies: PolicySet, *, max_batch: int) -> dict[str, Any]:
    """The OpenAPI document for a server answering from ``policies``."""
    schemas: dict[str, Any] = {}
    for name in SCHEMA_FILES:
        schemas.update(component_schemas(name, shipped_schema(name)))
    requests = _request_components(policies)
    schemas.update(requests)
    schemas["request"] = {
        "description": "A request to one of the loaded policies (the schema of each is "
        "GET /v1/policies/{policy_id}/schema).",
        "anyOf": [_ref(name) for name in requests],
    }
    paths: dict[str, Any] = {
        "/v1/decisions": _retired("/v2/decisions", "decideV1"),
        "/v1/decisions/batch": _retired("/v2/decisions/batch", "decideBatchV1"),
        "/v2/decisions": {
            "post": {
                "operationId": "decide",
                "summary": "Evaluate one request",
                "parameters": _DECISION_PARAMETERS,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("request")}},
                },
                "responses": {
                    "200": _ok("The decision, with its id", "http.decision_response"),
                    **_problems(400, 413, 415, 422),
                },
            }
        },
        "/v2/decisions/batch": {
            "post": {
                "operationId": "decideBatch",
                "summary": "Evaluate many requests: one result per item, in order",
                "parameters": _DECISION_PARAMETERS,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "array",
                                "maxItems": max_batch,
                                "items": _ref("request"),
                            }
                        },
                        "application/x-ndjson": {
                            "schema": {
                                "type": "string",
                                "description": "One request (a JSON object) per line.",
                            }
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "One item per request, in order: a decision or an error",
                        "content": {
                            "application/json": {"schema": _ref("http.batch_response")},
                            "application/x-ndjson": {
                                "schema": {
                                    "type": "string",
                                    "description": "One http.batch_item per line.",
                                }
                            },
                        },
                    },
                    **_problems(400, 413, 415, 422),
                },
            }
        },
        "/v1/policies": {
            "get": {
                "operationId": "listPolicies",
                "summary": "The loaded policies",
                "responses": {"200": _ok("Every policy", "http.policy_list"), **_problems(400)},
            }
        },
        "/v1/policies/{policy_id}": {
            "get": {
                "operationId": "getPolicy",
                "summary": "One policy: versions and inputs",
                "parameters": [_policy_id(policies)],
                "responses": {
                    "200": _ok("The policy", "http.policy_detail"),
                    **_problems(400, 404),
                },
            }
        },
        "/v1/policies/{policy_id}/schema": {
            "get": {
                "operationId": "getPolicySchema",
                "summary": "The JSON Schema of requests to a policy",
                "parameters": [_policy_id(policies), _VERSION_PARAMETER],
                "responses": {
                    "200": {
                        "description": "A JSON Schema, draft 2020-12",
                        "content": {
                            "application/schema+json": {"schema": _ref("http.json_schema")}
                        },
                    },
                    **_problems(400, 404),
                },
            }
        },
        "/v2/policies/{policy_id}/catalogue": {
            "get": {
                "operationId": "getPolicyCatalogue",
                "summary": "The texts behind a decision's clause and note ids, and each rule",
                "parameters": [_policy_id(policies), _VERSION_PARAMETER],
                "responses": {
                    "200": _ok("The catalogue of one policy version", "http.catalogue"),
                    **_problems(400, 404),
                },
            }
        },
        "/v1/reload": {
            "post": {
                "operationId": "reload",
                "summary": "Load and check the policies directory now; swap if valid",
                "description": "An admin endpoint: send the admin token as a bearer token, "
                "and Content-Type: application/json (the body is not read). Disabled when the "
                "server has no admin token.",
                "security": [{"adminToken": []}],
                "responses": {
                    "200": _ok("The new set is served", "http.reload"),
                    **_problems(400, 401, 403, 409, 415),
                },
            }
        },
        "/health": {
            "get": {
                "operationId": "health",
                "summary": "Liveness",
                "responses": {"200": _ok("The process is up", "http.health"), **_problems(400)},
            }
        },
        "/ready": {
            "get": {
                "operationId": "ready",
                "summary": "Readiness, and the last reload's diagnostics",
                "responses": {
                    "200": _ok("A valid policy set is served", "http.ready"),
                    **_problems(400),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **_problems(400),
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "policylang decision service",
            "version": __version__,
            "description": "Evaluates support requests against support-contract policies: "
            "what SLA, who handles it, is it billable — each answer citing its clauses. "
            "Errors are RFC 9457 problem details; see docs/http-api.md.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "adminToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The server's --admin-token (POLICYLANG_ADMIN_TOKEN).",
                }
            },
        },
    }
