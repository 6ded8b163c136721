"""`policylang test`, and every request of the bundled tests files answered by the CLI."""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from policylang.tools.testing.files import load_tests_file
from policylang.tools.testing.matching import match
from tests.cli.inproc import run
from tests.conftest import ROOT
from tests.unit.evalfixtures import assert_decision, assert_error, write_toy
from tests.unit.yamlfixtures import bomb_tests_file

PASSING = """\
policy: toy
cases:
  - name: urgent on Friday evening
    request: {opened_at: "2026-03-06T17:20:00+03:00", priority: urgent}
    expect:
      sla: {response: {due_at: "2026-03-09T07:20:00Z", rule: urgent}}
      charges: {billable: null, depends_on: [channel]}
  - name: a naive timestamp is rejected
    request: {opened_at: "2026-03-06T17:20:00", priority: urgent}
    expect_error: [opened_at]
"""

FAILING = PASSING.replace("2026-03-09T07:20:00Z", "2026-03-09T08:20:00Z")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    write_toy(tmp_path / "policies")
    return tmp_path


def test_the_bundled_policies_pass_with_coverage() -> None:
    result = run("test", "--coverage")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "coverage (rules exercised by some case):" in result.stdout
    assert " 0 failed in " in result.stdout
    for policy in ("bemo_cloud", "bpmsoft_care", "chatops", "clever_ideas", "itc"):
        assert f"policies/{policy}.tests.yaml: " in result.stdout


def write(workspace: Path, text: str) -> Path:
    path = workspace / "policies" / "toy.tests.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "target",
    [[], ["policies"], ["policies/toy.tests.yaml"], ["policies/toy.policy"]],
    ids=["default", "directory", "tests-file", "policy-file"],
)
def test_paths(workspace: Path, target: list[str]) -> None:
    write(workspace, PASSING)
    result = run("test", "-v", *target, cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "policies/toy.tests.yaml: 2 passed" in result.stdout
    assert "  ok   urgent on Friday evening" in result.stdout
    assert result.stdout.endswith("2 passed, 0 failed in 1 file\n")


def test_a_failure_is_shown_as_a_diff(workspace: Path) -> None:
    write(workspace, FAILING)
    result = run("test", cwd=workspace)
    assert result.returncode == 1
    assert "FAIL policies/toy.tests.yaml:3: urgent on Friday evening" in result.stdout
    assert "--- expected\n    +++ actual" in result.stdout
    assert "-    due_at: '2026-03-09T08:20:00Z'" in result.stdout
    assert "+    due_at: '2026-03-09T10:20:00+03:00'" in result.stdout
    assert result.stdout.endswith("1 passed, 1 failed in 1 file\n")


def test_coverage_lists_rules_never_exercised(workspace: Path) -> None:
    write(workspace, PASSING)
    result = run("test", "--coverage", cwd=workspace)
    assert result.returncode == 0
    assert "never exercised: sla `otherwise` (response) (policies/toy.policy:" in result.stdout
    assert "never exercised: refusal `vip_only`" in result.stdout
    assert "  overall" in result.stdout


@pytest.mark.parametrize(("minimum", "code"), [("50", 0), ("99.5", 1)], ids=["reached", "below"])
def test_min_coverage(workspace: Path, minimum: str, code: int) -> None:
    write(workspace, PASSING)
    result = run("test", "--min-coverage", minimum, cwd=workspace)
    assert result.returncode == code
    assert "coverage (rules exercised by some case):" in result.stdout
    assert ("is below the minimum 99.5%" in result.stdout) is (code == 1)


@pytest.mark.parametrize(
    ("text", "args", "code", "message"),
    [
        (
            PASSING.replace("expect:", "expext:"),
            [],
            1,
            "toy.tests.yaml:5:5: cases[0]: unknown key `expext` (did you mean `expect`?)",
        ),
        ("policy: toy\ncases:\n  - name: [x\n", [], 1, "toy.tests.yaml:4:1: bad YAML"),
        (
            "policy: toy\ncases:\n  - name: x\n    expect: {}\n",
            [],
            1,
            "toy.tests.yaml:3:5: cases[0]: missing `request`",
        ),
        (
            bomb_tests_file(),
            [],
            1,
            "toy.tests.yaml:10:11: YAML refused: this value expands to more than 100,000 values",
        ),
        (PASSING, ["nowhere"], 1, "error: nowhere: no such file or directory"),
        (PASSING, ["--min-coverage", "101"], 2, "not in the range"),
        (PASSING, ["--no-such-flag"], 2, "No such option"),
    ],
    ids=[
        "unknown-key",
        "bad-yaml",
        "missing-request",
        "alias-bomb",
        "missing-path",
        "bad-minimum",
        "bad-flag",
    ],
)
def test_bad_files_and_usage(
    workspace: Path, text: str, args: list[str], code: int, message: str
) -> None:
    write(workspace, text)
    result = run("test", *args, cwd=workspace)
    assert result.returncode == code
    assert message in result.stdout + result.stderr


def test_one_bad_case_does_not_make_its_file_unusable(workspace: Path) -> None:
    """Two files, each with one case misspelled: the other cases of both still run."""
    bad = PASSING.replace("    expect_error:", "    expect_errors:")
    write(workspace, bad)
    (workspace / "policies" / "other.tests.yaml").write_text(
        textwrap.dedent(PASSING.replace("    expect:", "    expext:")), encoding="utf-8"
    )
    result = run("test", cwd=workspace)
    assert result.returncode == 1
    assert "unusable" not in result.stdout + result.stderr
    assert "FAIL policies/toy.tests.yaml:8: a naive timestamp is rejected" in result.stdout
    assert "toy.tests.yaml:10:5: cases[1]: unknown key `expect_errors`" in result.stdout
    assert "FAIL policies/other.tests.yaml:3: urgent on Friday evening" in result.stdout
    assert result.stdout.endswith("2 passed, 2 failed in 2 files\n")


def bundled_cases() -> list[tuple[Path, Any]]:
    out = []
    for path in sorted((ROOT / "policies").glob("*.tests.yaml")):
        tests = load_tests_file(path)
        for case in tests.cases:
            request = dict(case.request)
            if "policy" not in request and tests.policy is not None:
                request = {"policy": tests.policy, **request}
            out.append((path, case, request))
    return out


def test_the_cli_answers_every_request_of_every_bundled_tests_file(tmp_path: Path) -> None:
    """Done-criterion: each request of policies/*.tests.yaml through `policylang batch --detail
    full` (one process per distinct as_of), its answer matching the case and the published
    schemas (a case pins the full decision, as `policylang test` does)."""
    groups: dict[str | None, list[tuple[Path, Any, dict[str, Any]]]] = defaultdict(list)
    for path, case, request in bundled_cases():
        groups[case.as_of].append((path, case, request))
    assert sum(len(g) for g in groups.values()) > 50
    for as_of, cases in groups.items():
        source = tmp_path / "in.jsonl"
        source.write_text(
            "".join(json.dumps(request) + "\n" for _, _, request in cases), encoding="utf-8"
        )
        args = ["--as-of", as_of] if as_of else []
        result = run("batch", source, "-o", "-", "--detail", "full", *args)
        lines = result.stdout.splitlines()
        assert len(lines) == len(cases)
        for (path, case, _), line in zip(cases, lines, strict=True):
            answer = json.loads(line)
            where = f"{path.name}: {case.name}"
            if case.expect_error is not None:
                assert_error(answer)
                assert {p["field"] for p in answer["problems"]} == set(case.expect_error), where
            else:
                assert "error" not in answer, (where, answer)
                assert_decision(answer)
                assert not match(case.expect, answer), where


@pytest.mark.parametrize(
    "policy_id", ["bemo_cloud", "bpmsoft_care", "chatops", "clever_ideas", "itc"]
)
def test_eval_answers_the_first_case_of_each_bundled_file(policy_id: str) -> None:
    _path, case, request = next(
        c for c in bundled_cases() if c[0].name == f"{policy_id}.tests.yaml" and c[1].expect
    )
    args = ["--as-of", case.as_of] if case.as_of else []
    result = run("eval", "--format", "json", "--detail", "full", *args, stdin=json.dumps(request))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert_decision(answer)
    assert not match(case.expect, answer)
