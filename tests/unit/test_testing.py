"""`policylang.testing`: matching fragments, validating tests files, running cases, coverage."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from policylang.runtime.schema import shipped_schema
from policylang.tools.testing.coverage import RuleRef
from policylang.tools.testing.files import TestFileError, discover_tests, load_tests_file
from policylang.tools.testing.matching import match
from policylang.tools.testing.runner import run_tests
from tests.unit.evalfixtures import write_toy

DECISION: dict[str, Any] = {
    "sla": {"response": {"due_at": "2026-03-10T08:50:00+03:00", "rule": "critical"}},
    "charges": {"billable": None, "depends_on": ["origin"], "possible": [{"rule": "a"}, {"rule": "b"}]},
    "count": 7,
    "flag": True,
}


@pytest.mark.parametrize(
    ("expected", "paths"),
    [
        ({"sla": {"response": {"rule": "critical"}}}, []),
        ({"sla": {"response": {"due_at": "2026-03-10T05:50:00Z"}}}, []),
        ({"sla": {"response": {"due_at": "2026-03-10T08:50:00Z"}}}, ["sla.response.due_at"]),
        ({"sla": {"response": {"rule": "high"}}}, ["sla.response.rule"]),
        ({"sla": {"response": {"owner": "x"}}}, ["sla.response.owner"]),
        ({"charges": {"depends_on": ["origin"]}}, []),
        ({"charges": {"depends_on": ["origin", "x"]}}, ["charges.depends_on"]),
        ({"charges": {"depends_on": []}}, ["charges.depends_on"]),
        ({"charges": {"possible": [{"rule": "a"}, {"rule": "c"}]}}, ["charges.possible[1].rule"]),
        ({"charges": {"billable": False}}, ["charges.billable"]),
        ({"count": 7.0}, []),
        ({"flag": 1}, ["flag"]),
        ({"count": True}, ["count"]),
        ({"sla": "fast"}, ["sla"]),
        ({"count": "7"}, ["count"]),
        ({}, []),
    ],
    ids=[
        "subset-matches",
        "instant-in-another-offset",
        "different-instant",
        "different-value",
        "key-the-decision-lacks",
        "list-equal",
        "list-longer",
        "list-shorter",
        "list-element-differs",
        "null-is-not-false",
        "int-equals-float",
        "one-is-not-true",
        "true-is-not-one",
        "mapping-vs-scalar",
        "string-is-not-number",
        "empty-expect",
    ],
)
def test_match(expected: dict[str, Any], paths: list[str]) -> None:
    assert [m.path for m in match(expected, DECISION)] == paths


@pytest.mark.parametrize(
    ("expected", "actual", "said"),
    [
        ({"a": None}, {"a": 1}, "a: expected null, got 1"),
        ({"a": 1}, {"a": None}, "a: expected 1, got null"),
        ({"a": True}, {}, "a: expected true, no such key"),
        ({"a": [1]}, {"a": [None, 2]}, "a: expected [1], got [null, 2]"),
    ],
    ids=["null-expected", "null-got", "missing", "list"],
)
def test_a_mismatch_shows_values_as_yaml_writes_them(
    expected: dict[str, Any], actual: dict[str, Any], said: str
) -> None:
    assert [str(m) for m in match(expected, actual)] == [said]


def test_expect_takes_the_decision_s_keys_and_names_the_v1_ones() -> None:
    """The tests schema lists the v2 decision's top-level keys (so they cannot drift apart) and
    marks the v1 ones with what v2 has instead."""
    expect = shipped_schema("tests")["$defs"]["expect"]["properties"]
    v1 = {key for key, schema in expect.items() if "x-v1" in schema}
    assert v1 == {"handler", "billable"}
    assert set(expect) - v1 == set(shipped_schema("decision")["properties"])


def write(tmp_path: Path, text: str, name: str = "toy.tests.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CASE = """\
policy: toy
cases:
  - name: urgent on Friday evening
    request: {opened_at: "2026-03-06T17:20:00+03:00", priority: urgent}
    expect:
      sla: {response: {due_at: "2026-03-09T10:20:00+03:00"}}
"""


#: Problems that make the whole file unusable: (text, (line, column), message).
FILE_PROBLEMS = {
    "unclosed-flow": ("policy: toy\ncases:\n  - name: [unclosed\n", (4, 1), "bad YAML"),
    "tab-indent": ("policy: toy\ncases:\n\t- name: x\n", (3, 1), "bad YAML"),
    "missing-cases": ("policy: toy\n", (1, 1), "the file: missing `cases`"),
    "cases-not-a-list": (
        "policy: toy\ncases: {}\n",
        (2, 8),
        "cases: must be a list, not a mapping",
    ),
    "duplicate-key": ("policy: toy\npolicy: other\ncases: []\n", (2, 1), "duplicate key `policy`"),
    "empty-file": ("", (1, 1), "the file is empty"),
    "top-level-list": ("- just\n- a list\n", (1, 1), "the file: must be a mapping, not a list"),
    "unknown-top-level-key": ("policy: toy\ncase: []\n", (2, 1), "unknown key `case`"),
}

#: Problems of one case, which leave the file's other cases usable: (text, (line, column), message).
CASE_PROBLEMS = {
    "misspelled-expect": (
        CASE.replace("    expect:", "    expext:"),
        (5, 5),
        "unknown key `expext` (did you mean `expect`?)",
    ),
    "misspelled-request": (
        CASE.replace("    request: {", "    requests: {"),
        (4, 5),
        "unknown key `requests`",
    ),
    "missing-request": (
        "policy: toy\ncases:\n  - name: x\n    expect: {}\n",
        (3, 5),
        "cases[0]: missing `request`",
    ),
    "missing-name": (
        "policy: toy\ncases:\n  - request: {}\n    expect: {}\n",
        (3, 5),
        "cases[0]: missing `name`",
    ),
    "neither-expect": (
        "policy: toy\ncases:\n  - name: x\n    request: {}\n",
        (3, 5),
        "give `expect`",
    ),
    "both-expects": (CASE + "    expect_error: [priority]\n", (3, 5), "not both"),
    "request-not-a-mapping": (
        "policy: toy\ncases:\n  - name: x\n    request: []\n    expect: {}\n",
        (4, 14),
        "cases[0].request: must be a mapping",
    ),
    "empty-expect-error": (
        "policy: toy\ncases:\n  - name: x\n    request: {}\n    expect_error: []\n",
        (5, 19),
        "cases[0].expect_error",
    ),
    "bad-as-of": (
        "policy: toy\ncases:\n  - name: x\n    request: {}\n    as_of: soon\n    expect: {}\n",
        (5, 12),
        "cases[0].as_of",
    ),
    "duplicate-key-in-a-case": (
        CASE.replace("    request:", "    name: again\n    request:"),
        (4, 5),
        "duplicate key `name`",
    ),
    "v1-handler": (
        CASE.replace("      sla:", "      handler: {party: provider}\n      sla:"),
        (6, 7),
        "cases[0].expect.handler: a key of the v1 decision; tests files pin the v2 decision, "
        "which has `roles`: `performer` (who works it)",
    ),
    "v1-billable": (
        CASE + "      billable: {value: true}\n",
        (7, 7),
        "which has `charges`: `billable`, `lines`",
    ),
    "v1-commitment": (
        CASE.replace("{response: {due_at:", "{response: {commitment: committed, due_at:"),
        (6, 24),
        "cases[0].expect.sla.response.commitment: a key of the v1 decision; tests files pin the "
        "v2 decision, which has `state`",
    ),
    "v1-commitment-of-a-case": (
        CASE.replace("}}\n", "}, resolution: {cases: [{rule: x, commitment: none}]}}\n"),
        (6, 93),
        "cases[0].expect.sla.resolution.cases[0].commitment: a key of the v1 decision",
    ),
    "v1-obligation-id": (
        CASE + "      obligations: [{id: greet}]\n",
        (7, 22),
        "which has `rule` (a lifecycle rule's entry is under `lifecycle`) "
        "(see https://policylang.dev/migration-v2/#tests-files)",
    ),
    "unknown-decision-key": (
        CASE + "      sla_response: {}\n",
        (7, 7),
        "cases[0].expect: unknown key `sla_response`; allowed: schema_version, policy, opened_at",
    ),
    "a-case-that-is-not-a-mapping": (
        "policy: toy\ncases:\n  - just a sentence\n",
        (3, 5),
        "cases[0]: must be a mapping",
    ),
}


@pytest.mark.parametrize(("text", "place", "message"), FILE_PROBLEMS.values(), ids=FILE_PROBLEMS)
def test_bad_tests_files_are_clear_errors(
    tmp_path: Path, text: str, place: tuple[int, int], message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TestFileError) as caught:
        load_tests_file(path)
    found = caught.value.problems
    assert any((at, column) == place and message in said for at, column, said in found), found
    assert str(caught.value).startswith(f"{path}:")


@pytest.mark.parametrize(("text", "place", "message"), CASE_PROBLEMS.values(), ids=CASE_PROBLEMS)
def test_a_bad_case_is_that_case_s_error_and_the_others_run(
    tmp_path: Path, text: str, place: tuple[int, int], message: str
) -> None:
    """The bad case comes first; two good cases after it still run and pass."""
    write_toy(tmp_path)
    good = CASE.split("cases:\n", 1)[1]
    path = write(tmp_path, text + good + good.replace("urgent on Friday", "once more"))
    tests = load_tests_file(path)
    bad, *others = tests.cases
    assert any((at, column) == place and message in said for at, column, said in bad.problems), (
        bad.problems
    )
    assert [case.problems for case in others] == [(), ()]
    report = run_tests([path])
    assert report.file_errors == ()
    assert [r.status for r in report.results] == ["error", "passed", "passed"]
    assert report.results[0].message.startswith("the case cannot be run:")
    assert f"{path}:{place[0]}:{place[1]}: " in report.results[0].message


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.tests.yaml"
    path.write_bytes(b"policy: \xff\n")
    with pytest.raises(TestFileError, match="not UTF-8"):
        load_tests_file(path)


def test_yaml_dates_and_timestamps_become_iso_strings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        policy: toy
        cases:
          - name: unquoted
            request: {opened_at: 2026-03-06T17:20:00+03:00, priority: urgent}
            as_of: 2026-03-06
            expect: {policy: {effective: 2026-01-01}}
        """,
    )
    (case,) = load_tests_file(path).cases
    assert case.request["opened_at"] == "2026-03-06T17:20:00+03:00"
    assert case.as_of == "2026-03-06"
    assert case.expect == {"policy": {"effective": "2026-01-01"}}
    assert case.line == 3


def test_discovery(tmp_path: Path) -> None:
    policy = write_toy(tmp_path / "p")
    tests = write(tmp_path / "p", CASE)
    lonely = write_toy(tmp_path / "q")
    (tmp_path / "empty").mkdir()
    found, problems = discover_tests(
        [
            tmp_path / "p",
            policy,
            tests,
            lonely,
            tmp_path / "empty",
            tmp_path / "nope",
            policy.parent / "x.txt",
        ]
    )
    assert found == [tests]
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"no tests file for this policy (expected {tmp_path / 'q' / 'toy.tests.yaml'})",
        "no *.tests.yaml files in this directory",
        "no such file or directory",
        "no such file or directory",
    ]


def test_run_reports_failures_with_diffs_and_coverage(tmp_path: Path) -> None:
    write_toy(tmp_path)
    write(
        tmp_path,
        """\
        policy: toy
        cases:
          - name: passes
            request: {opened_at: "2026-03-06T14:20:00Z", priority: urgent}
            expect:
              sla: {response: {due_at: "2026-03-09T10:20:00+03:00", rule: urgent}}
              charges: {billable: null, depends_on: [channel]}
          - name: wrong due time
            request: {opened_at: "2026-03-06T17:20:00+03:00", priority: urgent, channel: phone}
            expect:
              sla: {response: {due_at: "2026-03-09T11:20:00+03:00"}}
              charges: {billable: true}
          - name: rejected as expected
            request: {opened_at: "2026-03-06T17:20:00", priority: urgnt}
            expect_error: [opened_at, priority]
          - name: answered but expected a rejection
            request: {opened_at: "2026-03-06T17:20:00+03:00", priority: normal}
            expect_error: [priority]
          - name: rejected on other fields
            request: {opened_at: "2026-03-06T17:20:00+03:00", priority: urgnt}
            expect_error: [opened_at]
          - name: rejected unexpectedly
            request: {opened_at: "2026-03-06T17:20:00+03:00"}
            expect: {}
        """,
    )
    report = run_tests([tmp_path])
    assert not report.file_errors
    statuses = {r.case.name: r.status for r in report.results}
    assert statuses == {
        "passes": "passed",
        "wrong due time": "failed",
        "rejected as expected": "passed",
        "answered but expected a rejection": "failed",
        "rejected on other fields": "failed",
        "rejected unexpectedly": "failed",
    }
    failed = {r.case.name: r for r in report.failed}
    wrong = failed["wrong due time"]
    assert [m.path for m in wrong.mismatches] == ["sla.response.due_at"]
    assert "-    due_at: '2026-03-09T11:20:00+03:00'" in wrong.diff
    assert "+    due_at: '2026-03-09T10:20:00+03:00'" in wrong.diff
    assert wrong.case.line == 8
    assert (
        "rejected on [priority], expected [opened_at]" in failed["rejected on other fields"].message
    )
    assert "priority: is required" in failed["rejected unexpectedly"].message

    (coverage,) = report.coverage.policies
    assert coverage.policy == "toy"
    missed = {str(r) for r in coverage.missed}
    # Decisions of failing cases count too ("answered but expected a rejection" is `normal`).
    assert missed == {"refusal `vip_only`"}
    assert RuleRef("charge", "phone") in coverage.exercised
    assert RuleRef("obligation", "greet") in coverage.exercised
    assert coverage.hit == len(coverage.rules) - 1
    assert report.coverage.percent == pytest.approx(100 * coverage.hit / len(coverage.rules))


def test_versioned_policies_are_tested_per_version(tmp_path: Path) -> None:
    write_toy(tmp_path, "toy_v1.policy")
    write_toy(tmp_path, "toy_v2.policy", version="2", effective="2026-06-01", urgent="1 hour")
    write(
        tmp_path,
        """\
        policy: toy
        cases:
          - name: version 2 answers in June
            request: {opened_at: "2026-06-05T10:00:00+03:00", priority: urgent}
            expect: {policy: {version: "2"}, sla: {response: {target: PT1H}}}
          - name: as_of picks version 1
            request: {opened_at: "2026-06-05T10:00:00+03:00", priority: urgent}
            as_of: "2026-05-01"
            expect: {policy: {version: "1"}, sla: {response: {target: PT2H}}}
        """,
    )
    report = run_tests([tmp_path])
    assert report.ok, [r.message for r in report.failed]
    assert [p.policy for p in report.coverage.policies] == ["toy@1", "toy@2"]


def test_policies_that_do_not_load_are_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.policy").write_text("policy broken {\n", encoding="utf-8")
    write(tmp_path, CASE)
    report = run_tests([tmp_path])
    assert not report.ok
    (problem,) = report.file_errors
    assert "do not load" in problem and "policylang check" in problem


def test_a_trace_when_expected_and_an_unanswerable_case(tmp_path: Path) -> None:
    write_toy(tmp_path)
    write(
        tmp_path,
        """\
        policy: toy
        cases:
          - name: the trace is there when the case asks for it
            request: {opened_at: "2026-03-06T17:20:00+03:00", priority: normal}
            expect:
              trace:
                - {kind: sla-response, rule: urgent, outcome: skipped}
                - {kind: sla-response, rule: otherwise, outcome: matched}
                - {kind: sla-resolution, rule: urgent, outcome: skipped}
                - {kind: sla-resolution, rule: otherwise, outcome: matched}
                - {kind: responsibility, rule: otherwise, outcome: matched}
                - {kind: charge, rule: phone, outcome: unknown}
                - {kind: charge, rule: otherwise, outcome: matched}
          - name: centuries away
            request: {opened_at: "2300-03-06T17:20:00+03:00", priority: normal}
            expect: {}
        """,
    )
    report = run_tests([tmp_path])
    traced, far = report.results
    assert traced.passed, traced.diff
    # A date the calendars cannot count from is a rejected request, naming opened_at.
    assert far.status == "failed"
    assert "opened_at: cannot be evaluated on the policy's calendars" in far.message
