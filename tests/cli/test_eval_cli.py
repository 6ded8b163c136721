"""`policylang eval`, `explain` and `schema` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import policylang
from tests.cli.inproc import run
from tests.unit.evalfixtures import TOY_REQUEST, assert_decision, assert_error, write_toy

FRIDAY = "2026-03-06T17:20:00+03:00"


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    write_toy(tmp_path / "policies")
    (tmp_path / "request.json").write_text(json.dumps(TOY_REQUEST), encoding="utf-8")
    return tmp_path


def test_eval_from_a_file_as_json(toy: Path) -> None:
    result = run("eval", "request.json", "--format", "json", cwd=toy)
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert_decision(decision)
    assert decision["sla"]["response"]["due_at"] == "2026-03-09T10:20:00+03:00"
    assert decision["trace"] is None


def test_eval_from_stdin_with_a_trace(toy: Path) -> None:
    result = run("eval", "--format", "json", "--trace", cwd=toy, stdin=json.dumps(TOY_REQUEST))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert_decision(decision)
    assert [(t["kind"], t["rule"], t["outcome"]) for t in decision["trace"]][:2] == [
        ("sla-response", "urgent", "matched"),
        ("sla-resolution", "urgent", "matched"),
    ]


def test_eval_with_set_flags_on_a_file_and_human_output(toy: Path) -> None:
    result = run(
        "eval", "request.json", "--set", "priority=normal", "--set", "seats=3", "--trace", cwd=toy
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["policy", "toy", "1", "(effective", "2026-01-01)"]
    assert (
        "response     due 2026-03-09T17:20:00+03:00  (within 1 business day on calendar `office`)"
        in result.stdout
    )
    assert "billable     depends" in result.stdout
    assert "depends on channel:" in result.stdout
    assert "channel == phone -> per request  (rule phone)" in result.stdout
    assert "trace" in lines


def test_a_partial_answer_through_the_cli() -> None:
    """Issue point 4: value null, depends_on names the inputs, cases list each outcome."""
    result = run(
        "eval",
        "--format",
        "json",
        "--set",
        "policy=bpmsoft_care",
        "--set",
        f"opened_at={FRIDAY}",
        "--set",
        "priority=critical",
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert_decision(decision)
    charges = decision["charges"]
    assert charges["billable"] is None
    assert charges["lines"] == []
    assert charges["depends_on"] == ["origin", "fix_by_executor"]
    assert [(c["rule"], c["fee"]) for c in charges["possible"]] == [
        ("undescribed_improvement", "unspecified"),
        ("fix_other_layer", "unspecified"),
        ("executor_fix_free", "included"),
        ("outdated_product_consultation", "included"),
        ("consultation_and_help_free", "included"),
        ("otherwise", "included"),
    ]
    assert charges["possible"][0]["when"] == {"origin": "executor_undescribed"}
    assert charges["possible"][-1]["when"] == {}


#: Each target state's own facts in the human output of the bundled policies: the request's
#: fields beside `policy`, and the line its target prints (rule included).
HUMAN_TARGETS = {
    "window-closed": (
        {"policy": "itc", "opened_at": "2026-03-06T12:30:00+07:00", "item": "usage_instructions"},
        "response     window of calendar `staff_guide`, opens 2026-03-06T13:30:00+07:00"
        "  (rule usage_guidance)",
    ),
    "window-open": (
        {"policy": "itc", "opened_at": "2026-03-06T14:30:00+07:00", "item": "usage_instructions"},
        "response     window of calendar `staff_guide`, open now  (rule usage_guidance)",
    ),
    "per-request-to-be-agreed": (
        {
            "policy": "bemo_cloud",
            "opened_at": "2026-03-06T12:30:00+07:00",
            "type": "feature_update",
            "feature_decision": "agree",
        },
        "resolution   per request, to be agreed by agreed_due  (rule feature_agreed)",
    ),
    "agreed": (
        {
            "policy": "bemo_cloud",
            "opened_at": "2026-03-06T12:30:00+07:00",
            "type": "feature_update",
            "feature_decision": "agree",
            "agreed_due": "2026-04-01T10:00:00+07:00",
        },
        "resolution   due 2026-04-01T10:00:00+07:00  (agreed by agreed_due)  (rule feature_agreed)",
    ),
    "best-effort-estimated": (
        {
            "policy": "bpmsoft_care",
            "opened_at": "2026-03-06T12:30:00+03:00",
            "priority": "medium",
            "resolution_estimate": "2026-03-20T10:00:00+03:00",
        },
        "resolution    best effort, estimated 2026-03-20T10:00:00+03:00, extendable"
        "  (rule otherwise)",
    ),
}


@pytest.mark.parametrize(("request_fields", "line"), HUMAN_TARGETS.values(), ids=HUMAN_TARGETS)
def test_human_output_says_what_each_target_state_holds(
    request_fields: dict[str, str], line: str
) -> None:
    """A window says when it opens, a time set per request which input sets it, an estimate
    its instant: what the JSON holds, the human output says too."""
    flags = [arg for name, value in request_fields.items() for arg in ("--set", f"{name}={value}")]
    result = run("eval", *flags)
    assert result.returncode == 0, result.stderr
    assert line in result.stdout.splitlines()


def test_set_values_are_json_when_they_parse(toy: Path) -> None:
    result = run(
        "eval",
        "--format",
        "json",
        "--set",
        "policy=toy",
        "--set",
        f"opened_at={FRIDAY}",
        "--set",
        "priority=urgent",
        "--set",
        "vip=true",
        "--set",
        "seats=12.5",
        "--set",
        'note_text="42"',
        cwd=toy,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["refusal"]["grounds"][0]["rule"] == "vip_only"


def test_as_of_picks_the_version(tmp_path: Path) -> None:
    write_toy(tmp_path, "toy_v1.policy")
    write_toy(tmp_path, "toy_v2.policy", version="2", effective="2026-06-01")
    request = json.dumps({**TOY_REQUEST, "opened_at": "2026-06-05T10:00:00+03:00"})
    newer = run("eval", "--policies", tmp_path, "--format", "json", stdin=request)
    older = run(
        "eval", "--policies", tmp_path, "--format", "json", "--as-of", "2026-05-01", stdin=request
    )
    assert json.loads(newer.stdout)["policy"]["version"] == "2"
    assert json.loads(older.stdout)["policy"]["version"] == "1"


BAD_REQUESTS = [
    (
        "missing-required",
        {"priority": None},
        "priority: is required to answer sla (sla-response rule `urgent` reads it); "
        "allowed: urgent, normal",
    ),
    (
        "unknown-field",
        {"chanel": "phone"},
        "chanel: is not an input of policy `toy` (did you mean `channel`?)",
    ),
    ("wrong-type", {"seats": "many"}, "seats: must be a number, not a string"),
    (
        "outside-enum",
        {"priority": "urgnt"},
        "priority: `urgnt` is not a value of `priority` (did you mean `urgent`?); allowed: "
        "urgent, normal",
    ),
    (
        "naive-timestamp",
        {"opened_at": "2026-03-06T17:20:00"},
        "opened_at: `2026-03-06T17:20:00` has no UTC offset",
    ),
    (
        "not-a-timestamp",
        {"opened_at": "Friday"},
        "opened_at: `Friday` is not an RFC 3339 timestamp",
    ),
    (
        "unknown-policy",
        {"policy": "tyo"},
        "policy: `tyo` is not a loaded policy (did you mean `toy`?)",
    ),
    (
        "before-first-version",
        {"opened_at": "2025-06-01T10:00:00+03:00"},
        "has no version in force on 2025-06-01",
    ),
    (
        "bad-event",
        {"events": [{"type": "answered", "at": FRIDAY}]},
        "events/0/type: `answered` is not an event type",
    ),
]


@pytest.mark.parametrize(
    ("changes", "message"),
    [(c, m) for _, c, m in BAD_REQUESTS],
    ids=[n for n, _, _ in BAD_REQUESTS],
)
def test_bad_requests_are_clear_errors(toy: Path, changes: dict[str, object], message: str) -> None:
    request = {k: v for k, v in {**TOY_REQUEST, **changes}.items() if v is not None}
    result = run("eval", cwd=toy, stdin=json.dumps(request))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: invalid request:\n")
    assert message in result.stderr


def test_bad_requests_as_json(toy: Path) -> None:
    """`--format json` prints the error object on stdout (one process per kind is not needed:
    batch writes the same objects, so the per-kind check runs there, and one eval here)."""
    request = {**TOY_REQUEST, "priority": "urgnt"}
    result = run("eval", "--format", "json", cwd=toy, stdin=json.dumps(request))
    assert result.returncode == 1
    error = json.loads(result.stdout)
    assert_error(error)
    assert error["problems"] == [
        {
            "field": "priority",
            "pointer": "/priority",
            "message": "`urgnt` is not a value of `priority`",
            "allowed": ["urgent", "normal"],
            "suggestion": "urgent",
        }
    ]
    rows = [
        json.dumps({k: v for k, v in {**TOY_REQUEST, **changes}.items() if v is not None})
        for _, changes, _ in BAD_REQUESTS
    ]
    (toy / "bad.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    batch = run("batch", "bad.jsonl", "-o", "-", cwd=toy)
    answers = [json.loads(line) for line in batch.stdout.splitlines()]
    assert len(answers) == len(BAD_REQUESTS)
    for answer in answers:
        assert_error(answer)
        assert answer["error"] == "invalid request"


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["eval"], "", 1, "Error: stdin: empty; expected a JSON object"),
        (["eval"], '{"policy": "toy",', 1, "Error: stdin: not valid JSON: Expecting"),
        (["eval"], "[1, 2]", 1, "a request is a JSON object with `policy` and `opened_at`"),
        (["eval", "-"], '{"seats": NaN}', 1, "not valid JSON: NaN is not a JSON number"),
        (["eval", "missing.json"], None, 1, "Error: missing.json: cannot read: No such file"),
        (["eval", "--set", "priority"], None, 2, "`priority` is not key=value"),
        (["eval", "--set", "=1"], None, 2, "`=1` is not key=value"),
        (["eval", "--as-of", "soon", "request.json"], None, 2, "Invalid value for --as-of"),
        (["eval", "--format", "yaml", "request.json"], None, 2, "Invalid value for '--format'"),
        (["eval", "--policies", "nowhere", "request.json"], None, 2, "'nowhere' does not exist"),
        (["eval", "--no-such-flag"], None, 2, "No such option"),
        (["eval", "-", "--set", "x=1"], "[1]", 1, "the request is not a JSON object, so --set"),
        (["explain", "--set", "policy=toy"], None, 1, "opened_at: is required"),
        (
            ["eval", "request.json", "--set", "opened_at=2300-03-06T17:20:00+03:00"],
            None,
            1,
            "opened_at: cannot be evaluated on the policy's calendars: calendar 'office'",
        ),
    ],
    ids=[
        "empty-stdin",
        "malformed-json",
        "not-an-object",
        "nan",
        "missing-file",
        "set-without-equals",
        "set-without-key",
        "bad-as-of",
        "bad-format",
        "missing-policies",
        "unknown-flag",
        "set-on-a-list",
        "explain-bad-request",
        "beyond-the-calendar-horizon",
    ],
)
def test_usage_and_input_errors(
    toy: Path, args: list[str], stdin: str | None, code: int, message: str
) -> None:
    result = run(*args, cwd=toy, stdin=stdin)
    assert result.returncode == code, result.stderr
    assert message in result.stdout + result.stderr


def test_policies_with_errors_are_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.policy").write_text("policy bad {\n", encoding="utf-8")
    result = run("eval", "--policies", tmp_path, stdin=json.dumps(TOY_REQUEST))
    assert result.returncode == 1
    assert "error[PL103]" in result.stderr
    assert "`policylang check" in result.stderr


def test_explain_in_sentences() -> None:
    result = run(
        "explain",
        "--set",
        "policy=bpmsoft_care",
        "--set",
        f"opened_at={FRIDAY}",
        "--set",
        "priority=critical",
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Response is due by Tuesday 10 March 2026 at 08:50 Moscow time (30 minutes of business time "
        "on calendar `office`), per rule `critical` — «Время реакции на инцидент критичного "
        "приоритета 30 минут» (Reaction time to an incident of critical priority: 30 minutes)"
    ) in result.stdout
    assert "What it is charged depends on `origin`, `fix_by_executor`: if " in result.stdout


def test_schema_prints_the_request_schema(toy: Path) -> None:
    result = run("schema", "toy", cwd=toy)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["priority"]["enum"] == ["urgent", "normal"]
    assert Draft202012Validator(schema).is_valid(TOY_REQUEST)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["schema", "tyo"], 1, "Error: policy: `tyo` is not a loaded policy (did you mean `toy`?)"),
        (["schema", "toy", "--as-of", "2025-01-01"], 1, "has no version in force on 2025-01-01"),
        (["schema"], 2, "Missing argument 'POLICY'"),
    ],
    ids=["unknown-policy", "before-first-version", "no-policy"],
)
def test_schema_errors(toy: Path, args: list[str], code: int, message: str) -> None:
    result = run(*args, cwd=toy)
    assert result.returncode == code
    assert message in result.stderr


def test_help_lists_the_new_commands() -> None:
    result = run("--help")
    for command in ("eval", "explain", "batch", "test", "schema"):
        assert f"  {command} " in result.stdout


def test_no_request_on_a_terminal_is_a_usage_error(toy: Path) -> None:
    """Nobody types JSON into a terminal by surprise: say what to give instead of waiting."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "policylang", "eval"],
            stdin=follower,
            capture_output=True,
            cwd=toy,
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"give the request: a JSON file, `-` for stdin, or --set key=value flags" in done.stderr


def test_detail_full_inlines_what_the_catalogue_holds() -> None:
    request = ("--set", "policy=bpmsoft_care", "--set", f"opened_at={FRIDAY}")
    request += ("--set", "priority=critical")
    compact = json.loads(run("eval", *request, "--format", "json").stdout)
    full = json.loads(run("eval", *request, "--format", "json", "--detail", "full").stdout)
    assert_decision(full)
    assert "texts" not in compact
    catalogue = run("catalogue", "bpmsoft_care")
    assert catalogue.returncode == 0, catalogue.stderr
    assert {k: v for k, v in full.items() if k != "texts"} == policylang.resolve_decision(
        compact, json.loads(catalogue.stdout)
    )
    clauses = json.loads(catalogue.stdout)["clauses"]
    for clause in full["sla"]["response"]["clauses"]:
        assert full["texts"]["clauses"][clause] == clauses[clause]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("catalogue", "bpmsoft"), "`bpmsoft` is not a loaded policy"),
        (("catalogue", "bpmsoft_care", "--version", "9"), "has no version `9`"),
    ],
    ids=["unknown-policy", "unknown-version"],
)
def test_catalogue_of_something_not_loaded(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
