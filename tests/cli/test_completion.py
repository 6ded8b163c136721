"""Shell completion (click's): the scripts docs/cli.md tells users to install, and what they complete.

The bash case is end to end: bash sources the generated script and runs its completion function
on a command line, which calls `policylang` back the way a shell does on <Tab>.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.proc import run
from tests.conftest import ROOT

VAR = "_POLICYLANG_COMPLETE"


def complete(words: str, cword: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    """What the completion protocol answers for ``COMP_WORDS`` (bash's format: type,value)."""
    env = {VAR: "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    return run(cwd=cwd, env=env)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_generates(shell: str) -> None:
    result = run(env={VAR: f"{shell}_source"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "_policylang_completion" in result.stdout
    assert f"{VAR}={shell}_complete" in result.stdout


def test_the_documented_lines_name_the_variable() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"{VAR}={shell}_source policylang" in doc


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("policylang ch", 1, {"check"}),
        ("policylang --color ", 2, {"auto", "always", "never"}),
        ("policylang eval --as", 2, {"--as-of"}),
        ("policylang lint --format ", 3, {"human", "json"}),
    ],
    ids=["command", "colour-choice", "eval-option", "format-choice"],
)
def test_completions(words: str, cword: int, expected: set[str], tmp_path: Path) -> None:
    # Anywhere, not only in a clone: no ./policies here, so the bundled set is the default.
    result = complete(words, cword, cwd=tmp_path)
    assert result.returncode == 0
    values = {line.partition(",")[2] for line in result.stdout.splitlines()}
    assert expected <= values, result.stdout
    assert result.stderr == "", "completion must not write into the user's prompt"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash on this machine")
def test_bash_completes_through_the_sourced_script(tmp_path: Path) -> None:
    script = run(env={VAR: "bash_source"}).stdout
    (tmp_path / "completion.bash").write_text(script, encoding="utf-8")
    probe = (
        "source completion.bash\n"
        "COMP_WORDS=(policylang sch); COMP_CWORD=1\n"
        "_policylang_completion policylang\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    bin_dir = str(Path(sys.executable).parent)  # where pip put the `policylang` script
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYLANG_")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["schema"]
