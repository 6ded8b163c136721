"""The README's two commands, CI's script, and the wheel's contents agree with each other."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

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


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = readme_commands()[1]
    assert any(line.startswith(command) for line in ci)
    assert f"{command} || exit 1" in ci, "a failed install or test run must fail CI"


def test_the_wheel_ships_the_grammar_and_type_marker(tmp_path: Path) -> None:
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
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("policylang-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "policylang/_data/grammars/policy.lark" in names
    assert "policylang/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)
