"""Which policies a command answers from: --policies or PATHS, else $POLICYLANG_POLICIES, else
./policies, else the set bundled in the package, named on stderr when it is not obvious."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest

from policylang.cli.policysource import ENV_VAR, PolicySource, default_policies
from policylang.resources import bundled_policies
from tests.cli.commands import all_commands
from tests.cli.inproc import run
from tests.conftest import ROOT

REQUEST = {
    "policy": "bpmsoft_care",
    "opened_at": "2026-03-06T17:20:00+03:00",
    "priority": "critical",
}
SETS = [f"--set={key}={value}" for key, value in REQUEST.items()]
BUNDLED = "using the bundled policies"


@pytest.fixture
def only_itc(tmp_path: Path) -> Path:
    """A policy directory holding one of the five policies, so its use shows in the answers."""
    directory = tmp_path / "itc-only"
    directory.mkdir()
    for name in ("itc.policy", "itc.tests.yaml"):
        shutil.copy(ROOT / "policies" / name, directory / name)
    return directory


def test_bundled_policies_are_the_repository_policies() -> None:
    # In a checkout the bundled set is read from the top-level policies/, the single source.
    assert bundled_policies().resolve() == (ROOT / "policies").resolve()


@pytest.mark.parametrize(
    ("env", "local", "origin"),
    [
        (True, True, "environment"),
        (False, True, "local"),
        (False, False, "bundled"),
    ],
    ids=["environment-first", "then-local", "then-bundled"],
)
def test_the_order(
    env: bool,
    local: bool,
    origin: str,
    only_itc: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if local:
        (work / "policies").mkdir()
    monkeypatch.chdir(work)
    if env:
        monkeypatch.setenv(ENV_VAR, str(only_itc))
    else:
        monkeypatch.delenv(ENV_VAR, raising=False)
    expected = {
        "environment": PolicySource(only_itc, "environment"),
        "local": PolicySource(Path("policies"), "local"),
        "bundled": PolicySource(bundled_policies(), "bundled"),
    }[origin]
    assert default_policies() == expected


def test_an_empty_variable_counts_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, "")
    assert default_policies().origin == "bundled"


def _takes_policies(command: click.Command) -> bool:
    return any(p.name in ("policies_dir", "paths") for p in command.params)


def test_every_command_that_takes_policies_says_the_order_in_its_help() -> None:
    commands = {name: c for name, c in all_commands().items() if _takes_policies(c)}
    # fmt rewrites files: it takes PATHS but never defaults (it must not rewrite installed files).
    assert set(commands) == {
        "batch",
        "catalogue",
        "check",
        "docs",
        "eval",
        "explain",
        "fmt",
        "lint",
        "report",
        "schema",
        "serve",
        "test",
    }
    del commands["fmt"]
    for name, command in commands.items():
        with click.Context(command, info_name=name) as ctx:
            text = " ".join(command.get_help(ctx).split())
        assert f"${ENV_VAR} if set, else ./policies if it exists, else the bundled" in text, name


# Each command run where there is no ./policies and no variable: it answers from the bundled
# policies and says so on stderr, with stdout left to its output.
BUNDLED_RUNS = [
    (["eval", *SETS, "--format", "json"], None, 0),
    (["explain", *SETS], None, 0),
    (["schema", "bpmsoft_care"], None, 0),
    (["batch", "-", "-o", "-"], json.dumps(REQUEST) + "\n", 0),
    (["report", "-", "-o", "out", "--no-chart"], json.dumps(REQUEST) + "\n", 0),
    (["check"], None, 0),
    (["lint"], None, 0),
    (["test"], None, 0),
    (["docs", "--out", "pages"], None, 0),
]


@pytest.mark.parametrize(
    ("args", "stdin", "code"), BUNDLED_RUNS, ids=[args[0] for args, _, _ in BUNDLED_RUNS]
)
def test_commands_answer_from_the_bundled_policies_anywhere(
    args: list[str], stdin: str | None, code: int, tmp_path: Path
) -> None:
    result = run(*args, cwd=tmp_path, stdin=stdin)
    assert result.returncode == code, result.stderr
    assert BUNDLED in result.stderr
    assert BUNDLED not in result.stdout


def test_eval_json_stdout_stays_clean(tmp_path: Path) -> None:
    result = run("eval", *SETS, "--format", "json", cwd=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["sla"]["response"]["due_at"] == "2026-03-10T08:50:00+03:00"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["eval", *SETS], "is not a loaded policy; allowed: itc"),
        (["check"], "checked 1 file"),
        (["test"], "in 1 file"),
    ],
    ids=["eval", "check", "test"],
)
def test_the_variable_points_every_command_at_one_set(
    args: list[str], needle: str, only_itc: Path, tmp_path: Path
) -> None:
    result = run(*args, cwd=tmp_path, env={ENV_VAR: str(only_itc)})
    assert needle in result.stdout + result.stderr
    assert f"using the policies in {only_itc} (from ${ENV_VAR})" in result.stderr


@pytest.mark.parametrize("command", ["eval", "check", "serve"])
def test_a_variable_naming_nothing_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = run(command, *SETS * (command == "eval"), cwd=tmp_path, env={ENV_VAR: "nowhere"})
    assert result.returncode == 2
    assert f"Invalid value for ${ENV_VAR}: `nowhere` does not exist" in result.stderr


@pytest.mark.parametrize(
    "args", [["--policies", "policies"], []], ids=["explicit", "local-policies"]
)
def test_the_obvious_choices_are_silent(args: list[str]) -> None:
    result = run("eval", *SETS, *args, cwd=ROOT)
    assert result.returncode == 0
    assert result.stderr == ""


def test_the_option_wins_over_the_variable(only_itc: Path) -> None:
    result = run("eval", *SETS, "--policies", "policies", env={ENV_VAR: str(only_itc)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
