"""The README's two commands, CI's script, and the wheel's contents agree with each other."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = readme_commands()[1]
    assert any(line.startswith(command) for line in ci)
    assert f"{command} || exit 1" in ci, "a failed install or test run must fail CI"


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


def test_the_wheel_ships_the_grammar_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "policylang/_data/grammars/policy.lark" in names
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
