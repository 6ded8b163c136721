"""The decision log: one JSON line per decision, matching the response, with masked fields."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import policylang.server.log
from policylang.compiler.load import load
from policylang.model.policy import CompiledPolicy
from policylang.runtime.policyset import PolicySet
from policylang.server.log import DecisionLog, new_decision_id
from policylang.server.masks import MASKED, MaskError, check_masks, mask_pointer, parse_mask
from tests.conftest import ROOT
from tests.server.conftest import EXAMPLE, Server, start_server, validator

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
    answer = client.post("/v2/decisions?as_of=2026-03-06", json=request).json()
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
    answer = client.post("/v2/decisions/batch", json=items).json()
    ids = {item["decision_id"] for item in answer if "decision_id" in item}
    assert len(ids) == 2
    lines = _lines_for(server, ids)
    assert len(lines) == 2
    for line in lines:
        LOG_LINE(line)


def test_no_log_by_default(tmp_path: Any) -> None:
    running = start_server(tmp_path)
    try:
        with running.client() as http:
            assert http.post("/v2/decisions", json=EXAMPLE).status_code == 200
        assert not list(tmp_path.glob("*.jsonl"))
        assert "decision_id" not in running.log_text()
    finally:
        running.stop()


def test_log_to_stderr(tmp_path: Any) -> None:
    running = start_server(tmp_path, args=["--decision-log", "-", "--mask", "/input/priority"])
    try:
        with running.client() as http:
            decision_id = http.post("/v2/decisions", json=EXAMPLE).json()["decision_id"]
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


# ---------------------------------------------------------------------- masks are checked


@pytest.fixture(scope="module")
def bundled() -> PolicySet:
    return load(ROOT / "policies")


@pytest.mark.parametrize(
    "mask",
    [
        "priority",
        "/input/priority",
        "/input/events/*/at",
        "/input/*",
        "/policy/version",
        "/result/notes",
        "/result/charges/lines/*/reason",
        "/result/sla/response/due_at",
        "/result/roles/responsible/team",
        "/result/trace/*/why",
        "/result/texts/clauses/*/text",
    ],
)
def test_masks_that_can_match_are_accepted(bundled: PolicySet, mask: str) -> None:
    assert check_masks([mask], bundled) == (mask,)


@pytest.mark.parametrize(
    ("mask", "said"),
    [
        pytest.param("from_autorized_person", "did you mean `from_authorized_person`?", id="name"),
        pytest.param("/input/priorty", "did you mean `priority`?", id="input-pointer"),
        pytest.param("/inptu/priority", "did you mean `input`?", id="line-member"),
        pytest.param("/result/rolse/performer", "did you mean `roles`?", id="result-member"),
        pytest.param("/result/roles/performer/tem", "did you mean `team`?", id="deep-member"),
        pytest.param("/policy/versoin", "did you mean `version`?", id="policy-member"),
        pytest.param("customer_email", "not an input of any loaded policy", id="no-such-input"),
        pytest.param("/", "masks nothing", id="whole-line"),
    ],
)
def test_a_mask_that_matches_nothing_is_an_error(bundled: PolicySet, mask: str, said: str) -> None:
    with pytest.raises(MaskError) as caught:
        check_masks([mask], bundled)
    assert said in str(caught.value)
    assert mask in str(caught.value)


def test_a_mistyped_mask_stops_the_server(tmp_path: Path) -> None:
    # It was accepted, and the field it meant was logged in clear.
    result = _serve(tmp_path, "--decision-log", "log.jsonl", "--mask", "from_autorized_person")
    assert result.returncode == 2
    assert "did you mean `from_authorized_person`?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "log.jsonl").exists()


def _serve(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    policies = cwd / "policies"
    if not policies.exists():
        shutil.copytree(ROOT / "policies", policies, ignore=shutil.ignore_patterns("*.yaml"))
    command = [sys.executable, "-m", "policylang", "serve", "--port", "0", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


# ---------------------------------------------------------------------- the log file


def test_the_log_file_is_created_for_its_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual umask, which used to leave it 0644
    try:
        running = start_server(tmp_path, decision_log=True)
    finally:
        os.umask(previous)
    try:
        with running.client() as http:
            assert http.post("/v2/decisions", json=EXAMPLE).status_code == 200
    finally:
        running.stop()
    assert running.decision_log is not None
    assert stat.S_IMODE(running.decision_log.stat().st_mode) == 0o600
    assert len(running.decision_lines()) == 1


def test_a_symlink_in_place_of_the_log_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not yours\n", encoding="utf-8")
    (tmp_path / "log.jsonl").symlink_to(target)
    result = _serve(tmp_path, "--decision-log", "log.jsonl")
    assert result.returncode == 1
    assert "symbolic link" in result.stderr
    assert target.read_text(encoding="utf-8") == "not yours\n"


def test_a_fifo_in_place_of_the_log_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "log.jsonl")
    result = _serve(tmp_path, "--decision-log", "log.jsonl")  # does not block on it
    assert result.returncode == 1
    assert "not a regular file" in result.stderr


def test_an_existing_readable_log_is_appended_with_a_warning(tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    log.write_text('{"earlier": true}\n', encoding="utf-8")
    log.chmod(0o644)
    running = start_server(tmp_path, decision_log=True)
    try:
        with running.client() as http:
            assert http.post("/v2/decisions", json=EXAMPLE).status_code == 200
        assert "can be read by others (mode 644)" in running.log_text()
    finally:
        running.stop()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"earlier": true}' and len(lines) == 2
    assert stat.S_IMODE(log.stat().st_mode) == 0o644, "not the server's to change"


# ---------------------------------------------------------------------- the default mask

PERSONAL_INPUTS = """
input requester_email: text optional
input customer_phone: number optional
input ticket_count: number optional
input go_live: date optional
"""


@pytest.mark.parametrize(
    ("args", "clear"),
    [
        pytest.param((), {"item", "ticket_count", "go_live"}, id="default"),
        pytest.param(
            ("--unmask", "customer_phone"),
            {"item", "ticket_count", "go_live", "customer_phone"},
            id="unmask",
        ),
    ],
)
def test_inputs_that_look_personal_are_masked_by_default(
    tmp_path: Path, args: tuple[str, ...], clear: set[str]
) -> None:
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies, ignore=shutil.ignore_patterns("*.yaml"))
    itc = policies / "itc.policy"
    itc.write_text(itc.read_text(encoding="utf-8") + PERSONAL_INPUTS, encoding="utf-8")
    request = {
        "policy": "itc",
        "opened_at": "2026-03-06T10:00:00+07:00",
        "item": "mail",
        "requester_email": "an.customer@example.com",
        "customer_phone": 84901234567,
        "ticket_count": 3,
        "go_live": "2026-01-05",
    }
    running = start_server(tmp_path, args=args, decision_log=True)
    try:
        with running.client() as http:
            decision_id = http.post("/v2/decisions", json=request).json()["decision_id"]
        [line] = _lines_for(running, {decision_id})
    finally:
        running.stop()
    LOG_LINE(line)
    for name, value in request.items():
        if name in clear or name in ("policy", "opened_at"):
            assert line["input"][name] == value, name
        else:
            assert line["input"][name] == MASKED, name
    assert "an.customer@example.com" not in (running.decision_log or Path()).read_text()


def test_the_default_mask_is_kept_with_each_policy(
    bundled: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More policies than the log's old table held (256, and customers with calendar layers
    make one variant each): each one's personal inputs are found once, not again every time
    the table emptied."""
    found: list[CompiledPolicy] = []
    personal_inputs = policylang.server.log.personal_inputs

    def counting(policy: CompiledPolicy) -> frozenset[str]:
        found.append(policy)
        return personal_inputs(policy)

    monkeypatch.setattr(policylang.server.log, "personal_inputs", counting)
    log = DecisionLog(io.BytesIO())
    many = [dataclasses.replace(bundled.latest("itc")) for _ in range(300)]
    for _ in range(2):
        for policy in many:
            log.personal(policy)
    assert len(found) == 300
