"""Run the command line in this process, with click's test runner: what most CLI tests need.

The few tests that must prove a real process (the entry point, exit codes through the real
binary, signals, pipes, `serve`) use :mod:`tests.cli.proc`; everything else runs here, about
a hundred times faster than starting Python per test.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import click
from click.testing import CliRunner

from policylang.cli.app import cli
from tests.conftest import ROOT


class _Runner(CliRunner):
    def get_default_prog_name(self, cli: click.Command) -> str:
        return "policylang"


def run(
    *args: str | Path,
    cwd: Path = ROOT,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The command's exit code, stdout and stderr, as :func:`tests.cli.proc.run` gives them.

    The developer's own POLICYLANG_* settings are left out; ``env`` adds variables. An exception
    escaping a command is raised here (the real process would call it an internal error).
    """
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("POLICYLANG_")}
    with contextlib.chdir(cwd):
        result = _Runner().invoke(
            cli, [str(a) for a in args], input=stdin, env={**unset, **(env or {})}
        )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(
        ["policylang", *map(str, args)], result.exit_code, result.stdout, result.stderr
    )
