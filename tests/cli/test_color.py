"""Colour on terminals: `--color auto|always|never` and `NO_COLOR`, for what people read only.

"auto" needs a real terminal to mean anything, so those cases run the command on a pseudo-
terminal (pty); the others through pipes of a real process. Colour changes nothing but colour:
the output with its styles removed is the plain output, byte for byte (those run in process).
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from tests.cli import proc
from tests.cli.inproc import run
from tests.syntax.cases import BASE

ESC = "\x1b["

#: A policy with an error (`check`), one with a warning (`lint`: a calendar no rule uses), and a
#: tests file with a failing case (`test`).
BAD = BASE + "\nsla x {\n  response within 4 hours on ofice\n  resolution best effort\n}\n"
UNUSED_CALENDAR = BASE + (
    "\ncalendar spare {\n  hours mon-fri 10:00-12:00\n}\n"
    "\nsla all {\n  response within 4 hours on office\n  resolution best effort\n}\n"
)
FAILING_CASE = """policy: golden
cases:
  - name: a wrong expectation
    request: {opened_at: "2026-03-13T17:50:00+03:00"}
    expect:
      sla:
        resolution: {kind: within}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "bad.policy").write_text(BAD, encoding="utf-8")
    (tmp_path / "warned").mkdir()
    (tmp_path / "warned" / "golden.policy").write_text(UNUSED_CALENDAR, encoding="utf-8")
    (tmp_path / "warned" / "golden.tests.yaml").write_text(FAILING_CASE, encoding="utf-8")
    return tmp_path


def environment(extra: dict[str, str]) -> dict[str, str]:
    """The user's environment without the settings these tests vary."""
    drop = ("NO_COLOR", "POLICYLANG_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**base, "PYTHONIOENCODING": "utf-8", "TERM": "xterm-256color", **extra}


def run_on_terminal(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """What the command writes to a terminal (stdout and stderr both go to it)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "policylang", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=environment(env),
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        process.wait(timeout=30)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Traceback" not in text, text
    return text


def run_piped(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """What the command writes to pipes, stdout then stderr."""
    result = proc.run(*args, cwd=cwd, env=environment(env))
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("options", "env", "terminal", "coloured"),
    [
        ([], {}, False, False),
        ([], {}, True, True),
        ([], {"NO_COLOR": "1"}, True, False),
        ([], {"NO_COLOR": ""}, True, True),
        (["--color", "never"], {}, True, False),
        (["--color", "always"], {}, False, True),
        (["--color", "always"], {"NO_COLOR": "1"}, False, True),
        (["--color", "auto"], {"NO_COLOR": "yes"}, True, False),
    ],
    ids=[
        "auto-into-a-pipe",
        "auto-on-a-terminal",
        "no-color-on-a-terminal",
        "empty-no-color-is-unset",
        "never-on-a-terminal",
        "always-into-a-pipe",
        "always-over-no-color",
        "explicit-auto-with-no-color",
    ],
)
def test_when_diagnostics_are_coloured(
    workspace: Path, options: list[str], env: dict[str, str], terminal: bool, coloured: bool
) -> None:
    runner = run_on_terminal if terminal else run_piped
    output = runner(*options, "check", "bad", cwd=workspace, env=env)
    assert "error[PL203]: unknown calendar `ofice`" in click.unstyle(output)
    assert (ESC in output) == coloured, output


@pytest.mark.parametrize(
    "command",
    [["check", "bad"], ["lint", "warned"], ["test", "warned"]],
    ids=["check", "lint", "test"],
)
def test_colour_changes_nothing_but_colour(workspace: Path, command: list[str]) -> None:
    plain = run(*command, cwd=workspace, env=environment({}))
    styled = run("--color", "always", *command, cwd=workspace, env=environment({}))
    assert styled.returncode == plain.returncode
    assert ESC in styled.stdout + styled.stderr
    assert ESC not in plain.stdout + plain.stderr
    assert click.unstyle(styled.stdout) == plain.stdout
    assert click.unstyle(styled.stderr) == plain.stderr


@pytest.mark.parametrize("command", ["check", "lint"])
def test_json_is_never_coloured(workspace: Path, command: str) -> None:
    result = run("--color", "always", command, "--format", "json", "bad", cwd=workspace)
    assert ESC not in result.stdout
    assert json.loads(result.stdout)["diagnostics"]


def test_a_bad_colour_choice_is_a_usage_error(workspace: Path) -> None:
    result = run("--color", "sometimes", "check", "bad", cwd=workspace)
    assert result.returncode == 2
    assert "Invalid value for '--color'" in result.stderr
