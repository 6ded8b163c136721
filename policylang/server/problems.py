"""RFC 9457 problem details: every error the service answers, as ``application/problem+json``.

Each kind of problem has a stable ``type`` URI (documented in ``docs/http-api.md``), a fixed
title and an HTTP status. Problems about request fields carry ``errors``: one entry per field, in
the shape of ``schemas/error.schema.json#/$defs/problem`` (field, JSON ``pointer``, message,
allowed values, suggestion), so a client reads the same structure from the library, the command
line and the service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.responses import Response

from policylang.errors import RequestError, RequestProblem

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPES",
    "TYPE_BASE",
    "Problem",
    "ProblemKind",
    "field_error",
    "from_request_error",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

#: The longest ``detail`` of a request problem, in characters: it summarises ``errors``, which
#: has every listed problem in full.
MAX_DETAIL = 2000

#: Problem type URIs are this base plus the kind's slug; docs/http-api.md has one section each.
TYPE_BASE = "https://policylang.dev/problems/"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """One kind of problem: its slug (the end of its type URI), status and title."""

    slug: str
    status: int
    title: str

    @property
    def type(self) -> str:
        """The problem type URI."""
        return TYPE_BASE + self.slug


#: Every kind of problem the service answers with, by slug.
PROBLEM_TYPES: Mapping[str, ProblemKind] = {
    kind.slug: kind
    for kind in (
        ProblemKind("malformed-json", 400, "The body is not valid JSON"),
        ProblemKind("invalid-parameter", 400, "A query parameter is unknown or invalid"),
        ProblemKind("disallowed-host", 400, "The Host is not a name of this server"),
        ProblemKind("unauthorized", 401, "The admin token is missing or wrong"),
        ProblemKind("admin-disabled", 403, "Admin endpoints are disabled"),
        ProblemKind("cross-origin", 403, "Requests from other sites are refused"),
        ProblemKind("not-found", 404, "No such endpoint"),
        ProblemKind("unknown-policy", 404, "No such policy"),
        ProblemKind("method-not-allowed", 405, "Method not allowed on this endpoint"),
        ProblemKind("request-timeout", 408, "The request did not arrive in time"),
        ProblemKind("retired-version", 410, "This version of the API is retired"),
        ProblemKind("invalid-policies", 409, "The policies on disk are invalid"),
        ProblemKind("body-too-large", 413, "The request body is too large"),
        ProblemKind("batch-too-large", 413, "The batch has too many items"),
        ProblemKind("unsupported-media-type", 415, "Unsupported content type"),
        ProblemKind("invalid-request", 422, "The request cannot be evaluated"),
        ProblemKind("headers-too-large", 431, "The request headers are too large"),
        ProblemKind("internal-error", 500, "Internal error"),
        ProblemKind("overloaded", 503, "The server could not answer in time"),
    )
}


@dataclass(slots=True)
class Problem(Exception):
    """A problem to answer with; raise it anywhere in a handler.

    ``extra`` holds extension members (``limit``, ``diagnostics``, ``error_id``...). ``status``
    overrides the kind's status (an unknown policy named in a request body is a 422, not a 404).
    """

    slug: str
    detail: str
    errors: tuple[RequestProblem, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Exception.__init__(self, self.detail)

    @property
    def kind(self) -> ProblemKind:
        """The kind of this problem."""
        return PROBLEM_TYPES[self.slug]

    @property
    def http_status(self) -> int:
        """The HTTP status this problem is answered with."""
        return self.status if self.status is not None else self.kind.status

    def to_json(self, instance: str | None = None) -> dict[str, Any]:
        """The problem details object (RFC 9457 members first, then extensions)."""
        kind = self.kind
        out: dict[str, Any] = {
            "type": kind.type,
            "title": kind.title,
            "status": self.http_status,
            "detail": self.detail,
        }
        if instance is not None:
            out["instance"] = instance
        if self.errors:
            out["errors"] = [p.to_json() for p in self.errors]
        out.update(self.extra)
        return out

    def response(self, instance: str | None = None) -> Response:
        """The ``application/problem+json`` response."""
        return Response(
            orjson.dumps(self.to_json(instance)),
            status_code=self.http_status,
            media_type=PROBLEM_MEDIA_TYPE,
            headers=self.headers or None,
        )


def field_error(field_name: str, message: str, allowed: Iterable[str] = ()) -> RequestProblem:
    """One entry of ``errors`` about a request field (empty name: the whole document)."""
    return RequestProblem(field_name, message, tuple(allowed))


def from_request_error(error: RequestError) -> Problem:
    """The problem for a request the evaluator refused: every field problem, with pointers.

    When the only trouble is the policy id, the problem is ``unknown-policy`` (still a 422: the
    endpoint exists, the body names something that does not).
    """
    problems = error.problems
    count = len(problems)
    if error.truncated:
        summary = f"the request has more than {count} problems (the first {count} are listed)"
    else:
        summary = f"the request has {count} problems"
    detail = str(error)
    if count > 1 or error.truncated:
        detail = f"{summary}: {detail}"
    if len(detail) > MAX_DETAIL:  # a value quoted in full belongs in `errors`, not here too
        detail = detail[: MAX_DETAIL - 1] + "…"
    slug = "invalid-request"
    if count == 1 and problems[0].field == "policy":
        slug = "unknown-policy"
    extra: dict[str, Any] = {"truncated": True} if error.truncated else {}
    return Problem(slug, detail, problems, extra=extra, status=422)
