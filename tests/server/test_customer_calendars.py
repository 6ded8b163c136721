"""The service answers a customer's requests on its calendar layers (docs/language.md,
"Customers"): one decision and a batch, each beside a request without the customer."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from policylang.runtime.policyset import PolicySet
from policylang.server.app import create_app
from tests.server.conftest import in_process, start_server, validator
from tests.unit.test_customer_calendars import _request, _write

DECISION_RESPONSE = validator("http.schema.json#/$defs/decision_response")

#: Opened on Monday 28 December 2026 at 10:00 Moscow time: 4 business hours later, unless the
#: customer's plant closure (28 to 31 December, then the Russian new-year holidays) intervenes.
CASES = {
    None: "2026-12-28T14:00:00+03:00",
    "plain": "2026-12-28T14:00:00+03:00",
    "closure": "2027-01-11T13:00:00+03:00",
}


def test_decisions_and_batches_count_on_the_customer_s_layer(tmp_path: Path) -> None:
    _write(tmp_path / "policies")
    server = start_server(tmp_path)
    try:
        requests = [
            {**_request("2026-12-28T10:00:00+03:00", customer), "ask": ["sla"]}
            for customer in CASES
        ]
        with server.client() as http:
            answers = []
            for request in requests:
                response = http.post("/v2/decisions", json=request)
                assert response.status_code == 200, response.text
                DECISION_RESPONSE(response.json())
                answers.append(response.json()["result"])
            batch = http.post("/v2/decisions/batch", json=requests)
            assert batch.status_code == 200, batch.text
            answers.extend(item["result"] for item in batch.json())
    finally:
        server.stop()
    assert [a["sla"]["response"]["due_at"] for a in answers] == [*CASES.values()] * 2
    assert [a["customer"] for a in answers] == [*CASES] * 2


@pytest.mark.parametrize("endpoint", ["/v2/decisions", "/v2/decisions/batch"])
def test_a_variant_compiles_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    """A layered customer's first request compiles its variant (milliseconds) in a worker
    thread: a client naming customers in turn cannot stall the loop. Later requests of that
    customer, and requests without one, are answered on the loop as before."""
    _write(tmp_path)
    loop_threads: list[bool] = []
    original = PolicySet.evaluate
    loop: list[threading.Thread] = []  # the thread running the server's event loop

    def evaluate(self: PolicySet, request: Any, **kwargs: Any) -> Any:
        loop_threads.append(threading.current_thread() in loop)
        return original(self, request, **kwargs)

    monkeypatch.setattr(PolicySet, "evaluate", evaluate)
    with in_process(create_app(tmp_path, watch=False)) as (base, server_thread):
        loop.append(server_thread)
        for customer in ("closure", "closure", None):
            request = _request("2026-12-28T10:00:00+03:00", customer)
            body = request if endpoint.endswith("decisions") else [request]
            assert httpx.post(base + endpoint, json=body, timeout=30).status_code == 200
    assert loop_threads == [False, True, True]
