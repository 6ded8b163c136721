"""The VS Code extension with its own tools: vscode-tmgrammar-test's snapshots of the grammar
(VS Code's TextMate engine) and `vsce package` (the .vsix an author installs).

The tools come from `npm ci` in editors/vscode, which `.ci/run` runs. Where they are missing a
developer's run skips these tests and says how to get them; a CI run fails instead, since CI
installs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

import policylang
from policylang.lang.highlight import textmate_grammar
from tests.conftest import ROOT

EXTENSION = ROOT / "editors" / "vscode"
SAMPLE = EXTENSION / "test" / "snap" / "tokens.policy"


def _tool(name: str) -> Path:
    path = EXTENSION / "node_modules" / ".bin" / name
    if not path.exists():
        reason = f"{name} is not installed: run `npm ci` in editors/vscode"
        if os.environ.get("CI"):
            pytest.fail(reason + " (.ci/run does)")
        pytest.skip(reason)
    return path


def test_the_snapshot_sample_is_a_valid_policy() -> None:
    assert policylang.check_paths([SAMPLE]).ok


def _run(tool: str, *args: str) -> None:
    """Run one of the extension's npm tools in editors/vscode; fail with its output."""
    run = subprocess.run(
        [str(_tool(tool)), *args],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_grammar_matches_its_snapshots() -> None:
    _run("vscode-tmgrammar-snap", "--config", "package.json", "test/snap/*.policy")


def test_the_extension_packages(tmp_path: Path) -> None:
    out = tmp_path / "policylang.vsix"
    _run("vsce", "package", "--allow-missing-repository", "--out", str(out))
    with zipfile.ZipFile(out) as vsix:
        names = set(vsix.namelist())
        grammar = json.loads(vsix.read("extension/syntaxes/policy.tmLanguage.json"))
        manifest = json.loads(vsix.read("extension/package.json"))
    assert {
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/node_modules/vscode-languageclient/package.json",
    } <= names
    assert not any(n.startswith("extension/test/") for n in names)
    assert grammar == textmate_grammar()
    # Customer layers are written in the policy language too (same grammar and server).
    assert manifest["contributes"]["languages"][0]["extensions"] == [".policy", ".customers"]
