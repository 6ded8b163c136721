"""`policylang.batch`: rows in equal rows out, whatever the rows hold."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import yaml

import policylang
from policylang.tools.batch import BatchError, _answer, _dumps, convert_cell, run_batch
from tests.conftest import ROOT
from tests.unit.evalfixtures import TOY_REQUEST, assert_decision, assert_error, write_toy


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


def run(
    policies: policylang.PolicySet, data: bytes, input_format: str = "jsonl"
) -> tuple[list[dict[str, Any]], Any]:
    out = io.StringIO()
    summary = run_batch(policies, io.BytesIO(data), out, input_format=input_format)
    lines = out.getvalue().splitlines()
    return [json.loads(line) for line in lines], summary


@pytest.mark.parametrize(
    ("kind", "cell", "value"),
    [
        ("bool", "true", True),
        ("bool", "FALSE", False),
        ("bool", "yes", "yes"),
        ("number", "12", 12),
        ("number", "-2.5", -2.5),
        ("number", "1e3", 1000.0),
        ("number", "nan", "nan"),
        ("number", "12 seats", "12 seats"),
        ("date", " 2026-01-10 ", "2026-01-10"),
        ("datetime", "2026-01-10T10:00:00Z", "2026-01-10T10:00:00Z"),
        ("enum", "phone", "phone"),
        ("text", " spaced ", " spaced "),
    ],
    ids=[
        "bool-true",
        "bool-any-case",
        "bool-other-stays",
        "int",
        "float",
        "exponent",
        "nan-stays",
        "words-stay",
        "date-trimmed",
        "datetime",
        "enum",
        "text-untouched",
    ],
)
def test_convert_cell(kind: str, cell: str, value: Any) -> None:
    assert convert_cell(kind, cell) == value
    assert type(convert_cell(kind, cell)) is type(value)


def test_every_kind_of_bad_jsonl_row_becomes_an_error_in_its_place(
    toy: policylang.PolicySet,
) -> None:
    good = json.dumps(TOY_REQUEST)
    rows = [
        good,
        "",
        "   ",
        '{"policy": "toy",',
        "[1, 2]",
        '"just a string"',
        json.dumps({**TOY_REQUEST, "vip": "yes"}),
        json.dumps({**TOY_REQUEST, "priority": "urgnt"}),
        json.dumps({**TOY_REQUEST, "opened_at": "2026-03-06T17:20:00"}),
        json.dumps({**TOY_REQUEST, "policy": "toys"}),
        '{"seats": NaN}',
        "[" * 100_000,
        json.dumps({**TOY_REQUEST, "opened_at": "2300-03-06T17:20:00+03:00"}),
        good,
    ]
    data = ("\n".join(rows) + "\n").encode() + b"\xff\xfe\n" + good.encode()  # no final newline
    answers, summary = run(toy, data)
    assert len(answers) == len(rows) + 2 == summary.rows
    kinds = [a.get("error", "decision") for a in answers]
    assert kinds == [
        "decision",
        "blank line",
        "blank line",
        "malformed JSON",
        "invalid request",
        "invalid request",
        "invalid request",
        "invalid request",
        "invalid request",
        "invalid request",
        "malformed JSON",
        "malformed JSON",
        "invalid request",
        "decision",
        "malformed JSON",
        "decision",
    ]
    for number, answer in enumerate(answers, start=1):
        if "error" in answer:
            assert_error(answer)
            assert answer["line"] == number
        else:
            assert_decision(answer)
    assert answers[7]["problems"][0]["suggestion"] == "urgent"
    assert answers[9]["problems"][0]["suggestion"] == "toy"
    assert summary.decisions == 3 and summary.failed == 13
    assert summary.to_json()["by_error"] == {
        "blank line": 2,
        "invalid request": 7,
        "malformed JSON": 4,
    }


def test_csv_cells_are_typed_by_the_policy_inputs(toy: policylang.PolicySet) -> None:
    data = (
        "\ufeffpolicy,opened_at,priority,vip,seats,channel,go_live,note_text\r\n"
        'toy,2026-03-06T17:20:00+03:00,urgent,TRUE,12,phone,2026-01-10,"two\nlines"\r\n'
        "\r\n"
        "toy,2026-03-06T17:20:00+03:00,urgent,maybe,,,,\r\n"
        "toy,2026-03-06T17:20:00+03:00\r\n"
        "toy,2026-03-06T17:20:00+03:00,normal,,lots,,,\r\n"
        "toys,2026-03-06T17:20:00+03:00,normal,,,,,\r\n"
        "toy,2026-03-06T17:20:00+03:00,normal,false,,,,\r\n"
    ).encode()
    answers, summary = run(toy, data, "csv")
    assert summary.rows == len(answers) == 7
    assert [a.get("error", "decision") for a in answers] == [
        "decision",
        "blank line",
        "invalid request",
        "malformed CSV",
        "invalid request",
        "invalid request",
        "decision",
    ]
    # Line numbers count the header as line 1; the quoted cell spans lines 2 and 3.
    assert [a.get("line") for a in answers] == [None, 4, 5, 6, 7, 8, None]
    assert answers[0]["charges"]["billable"] is True
    assert answers[0]["refusal"]["grounds"][0]["rule"] == "vip_only"
    assert answers[2]["problems"][0]["field"] == "vip"
    assert answers[4]["problems"][0]["field"] == "seats"
    for answer in answers:
        (assert_error if "error" in answer else assert_decision)(answer)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (b"policy,,priority\n", "column 2 has no name"),
        (b"policy,priority,priority\n", "repeats priority"),
    ],
    ids=["nameless-column", "repeated-column"],
)
def test_a_bad_csv_header_fails_the_batch(
    toy: policylang.PolicySet, header: bytes, message: str
) -> None:
    with pytest.raises(BatchError, match=message):
        run(toy, header + b"toy,x,y\n", "csv")


def test_empty_inputs_give_empty_outputs(toy: policylang.PolicySet) -> None:
    assert run(toy, b"")[0] == []
    assert run(toy, b"", "csv")[0] == []
    assert run(toy, b"policy,opened_at\n", "csv")[0] == []


def _stdlib(value: object) -> str:
    """The standard library's compact text, with the three line ends escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def test_rows_are_written_exactly_as_json_dumps_writes_them() -> None:
    """orjson writes the rows; the text is the standard library's, byte for byte, on every
    request of every bundled tests file (decisions and request errors, every language)."""
    policies = policylang.load(ROOT / "policies")
    seen = 0
    for path in sorted((ROOT / "policies").glob("*.tests.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            request = {"policy": document["policy"], **case["request"]}
            answer, _ = _answer(policies, 1, request, None, trace=False, detail="compact")
            assert _dumps(answer) == _stdlib(answer), case["name"]
            seen += 1
    assert seen > 150


ODD_VALUES = {
    "an-int-past-64-bits": {"value": 10**400},
    "a-key-that-is-not-a-string": {1: "one"},
    "control-characters-and-line-separators": {"text": 'a\u0000b\u001f\u2028\u0085\t"\\'},
    "floats": {"x": 0.1, "y": 1e300, "z": -0.0},
}


@pytest.mark.parametrize("value", ODD_VALUES.values(), ids=ODD_VALUES)
def test_what_orjson_refuses_or_writes_differently_is_still_the_standard_text(
    value: dict[object, object],
) -> None:
    assert _dumps(value) == _stdlib(value)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=["u2028", "u2029", "u0085"])
def test_a_row_is_one_line_for_readers_that_split_on_unicode_line_ends(
    toy: policylang.PolicySet, char: str
) -> None:
    # The bad value comes back quoted in the row's error: the character must not end the line.
    bad = json.dumps({**TOY_REQUEST, "priority": f"urg{char}ent"})
    data = "\n".join([json.dumps(TOY_REQUEST), bad, json.dumps(TOY_REQUEST)]).encode()
    out = io.StringIO()
    run_batch(toy, io.BytesIO(data), out)
    text = out.getvalue()
    assert char not in text
    lines = text.splitlines()  # str.splitlines splits on U+2028, U+2029 and U+0085 too
    assert len(lines) == 3
    assert f"urg{char}ent" in json.loads(lines[1])["problems"][0]["message"]
