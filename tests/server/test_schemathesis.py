"""Property-based tests of the running server against its own OpenAPI document (schemathesis):
no 5xx, and every answer — status, content type, headers, body — as the document says.

The document is fetched from the server, so this checks the assembly from ``schemas/`` too.
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

from typing import Any

import pytest
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

from tests.server.conftest import Server

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="session")
def api_schema(server: Server) -> Any:
    return schemathesis.openapi.from_url(server.url + "/openapi.json", timeout=30)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api(case: Any) -> None:
    checks = list(CHECKS)
    if case.path != "/v1/decisions/batch":
        checks.append(negative_data_rejection)
    case.call_and_validate(checks=checks, timeout=30)
