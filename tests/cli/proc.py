"""Run `python -m policylang` the way a user's shell would: a fresh process, real exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run(
    *args: str | Path,
    cwd: Path = ROOT,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The command's exit code, stdout and stderr (text, UTF-8); no traceback allowed.

    The developer's own POLICYLANG_* settings are left out; ``env`` adds variables.
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith("POLICYLANG_")}
    env = {**base, "PYTHONIOENCODING": "utf-8", **(env or {})}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "policylang", *map(str, args)],
        capture_output=True,
        input=data if data is not None else b"",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    result = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8"),
        done.stderr.decode("utf-8"),
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result
