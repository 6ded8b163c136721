"""Reading request bodies safely: content type, a size limit enforced while streaming, JSON.

A body is never read past its limit: a declared ``Content-Length`` over the limit is refused
before anything is read, and a chunked body is counted as it arrives and refused at the first
chunk that crosses the limit. The connection is then closed (``Connection: close``), since the
rest of the body was never read.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request

from policylang.server.problems import Problem, field_error

__all__ = [
    "JSON_TYPES",
    "NDJSON_TYPES",
    "media_type",
    "parse_json",
    "read_body",
    "require_media_type",
]

#: Content types read as one JSON document. A POST without one is refused: a web page can send
#: a body of no declared type (or text/plain, or a form) to another site without asking first,
#: never application/json (see policylang.server.guards).
JSON_TYPES = frozenset({"application/json"})

#: Content types read as newline-delimited JSON (one request per line).
NDJSON_TYPES = frozenset({"application/x-ndjson", "application/ndjson", "application/jsonl"})


def media_type(request: Request) -> str:
    """The request's media type, lower-cased, without parameters (``charset=utf-8``)."""
    raw = request.headers.get("content-type", "")
    return raw.split(";", 1)[0].strip().lower()


def require_media_type(request: Request, accepted: frozenset[str]) -> str:
    """The request's media type, or an ``unsupported-media-type`` problem."""
    found = media_type(request)
    if found in accepted:
        return found
    names = sorted(accepted)
    said = f"Content-Type `{found}` is" if found else "a POST without Content-Type is"
    raise Problem(
        "unsupported-media-type",
        f"{said} not accepted here; send {' or '.join(names)} "
        "(with curl: -H 'Content-Type: application/json')",
        extra={"accepted": names},
        headers={"Accept-Post": ", ".join(names)},
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes, or a ``body-too-large`` problem.

    Reads the ASGI messages directly rather than through ``Request.stream()``: a decision is
    answered in well under a millisecond, and the generator machinery was a visible share of it.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, int(declared))
    receive = request.receive
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # http.disconnect: the client went away
            raise ClientDisconnect()
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, None)
        if not message.get("more_body", False):
            if not chunks:
                return chunk  # the common case: the whole body in one message
            chunks.append(chunk)
            return b"".join(chunks)
        chunks.append(chunk)


def _too_large(limit: int, declared: int | None) -> Problem:
    said = f"{declared} bytes" if declared is not None else "more"
    return Problem(
        "body-too-large",
        f"the body is {said}; this server accepts at most {limit} bytes "
        "(split a batch into smaller ones)",
        extra={"limit": limit},
        headers={"Connection": "close"},
    )


def parse_json(body: bytes) -> Any:
    """The JSON document in ``body``, or a ``malformed-json`` problem saying where it breaks.

    orjson is strict where the standard library is lenient: no NaN or Infinity, valid UTF-8
    only, no lone surrogates, and a nesting depth limit (no recursion error on ``[[[[...``).
    """
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise malformed(error, body) from None


def malformed(error: orjson.JSONDecodeError, body: bytes) -> Problem:
    """The ``malformed-json`` problem for a decoding error, with its line and column."""
    message = error.msg if body.strip() else "the body is empty; send a JSON document"
    return Problem(
        "malformed-json",
        f"{message} (line {error.lineno}, column {error.colno})",
        (field_error("", message),),
        extra={"line": error.lineno, "column": error.colno, "position": error.pos},
    )
