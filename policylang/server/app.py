"""The Starlette application: routes, handlers and the error handlers that turn everything into
RFC 9457 problem details.

The evaluator is synchronous and takes tens of microseconds, so handlers call it directly on the
event loop (a thread hop per request would cost more than the work) — unless the body is large
(:data:`OFFLOAD_BYTES`) or the request names a customer whose calendar variant must first be
compiled (milliseconds), when the work is done in a worker thread so that /health and the other
clients keep being answered. A batch is answered as a stream, a chunk of items at a time,
yielding to the loop between chunks so a large batch does not stall other clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import anyio
import anyio.to_thread
import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from policylang import (
    DETAILS,
    Crashed,
    Decided,
    PolicySet,
    Rejected,
    evaluate_outcome,
    parse_as_of,
    request_schema,
)
from policylang.errors import RequestError
from policylang.server.body import (
    JSON_TYPES,
    NDJSON_TYPES,
    malformed,
    parse_json,
    read_body,
    require_media_type,
)
from policylang.server.catalog import policy_detail, policy_list
from policylang.server.guards import LOOPBACK_NAMES, AdminToken, AllowedHosts, HostGuard
from policylang.server.log import DecisionLog, new_decision_id
from policylang.server.masks import check_masks
from policylang.server.openapi import build_openapi
from policylang.server.problems import Problem, field_error, from_request_error
from policylang.server.reload import PolicyHolder, Snapshot

__all__ = ["DEFAULT_MAX_BATCH", "DEFAULT_MAX_BODY", "Service", "create_app"]

#: The default body limit: 1 MiB.
DEFAULT_MAX_BODY = 1 << 20
#: The default number of items a batch may hold.
DEFAULT_MAX_BATCH = 10_000
#: Batch items evaluated between two yields to the event loop (and two writes to the client).
BATCH_CHUNK = 64
#: Bodies larger than this are evaluated in a worker thread. A request of a few hundred bytes
#: takes tens of microseconds, less than the hop to a thread; but a 1 MiB one (10,000 ticket
#: events) takes ~100 ms, which on the event loop would stall every other client, /health too.
OFFLOAD_BYTES = 64 * 1024

_logger = logging.getLogger("policylang.server")

_JSON = "application/json"
_NDJSON = "application/x-ndjson"
_NOT_AN_OBJECT = "a request is a JSON object with `policy`, `opened_at` and the policy's inputs"
_TRUE = {"true": True, "1": True, "false": False, "0": False}


def _json(document: Any, status: int = 200, media_type: str = _JSON) -> Response:
    return Response(orjson.dumps(document), status_code=status, media_type=media_type)


#: The retired v1 decision endpoints and their v2 successors (410 `retired-version`).
_V2_PATHS = {"/v1/decisions": "/v2/decisions", "/v1/decisions/batch": "/v2/decisions/batch"}
#: A retired endpoint answers 410 whatever the method.
_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
#: Where the v1 -> v2 changes are documented.
MIGRATION_PAGE = "https://policylang.dev/migration-v2/"


class _Options:
    """The query parameters of the decision endpoints, validated."""

    __slots__ = ("as_of", "as_of_text", "detail", "trace")

    def __init__(self, request: Request) -> None:
        params = _params(request, ("trace", "as_of", "detail"))
        self.detail = params.get("detail", "compact")
        if self.detail not in DETAILS:
            raise _bad_parameter("detail", f"`{self.detail}` is not compact or full", list(DETAILS))
        trace = params.get("trace")
        if trace is not None and trace.lower() not in _TRUE:
            raise _bad_parameter("trace", f"`{trace}` is not true or false", ["true", "false"])
        self.trace = trace is not None and _TRUE[trace.lower()]
        self.as_of_text = params.get("as_of")
        self.as_of: dt.date | dt.datetime | None = None
        if self.as_of_text is not None:
            self.as_of = _parse_as_of(self.as_of_text)


def _params(request: Request, allowed: Sequence[str]) -> dict[str, str]:
    """The query parameters, each at most once and each one this endpoint knows."""
    if not request.scope.get("query_string"):
        return {}  # the common case, without parsing anything
    query = request.query_params
    for name in query:
        if name not in allowed:
            known = ", ".join(f"`{a}`" for a in allowed) or "none"
            raise _bad_parameter(
                name, f"unknown query parameter `{name}` (accepted: {known})", allowed
            )
        if len(query.getlist(name)) > 1:
            raise _bad_parameter(name, f"query parameter `{name}` is given more than once", allowed)
    return dict(query)


def _bad_parameter(name: str, detail: str, allowed: Sequence[str]) -> Problem:
    return Problem("invalid-parameter", detail, extra={"parameter": name, "allowed": list(allowed)})


def _parse_as_of(text: str) -> dt.date | dt.datetime:
    try:
        return parse_as_of(text, "as_of")
    except RequestError as error:
        raise _bad_parameter("as_of", error.problems[0].message, ()) from None


class Service:
    """The handlers, over one :class:`PolicyHolder` and an optional :class:`DecisionLog`."""

    def __init__(
        self,
        holder: PolicyHolder,
        *,
        max_body: int = DEFAULT_MAX_BODY,
        max_batch: int = DEFAULT_MAX_BATCH,
        decision_log: DecisionLog | None = None,
        admin: AdminToken | None = None,
    ) -> None:
        self.holder = holder
        self.admin = admin or AdminToken(None)
        self.max_body = max_body
        self.max_batch = max_batch
        self.log = decision_log
        self._openapi: tuple[int, bytes] | None = None

    # ------------------------------------------------------------------ decisions

    async def decide(self, request: Request) -> Response:
        """POST /v2/decisions: one request, one decision."""
        options = _Options(request)
        require_media_type(request, JSON_TYPES)
        body = await read_body(request, self.max_body)
        snapshot = self.holder.current  # one snapshot for the whole request
        if len(body) > OFFLOAD_BYTES:
            answer = await anyio.to_thread.run_sync(self._decide, snapshot, body, options)
        else:
            document = _request_object(body)
            if snapshot.policies.would_compile(document):
                # A customer's calendar variant compiles first (milliseconds, not micro-):
                # off the loop, so naming customers in turn cannot stall other clients.
                answer = await anyio.to_thread.run_sync(
                    self._answer, snapshot, document, options
                )
            else:
                answer = self._answer(snapshot, document, options)
        if self.log is not None:
            self.log.flush()
        return Response(answer, media_type=_JSON)

    def _decide(self, snapshot: Snapshot, body: bytes, options: _Options) -> bytes:
        """The encoded answer to one request's body (or the problem it raises)."""
        return self._answer(snapshot, _request_object(body), options)

    def _answer(self, snapshot: Snapshot, document: dict[str, Any], options: _Options) -> bytes:
        """The encoded answer to one request object (or the problem it raises)."""
        decision_id, result, encoded = self._evaluate(snapshot, document, options)
        if encoded is None:
            return orjson.dumps({"decision_id": decision_id, "result": result})
        return b'{"decision_id":"' + decision_id.encode() + b'","result":' + encoded + b"}"

    def _evaluate(
        self, snapshot: Snapshot, document: Any, options: _Options
    ) -> tuple[str, dict[str, Any], bytes | None]:
        """Evaluate one request: its decision id, the decision's JSON document and, when there
        is a decision log, that document encoded (once, for the log and the answer). A bad
        request raises the matching problem."""
        match evaluate_outcome(
            snapshot.policies, document, as_of=options.as_of, trace=options.trace
        ):
            case Decided(decision):
                pass
            case Rejected(error):
                raise from_request_error(error) from None
            case Crashed(bug):  # the callers answer a bug as an internal error
                raise bug
        decision_id = new_decision_id()
        result = decision.to_json(options.detail)
        encoded = None
        if self.log is not None:
            encoded = orjson.dumps(result)
            policy = decision.policy
            self.log.record(
                decision_id,
                policy_id=policy.id,
                version=policy.version,
                request=document,
                result=result,
                result_json=encoded,
                as_of=options.as_of_text,
                personal=self.log.personal(policy),
            )
        return decision_id, result, encoded

    async def decide_batch(self, request: Request) -> Response:
        """POST /v2/decisions/batch: a JSON array or NDJSON; one result per item, in order."""
        options = _Options(request)
        kind = require_media_type(request, JSON_TYPES | NDJSON_TYPES)
        body = await read_body(request, self.max_body)
        snapshot = self.holder.current
        if kind in NDJSON_TYPES:
            items: list[tuple[int | None, Any]] = list(_ndjson_lines(body))
            media_type = _NDJSON
        else:
            document = parse_json(body)
            if document.__class__ is not list:
                detail = "a batch is a JSON array of requests (or NDJSON: one request per line)"
                raise Problem("invalid-request", detail, (field_error("", detail),))
            items = [(None, item) for item in document]
            media_type = _JSON
        if len(items) > self.max_batch:
            raise Problem(
                "batch-too-large",
                f"the batch has {len(items)} items; this server accepts at most "
                f"{self.max_batch} per request (split it)",
                extra={"limit": self.max_batch},
            )
        stream = self._batch_stream(
            snapshot,
            items,
            options,
            ndjson=media_type == _NDJSON,
            offload=len(body) > OFFLOAD_BYTES,
        )
        return StreamingResponse(stream, media_type=media_type)

    async def _batch_stream(
        self,
        snapshot: Snapshot,
        items: list[tuple[int | None, Any]],
        options: _Options,
        *,
        ndjson: bool,
        offload: bool,
    ) -> AsyncIterator[bytes]:
        # Each chunk is joined once: separators are parts of the join (b"" at either end), not
        # concatenated afterwards, since every extra copy of a chunk of decisions costs more
        # than building it.
        if not ndjson:
            yield b"["
        for start in range(0, len(items), BATCH_CHUNK):
            chunk = items[start : start + BATCH_CHUNK]
            would_compile = snapshot.policies.would_compile
            if offload or any(would_compile(item) for _, item in chunk):
                parts = await anyio.to_thread.run_sync(
                    self._batch_chunk, snapshot, chunk, start, options
                )
            else:
                parts = self._batch_chunk(snapshot, chunk, start, options)
            if self.log is not None:
                self.log.flush()
            if ndjson:
                parts.append(b"")
                yield b"\n".join(parts)
            else:
                if start:
                    parts.insert(0, b"")
                yield b",".join(parts)
            # Let other requests in between chunks: a batch must not monopolise the loop.
            await asyncio.sleep(0)
        if not ndjson:
            yield b"]"

    def _batch_chunk(
        self,
        snapshot: Snapshot,
        chunk: list[tuple[int | None, Any]],
        start: int,
        options: _Options,
    ) -> list[bytes]:
        """The encoded results of one chunk of a batch, the first being item ``start``."""
        return [
            self._batch_item(snapshot, index, line, raw, options)
            for index, (line, raw) in enumerate(chunk, start)
        ]

    def _batch_item(
        self, snapshot: Snapshot, index: int, line: int | None, raw: Any, options: _Options
    ) -> bytes:
        """One batch result: the decision, or the error object for a bad item."""
        head: dict[str, Any] = {"index": index}
        if line is not None:
            head["line"] = line
        try:
            document = raw if line is None else _parse_line(raw)
            if document.__class__ is not dict:
                raise Problem("invalid-request", _NOT_AN_OBJECT, (field_error("", _NOT_AN_OBJECT),))
            decision_id, result, encoded = self._evaluate(snapshot, document, options)
        except Problem as problem:
            return orjson.dumps({**head, "error": problem.to_json()})
        except Exception:  # a bug, not bad input: answer this item, keep the batch going
            internal = _internal_error(f"batch item {index}")
            return orjson.dumps({**head, "error": internal.to_json()})
        if encoded is None:
            return orjson.dumps({**head, "decision_id": decision_id, "result": result})
        prefix = orjson.dumps({**head, "decision_id": decision_id})[:-1]
        return prefix + b',"result":' + encoded + b"}"

    # ------------------------------------------------------------------ policies

    async def list_policies(self, request: Request) -> Response:
        """GET /v1/policies."""
        _params(request, ())
        return _json(policy_list(self.holder.current.policies))

    async def get_policy(self, request: Request) -> Response:
        """GET /v1/policies/{policy_id}."""
        _params(request, ())
        policies = self.holder.current.policies
        policy_id = self._known(policies, request.path_params["policy_id"])
        return _json(policy_detail(policies, policy_id))

    async def get_schema(self, request: Request) -> Response:
        """GET /v1/policies/{policy_id}/schema[?version=V]."""
        params = _params(request, ("version",))
        policies = self.holder.current.policies
        policy_id = self._known(policies, request.path_params["policy_id"])
        versions = policies.versions[policy_id]
        wanted = params.get("version")
        chosen = versions[-1] if wanted is None else None
        for version in versions:
            if version.version == wanted:
                chosen = version
        if chosen is None:
            labels = [v.version for v in versions]
            raise Problem(
                "unknown-policy",
                f"policy `{policy_id}` has no version `{wanted}`; versions: {', '.join(labels)}",
                extra={"parameter": "version", "allowed": labels},
            )
        return _json(
            request_schema(chosen, policies.customers.get(policy_id, {})),
            media_type="application/schema+json",
        )

    async def get_catalogue(self, request: Request) -> Response:
        """GET /v2/policies/{policy_id}/catalogue[?version=V]: the texts behind a decision's
        clause and note ids, and each rule's place."""
        params = _params(request, ("version",))
        policies = self.holder.current.policies
        policy_id = self._known(policies, request.path_params["policy_id"])
        try:
            return _json(policies.catalogue(policy_id, params.get("version")))
        except RequestError as error:
            problem = error.problems[0]
            raise Problem(
                "unknown-policy",
                problem.message,
                extra={"parameter": "version", "allowed": list(problem.allowed)},
            ) from None

    async def retired(self, request: Request) -> Response:
        """/v1/decisions and /v1/decisions/batch: 410, naming the v2 path and the migration."""
        path = request.url.path
        raise Problem(
            "retired-version",
            f"{path} is retired: decisions are served at {_V2_PATHS[path]} in the contract-v2 "
            f"shape; see {MIGRATION_PAGE}",
            extra={"successor": _V2_PATHS[path], "migration": MIGRATION_PAGE},
        )

    @staticmethod
    def _known(policies: PolicySet, policy_id: str) -> str:
        """``policy_id``, or the ``unknown-policy`` problem with the closest id, as the command
        line says it (the policy set's own lookup makes both)."""
        try:
            policies.latest(policy_id)
        except RequestError as error:
            [problem] = error.problems
            raise Problem(
                "unknown-policy",
                problem.message
                + (f" (did you mean `{problem.suggestion}`?)" if problem.suggestion else "")
                + f"; loaded: {', '.join(problem.allowed)}",
                extra={"allowed": list(problem.allowed), "suggestion": problem.suggestion},
            ) from None
        return policy_id

    # ------------------------------------------------------------------ operations

    async def reload(self, request: Request) -> Response:
        """POST /v1/reload: load and check now; 409 (old set kept) when the new set is invalid.
        An admin endpoint: the token first, then the same checks as every POST."""
        self.admin.check(request)
        _params(request, ())
        require_media_type(request, JSON_TYPES)
        outcome = await self.holder.reload("request")
        if not outcome.ok:
            extra: dict[str, Any] = {
                "generation": outcome.generation,
                "diagnostics": [d.to_json() for d in outcome.diagnostics],
            }
            if outcome.error_id is None:
                why = f"have {len(outcome.diagnostics)} error(s)"
            else:
                why = f"could not be loaded (a bug in policylang; error id {outcome.error_id})"
                extra["error_id"] = outcome.error_id
            raise Problem(
                "invalid-policies",
                f"the policies on disk {why}; still serving generation {outcome.generation}",
                extra=extra,
            )
        return _json(outcome.to_json())

    async def health(self, request: Request) -> Response:
        """GET /health: liveness."""
        _params(request, ())
        return _json({"status": "ok"})

    async def ready(self, request: Request) -> Response:
        """GET /ready: what is served, and how the last reload went."""
        _params(request, ())
        snapshot = self.holder.current
        policies = snapshot.policies
        return _json(
            {
                "status": "ready",
                "generation": snapshot.generation,
                "loaded_at": snapshot.loaded_at.isoformat(timespec="milliseconds"),
                "policies": {i: [v.version for v in policies.versions[i]] for i in policies.ids},
                "last_reload": self.holder.last_reload.to_json(),
            }
        )

    async def openapi(self, request: Request) -> Response:
        """GET /openapi.json, rebuilt when a reload changes the policies."""
        _params(request, ())
        snapshot = self.holder.current
        cached = self._openapi
        if cached is None or cached[0] != snapshot.generation:
            document = build_openapi(snapshot.policies, max_batch=self.max_batch)
            cached = (snapshot.generation, orjson.dumps(document))
            self._openapi = cached
        return Response(cached[1], media_type=_JSON)


def _ndjson_lines(body: bytes) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of an NDJSON body, with their 1-based numbers (parsed later, one by
    one, so a bad line is that item's error, not the batch's)."""
    for number, line in enumerate(body.split(b"\n"), 1):
        if line.strip():
            yield number, line


def _parse_line(line: bytes) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise malformed(error, line) from None


def _internal_error(where: str) -> Problem:
    error_id = new_decision_id()
    _logger.exception("internal error %s (%s)", error_id, where)
    return Problem(
        "internal-error",
        f"an internal error occurred (a bug in policylang); error id {error_id}",
        extra={"error_id": error_id},
    )


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return exc.response(request.url.path)


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        problem = Problem(
            "method-not-allowed",
            f"{request.method} is not allowed on {request.url.path}",
            headers=dict(exc.headers or {}),
        )
    else:
        problem = Problem("not-found", f"no endpoint at {request.url.path}; see /openapi.json")
    return problem.response(request.url.path)


async def _on_disconnect(request: Request, exc: Exception) -> Response:
    # The client hung up before sending its whole body: nobody will read an answer, and it is
    # not an error of ours (no traceback in the log).
    _logger.debug("client disconnected during %s %s", request.method, request.url.path)
    return Response(status_code=400)


async def _on_error(request: Request, exc: Exception) -> Response:
    return _internal_error(f"{request.method} {request.url.path}").response(request.url.path)


def create_app(
    policies_dir: str | Path,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    max_batch: int = DEFAULT_MAX_BATCH,
    decision_log: str | Path | DecisionLog | None = None,
    mask: Sequence[str] = (),
    unmask: Sequence[str] = (),
    watch: bool = True,
    allowed_hosts: AllowedHosts | None = None,
    admin_token: str | None = None,
) -> Starlette:
    """The decision service over the policies in ``policies_dir``.

    Loads and checks the policies now (raises :class:`policylang.PolicyError` when they are
    invalid: a server never starts on a broken set). ``decision_log`` is a file path, ``-`` for
    stderr, or None for no log; ``mask`` lists the log fields to mask and ``unmask`` the inputs
    to log in clear although they look personal (both checked against the policies: a
    :class:`~policylang.server.masks.MaskError` names a mask that matches nothing; see
    :mod:`policylang.server.masks`). With ``watch``, the directory is watched and reloaded on
    change.
    ``allowed_hosts`` are the names requests may use in Host and Origin (the loopback names by
    default); ``admin_token`` enables admin endpoints (``POST /v1/reload``) for whoever sends it.
    """
    holder = PolicyHolder(policies_dir)
    check_masks(mask, holder.current.policies)
    check_masks(unmask, holder.current.policies, option="--unmask")
    log = (
        decision_log
        if isinstance(decision_log, DecisionLog) or decision_log is None
        else DecisionLog.open(decision_log, mask=mask, unmask=unmask)
    )
    service = Service(
        holder,
        max_body=max_body,
        max_batch=max_batch,
        decision_log=log,
        admin=AdminToken(admin_token),
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        stop = anyio.Event()
        async with anyio.create_task_group() as group:
            if watch:
                group.start_soon(holder.watch, stop)
            try:
                yield
            finally:
                stop.set()
                if log is not None:
                    log.close()

    routes = [
        Route("/v2/decisions", service.decide, methods=["POST"]),
        Route("/v2/decisions/batch", service.decide_batch, methods=["POST"]),
        *(Route(old, service.retired, methods=_ALL_METHODS) for old in _V2_PATHS),
        Route("/v1/policies", service.list_policies, methods=["GET"]),
        Route("/v1/policies/{policy_id}", service.get_policy, methods=["GET"]),
        Route("/v1/policies/{policy_id}/schema", service.get_schema, methods=["GET"]),
        Route("/v2/policies/{policy_id}/catalogue", service.get_catalogue, methods=["GET"]),
        Route("/v1/reload", service.reload, methods=["POST"]),
        Route("/health", service.health, methods=["GET"]),
        Route("/ready", service.ready, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            Problem: _on_problem,
            HTTPException: _on_http_exception,
            ClientDisconnect: _on_disconnect,
            Exception: _on_error,
        },
        lifespan=lifespan,
        middleware=[
            Middleware(HostGuard, hosts=allowed_hosts or AllowedHosts(LOOPBACK_NAMES)),
        ],
    )
    app.state.service = service
    return app


def _request_object(body: bytes) -> dict[str, Any]:
    """A request body as the JSON object it must be (else the problem it raises)."""
    document = parse_json(body)
    if document.__class__ is not dict:
        raise Problem("invalid-request", _NOT_AN_OBJECT, (field_error("", _NOT_AN_OBJECT),))
    return cast("dict[str, Any]", document)
