"""`policylang init NAME`: a policy and its tests file that pass check, lint and test, and never
a file overwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import policylang
from policylang.cli.initcmd import render_policy, render_tests
from policylang.tools.testing.runner import run_tests
from tests.cli.inproc import run


def test_init_writes_a_policy_that_passes_check_lint_test_and_fmt(tmp_path: Path) -> None:
    created = run("init", "acme_care", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    folder = tmp_path / "policies"
    assert sorted(p.name for p in folder.iterdir()) == ["acme_care.policy", "acme_care.tests.yaml"]
    assert "wrote policies/acme_care.policy" in created.stderr
    for command in (
        ["check", "policies"],
        ["lint", "--deny-warnings", "policies"],
        ["test", "policies"],
        ["fmt", "--check", "policies/acme_care.policy"],
    ):
        result = run(*command, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stdout + result.stderr)
    assert "checked 1 file: 0 errors, 0 warnings" in run("check", "policies", cwd=tmp_path).stderr
    assert "1 passed, 0 failed" in run("test", "policies", cwd=tmp_path).stdout


@pytest.mark.parametrize("offset", range(7), ids=[f"day-{n}" for n in range(7)])
def test_the_generated_case_passes_whatever_the_day(tmp_path: Path, offset: int) -> None:
    """The case falls on the first Monday from the effective date (today, when run by hand)."""
    effective = dt.date(2027, 3, 1) + dt.timedelta(days=offset)
    (tmp_path / "x.policy").write_text(render_policy("x", effective, "."), encoding="utf-8")
    (tmp_path / "x.tests.yaml").write_text(render_tests("x", effective), encoding="utf-8")
    report = run_tests([tmp_path])
    assert report.ok and not report.file_errors, [r.message for r in report.failed]
    assert len(report.results) == 1
    assert report.coverage.percent == 100.0
    assert not policylang.lint_paths([tmp_path]).diagnostics


@pytest.mark.parametrize(
    "existing",
    [["acme.policy"], ["acme.tests.yaml"], ["acme.policy", "acme.tests.yaml"]],
    ids=["policy-exists", "tests-file-exists", "both-exist"],
)
def test_init_never_overwrites(tmp_path: Path, existing: list[str]) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in existing:
        (folder / name).write_text("mine\n", encoding="utf-8")
    result = run("init", "acme", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exist" in result.stderr and "nothing written" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(existing)
    assert all((folder / name).read_text(encoding="utf-8") == "mine\n" for name in existing)


@pytest.mark.parametrize(
    ("options", "env", "folder"),
    [
        ([], {}, "policies"),
        (["--dir", "contracts/support"], {}, "contracts/support"),
        ([], {"POLICYLANG_POLICIES": "shared"}, "shared"),
        (["--dir", "mine"], {"POLICYLANG_POLICIES": "shared"}, "mine"),
    ],
    ids=["default", "dir", "environment", "dir-over-environment"],
)
def test_where_init_writes(
    tmp_path: Path, options: list[str], env: dict[str, str], folder: str
) -> None:
    result = run("init", "acme", *options, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / folder / "acme.policy").is_file()
    assert (tmp_path / folder / "acme.tests.yaml").is_file()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("my-policy", "(e.g. `my_policy`)"),
        ("9lives", "not starting with a digit"),
        ("two words", "(e.g. `two_words`)"),
        ("", "is not a policy name"),
    ],
    ids=["dash", "digit-first", "space", "empty"],
)
def test_a_bad_name_is_a_usage_error(tmp_path: Path, name: str, message: str) -> None:
    result = run("init", name, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "policies").exists()


def test_init_reports_a_directory_it_cannot_create(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a directory\n", encoding="utf-8")
    result = run("init", "acme", "--dir", "taken/policies", cwd=tmp_path)
    assert result.returncode == 1
    assert "policylang init: cannot write in taken/policies" in result.stderr
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file, not a directory\n"
