"""The README's two commands, CI's script, and the wheel's contents agree with each other."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    """The commands of the README's first code block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    title, blank, fence, *_ = text.splitlines()
    assert title.startswith("# ") and blank == "" and fence == "```sh", "README opens with them"
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert "policylang" in commands[0]
    assert "pytest" in commands[1]


def test_getting_started_quotes_the_readme_commands() -> None:
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for command in readme_commands():
        assert command in page, "docs/index.md must show the README's commands verbatim"


def test_nothing_tells_users_to_install_from_the_registry() -> None:
    # policylang is not published: `pip install policylang` would fail or, worse, find another.
    pages = [
        ROOT / "README.md",
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "policylang").rglob("*.py")),
    ]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pip install (-\S+ )*['\"]?policylang\b", text), page


def ci_lines() -> list[str]:
    return (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_ci_runs_both_readme_commands_verbatim_in_a_fresh_environment() -> None:
    ci = ci_lines()
    fresh = ci.index(". .ci/fresh-venv.sh")
    for command in readme_commands():
        line = f"{command} || exit 1"  # a failed install or test run must fail CI
        assert line in ci
        assert ci.index(line) > fresh, "after the virtual environment is made"
    setup = (ROOT / ".ci" / "fresh-venv.sh").read_text(encoding="utf-8")
    assert '-m venv "$work/venv"' in setup
    assert '. "$work/venv/bin/activate"' in setup


def test_ci_asks_the_first_question_again_from_elsewhere() -> None:
    question = readme_commands()[0].split(" && ", 1)[1]
    assert f'(cd "$work" && {question}) || exit 1' in ci_lines()


def test_ci_keeps_every_static_check() -> None:
    assert ci_lines()[-1] == ".ci/static"
    static = (ROOT / ".ci" / "static").read_text(encoding="utf-8").splitlines()
    for check in (
        "ruff check policylang tests bench",
        "mypy policylang",
        "lint-imports",
        'NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir "$site"',
    ):
        assert check in static


def constraints() -> dict[str, str]:
    """constraints/test.txt as {normalised name: version}; every line a comment or an == pin."""
    pins = {}
    for line in (ROOT / "constraints" / "test.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def test_the_test_command_installs_the_tested_versions() -> None:
    assert "-c constraints/test.txt" in readme_commands()[1]
    assert "policylang" not in constraints(), "the package itself is never pinned"


def test_every_dependency_has_a_tested_version() -> None:
    # A dependency added to pyproject.toml without `scripts/try-newest --write` would install
    # whatever is newest: the tested set would quietly stop being the one installed.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = constraints()
    for text in direct:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in constraints/test.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: {text}"


def test_try_newest_installs_without_the_constraints() -> None:
    script = ROOT / "scripts" / "try-newest"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert "python -m pip install -q -e '.[test]' || exit 1" in text.splitlines()
    assert ". .ci/fresh-venv.sh" in text.splitlines()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip install .` would install, built from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("policylang-*.whl")
    return built


def test_the_wheel_ships_the_grammar_its_tables_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "policylang/_data/grammars/policy.lark" in names
    assert "policylang/_data/grammars/policy.tables.json" in names
    assert "policylang/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_the_wheel_ships_every_bundled_policy_and_its_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (ROOT / "policies").iterdir() if p.is_file())
    assert shipped, "policies/ holds the bundled policies"
    for name in shipped:
        assert f"policylang/_data/policies/{name}" in names


def test_the_readme_command_works_from_any_directory_once_installed(
    wheel: Path, tmp_path: Path
) -> None:
    # The wheel unpacked is what `pip install .` puts in site-packages; it comes first on the
    # path, before this checkout, and the command runs where there is no ./policies.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = shlex.split(readme_commands()[0].split(" && ", 1)[1])
    assert command[0] == "policylang"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYLANG_")}
    result = subprocess.run(
        [sys.executable, "-m", "policylang", *command[1:]],
        cwd=elsewhere,
        env={**env, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "due 2026-03-10T08:50:00+03:00" in result.stdout
    assert f"using the bundled policies ({site / 'policylang' / '_data' / 'policies'})" in (
        result.stderr
    )


def test_the_license_is_the_one_pyproject_declares(wheel: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


CHANGELOG_SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_the_changelog_keeps_a_changelog() -> None:
    lines = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Changelog"
    releases = [line for line in lines if line.startswith("## ")]
    assert releases[0] == "## [Unreleased]"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    # The version is the latest release's, or the next one while its changes are Unreleased
    # (0.2.0: contract v2 bumped it before its release date).
    latest = re.fullmatch(r"## \[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}", releases[1])
    assert latest is not None, releases[1]
    released = tuple(int(part) for part in latest.groups())
    assert tuple(int(part) for part in version.split(".")) >= released, (version, released)
    for line in releases[1:]:
        assert re.fullmatch(r"## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", line), line
    sections = {line.removeprefix("### ") for line in lines if line.startswith("### ")}
    assert sections <= CHANGELOG_SECTIONS


def test_the_readme_lists_every_command() -> None:
    from tests.cli.commands import all_commands

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Commands") :].split("\n\n")[1]
    for name in all_commands():
        assert re.search(rf"`(policylang )?{name}\b", table), name
