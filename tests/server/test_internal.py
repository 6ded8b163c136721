"""A bug in the engine: problem+json 500 with an error id, the traceback only in the server log.

These run the application on uvicorn in a background thread (on a socket bound here, so no port
race), because they patch the library to fail — something a separate process cannot be made to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from policylang import PolicyError
from policylang.runtime.policyset import PolicySet
from policylang.server.app import create_app
from tests.conftest import ROOT
from tests.server.conftest import ADMIN, ADMIN_TOKEN, EXAMPLE, assert_problem, in_process


@pytest.fixture
def thread_url() -> Iterator[str]:
    """The service on uvicorn in this process, on a free loopback port."""
    app = create_app(ROOT / "policies", watch=False, admin_token=ADMIN_TOKEN)
    with in_process(app) as (url, _):
        yield url


@pytest.fixture
def broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the evaluator fail on a request for `itc`, as a bug would."""
    original = PolicySet.evaluate

    def evaluate(self: PolicySet, request: Any, **kwargs: Any) -> Any:
        if isinstance(request, dict) and request.get("policy") == "itc":
            raise RuntimeError("boom: an invariant broke")
        return original(self, request, **kwargs)

    monkeypatch.setattr(PolicySet, "evaluate", evaluate)


@pytest.mark.usefixtures("broken_engine")
def test_internal_error_is_a_problem_with_an_id(
    thread_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    request = {"policy": "itc", "opened_at": "2026-03-06T10:00:00+07:00"}
    with caplog.at_level(logging.ERROR, logger="policylang.server"):
        response = httpx.post(thread_url + "/v2/decisions", json=request, timeout=30)
    problem = assert_problem(response, 500, "internal-error")
    assert "boom" not in response.text, "no internals reach the client"
    error_id = problem["error_id"]
    assert error_id in problem["detail"]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None, "the traceback is logged, with the id"


@pytest.mark.usefixtures("broken_engine")
def test_internal_error_in_a_batch_is_that_items_error(thread_url: str) -> None:
    items = [EXAMPLE, {"policy": "itc", "opened_at": "2026-03-06T10:00:00+07:00"}, EXAMPLE]
    response = httpx.post(thread_url + "/v2/decisions/batch", json=items, timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert "result" in body[0] and "result" in body[2]
    assert body[1]["error"]["type"].endswith("/internal-error")
    assert body[1]["error"]["error_id"]


def test_create_app_refuses_invalid_policies(tmp_path: Path) -> None:
    (tmp_path / "bad.policy").write_text("policy bad {\n", encoding="utf-8")
    with pytest.raises(PolicyError):
        create_app(tmp_path, watch=False)


def test_a_reload_that_fails_on_a_bug_is_a_409_with_an_id(
    thread_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Any failure to load is an invalid set (the old one kept), never a 500.
    def load(*_args: Any, **_kwargs: Any) -> PolicySet:
        raise RuntimeError("boom: the compiler broke")

    monkeypatch.setattr("policylang.server.reload.load", load)
    with caplog.at_level(logging.ERROR, logger="policylang.server"):
        response = httpx.post(thread_url + "/v1/reload", headers=ADMIN, timeout=30)
        ready = httpx.get(thread_url + "/ready", timeout=30).json()
    problem = assert_problem(response, 409, "invalid-policies")
    assert "boom" not in response.text
    assert problem["error_id"] in problem["detail"]
    assert ready["last_reload"]["ok"] is False
    assert ready["last_reload"]["error_id"] == problem["error_id"]
    assert any(r.exc_info for r in caplog.records if problem["error_id"] in r.getMessage())
    decided = httpx.post(thread_url + "/v2/decisions", json=EXAMPLE, timeout=30)
    assert decided.status_code == 200
