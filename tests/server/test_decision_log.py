"""The decision log: one JSON line per decision, matching the response, with masked fields."""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
import pytest

from policylang.server.log import MASKED, DecisionLog, mask_pointer, new_decision_id, parse_mask
from tests.server.conftest import EXAMPLE, Server, validator

LOG_LINE = validator("http.schema.json#/$defs/log_line")


def _lines_for(server: Server, ids: set[str]) -> list[dict[str, Any]]:
    # The log is flushed before each answer is sent; allow the file system a moment anyway.
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in server.decision_lines() if line["decision_id"] in ids]
        if len(lines) == len(ids) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_one_line_per_decision(server: Server, client: httpx.Client) -> None:
    request = {**EXAMPLE, "from_authorized_person": False}
    answer = client.post("/v1/decisions?as_of=2026-03-06", json=request).json()
    [line] = _lines_for(server, {answer["decision_id"]})
    LOG_LINE(line)
    assert line["policy"] == {
        "id": "bpmsoft_care",
        "version": answer["result"]["policy"]["version"],
    }
    assert line["as_of"] == "2026-03-06"
    # Masked by the server's flags: an input by name, and a part of the result by pointer.
    assert line["input"]["from_authorized_person"] == MASKED
    assert line["input"]["priority"] == "critical"
    assert line["result"]["notes"] == MASKED
    unmasked = {k: v for k, v in answer["result"].items() if k != "notes"}
    assert {k: v for k, v in line["result"].items() if k != "notes"} == unmasked


def test_batch_decisions_are_logged_errors_are_not(server: Server, client: httpx.Client) -> None:
    items = [EXAMPLE, {**EXAMPLE, "priority": "nope"}, {**EXAMPLE, "priority": "low"}]
    answer = client.post("/v1/decisions/batch", json=items).json()
    ids = {item["decision_id"] for item in answer if "decision_id" in item}
    assert len(ids) == 2
    lines = _lines_for(server, ids)
    assert len(lines) == 2
    for line in lines:
        LOG_LINE(line)


def test_no_log_by_default(tmp_path: Any) -> None:
    from tests.server.conftest import start_server

    running = start_server(tmp_path)
    try:
        with running.client() as http:
            assert http.post("/v1/decisions", json=EXAMPLE).status_code == 200
        assert not list(tmp_path.glob("*.jsonl"))
        assert "decision_id" not in running.log_text()
    finally:
        running.stop()


def test_log_to_stderr(tmp_path: Any) -> None:
    from tests.server.conftest import start_server

    running = start_server(tmp_path, args=["--decision-log", "-", "--mask", "/input/priority"])
    try:
        with running.client() as http:
            decision_id = http.post("/v1/decisions", json=EXAMPLE).json()["decision_id"]
        deadline = time.monotonic() + 10
        while decision_id not in running.log_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        [line] = [x for x in running.log_text().splitlines() if decision_id in x]
        assert f'"priority":"{MASKED}"' in line
    finally:
        running.stop()


# ---------------------------------------------------------------------- masking, in process


@pytest.mark.parametrize(
    ("mask", "tokens"),
    [
        ("customer", ("input", "customer")),
        ("/input/customer", ("input", "customer")),
        ("/result/notes/*/says", ("result", "notes", "*", "says")),
        ("/input/a~1b~0c", ("input", "a/b~c")),
    ],
)
def test_parse_mask(mask: str, tokens: tuple[str, ...]) -> None:
    assert parse_mask(mask) == tokens


def test_mask_copies_never_mutates() -> None:
    shared = {"says": "secret", "keep": 1}
    document = {"input": {"a": 1}, "result": {"notes": [shared, {"says": "x"}]}}
    masked = mask_pointer(document, ("result", "notes", "*", "says"))
    assert masked["result"]["notes"] == [{"says": MASKED, "keep": 1}, {"says": MASKED}]
    assert shared == {"says": "secret", "keep": 1}, "the compiled policy's dicts are shared"
    assert mask_pointer(document, ("input", "missing")) is document
    assert mask_pointer(document, ("result", "notes", "7")) is document
    assert mask_pointer(document, ("result", "notes", "1", "says"))["result"]["notes"][1] == {
        "says": MASKED
    }


def test_log_lines_in_process() -> None:
    stream = io.BytesIO()
    log = DecisionLog(stream, mask=["b"])
    log.record(
        "id-1",
        policy_id="p",
        version="1",
        request={"a": 1, "b": 2},
        result={"x": 1},
        result_json=b'{"x":1}',
    )
    log.flush()
    assert stream.getvalue().count(b"\n") == 1
    assert b'"b":"[masked]"' in stream.getvalue()


def test_decision_ids_are_uuid7_and_ordered() -> None:
    ids = [new_decision_id() for _ in range(1000)]
    check = validator("http.schema.json#/$defs/decision_id")
    for decision_id in ids[:50]:
        check(decision_id)
    assert len(set(ids)) == 1000
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids), "time-ordered prefix"
