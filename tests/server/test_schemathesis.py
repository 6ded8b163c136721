"""Property-based tests of the running server against its own OpenAPI document (schemathesis):
no 5xx, and every answer — status, content type, headers, body — as the document says.

The cases are drawn from the document :func:`policylang.server.openapi.build_openapi` assembles
for the bundled policies and the shared server's batch limit, loaded when this module is
collected (schemathesis's eager loader: its lazy ``schemathesis.pytest.from_fixture`` relies on a
private pytest attribute that pytest 9.2 removed); ``test_the_server_serves_this_document`` pins
that the running server serves exactly that document, and every case is sent to that server.
Two of schemathesis's checks are not run, on purpose:

* ``positive_data_acceptance``: a request can be valid against its schema and still be refused
  for reasons JSON Schema cannot state (``now`` before ``opened_at``, an ``opened_at`` before the
  policy's first version or past the calendars' horizon); those are 422s with pointers, tested in
  test_errors.py.
* ``negative_data_rejection`` on the batch endpoint: a batch answers 200 with an error object in
  place of each bad item, by design; only the batch document itself is refused as a whole.

Every generated request is judged; the evaluator gaps schemathesis once found (instants
outside the calendars, `now: null`, an event type that is not a string) are fixed and pinned
by tests in test_errors.py.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from policylang import load
from policylang.server.openapi import build_openapi
from tests.conftest import ROOT
from tests.server.conftest import SHARED_MAX_BATCH, Server

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


DOCUMENT = build_openapi(load(ROOT / "policies"), max_batch=SHARED_MAX_BATCH)

schema = schemathesis.openapi.from_dict(DOCUMENT)


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_: Any, value: Any) -> bytes:
    """The batch endpoint's NDJSON body, as sent: the document describes it as a string (one
    request per line, which JSON Schema cannot state), so the generated text goes as it is, a
    generated list as one JSON value per line. Without a serializer schemathesis skips these
    cases, and the NDJSON reader of the service would go unfuzzed."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, list):
        return "\n".join(json.dumps(item) for item in value).encode()
    return json.dumps(value).encode()


def test_the_server_serves_this_document(client: httpx.Client) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api(case: Any, server: Server) -> None:
    checks = list(CHECKS)
    if case.path != "/v2/decisions/batch":
        checks.append(negative_data_rejection)
    case.call_and_validate(base_url=server.url, checks=checks, timeout=30)
