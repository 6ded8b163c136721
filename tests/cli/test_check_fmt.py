"""`policylang check` and `policylang fmt` as a user runs them; the exit codes of `check` through a
real process, the rest in this one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import inproc, proc
from tests.syntax.cases import BASE

VALID = BASE + "\nsla all {\n  response within 4 hours on office\n  resolution best effort\n}\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process (click's runner), from ``cwd`` or the current directory."""
    return inproc.run(*args, cwd=cwd or Path.cwd())


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "good.policy").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.policy").write_text(
        BASE.replace("policy golden", "policy other")
        + "\nsla x {\n  response within 4 hours on ofice\n}\n"
    )
    (tmp_path / "binary.policy").write_bytes(bytes(range(256)))
    (tmp_path / "notes.txt").write_text("not a policy")
    (tmp_path / "empty_dir").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("args", "exit_code", "needle"),
    [
        (["good.policy"], 0, "checked 1 file: 0 errors"),
        (["bad.policy"], 1, "error[PL203]: unknown calendar `ofice`"),
        (["binary.policy"], 1, "error[PL004]"),
        (["missing.policy"], 1, "error[PL001]"),
        (["empty_dir"], 1, "error[PL007]"),
        (["notes.txt"], 1, "error[PL102]: unexpected `not`"),
        (["good.policy", "bad.policy"], 1, "checked 2 files: 1 error"),
        (["--format", "yaml", "good.policy"], 2, "Invalid value for '--format'"),
        (["--no-such-flag"], 2, "No such option"),
        ([], 0, "checked 5 files: 0 errors"),
    ],
    ids=[
        "valid",
        "unknown-calendar",
        "binary",
        "missing",
        "empty-directory",
        "not-a-policy",
        "two-files",
        "bad-format",
        "bad-flag",
        "no-path-bundled-policies",
    ],
)
def test_check_exit_codes(workspace: Path, args: list[str], exit_code: int, needle: str) -> None:
    result = proc.run("check", *args, cwd=workspace)
    assert result.returncode == exit_code, result.stderr
    assert needle in result.stdout + result.stderr
    no_traceback(result)


def test_check_json_has_the_same_fields(workspace: Path) -> None:
    result = run("check", "--format", "json", "bad.policy", cwd=workspace)
    assert result.returncode == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "PL203"
    assert diagnostic["file"] == "bad.policy"
    assert (diagnostic["line"], diagnostic["column"]) == (27, 30)
    assert diagnostic["help"] == "did you mean `office`?"
    assert diagnostic["severity"] == "error"


def test_fmt_check_reports_and_fmt_rewrites(tmp_path: Path) -> None:
    messy = VALID.replace("  hours mon-fri", "        hours   mon-fri")
    path = tmp_path / "messy.policy"
    path.write_text(messy, encoding="utf-8")
    checked = run("fmt", "--check", str(path))
    assert checked.returncode == 1
    assert "would reformat" in checked.stderr
    assert path.read_text(encoding="utf-8") == messy

    rewritten = run("fmt", str(path))
    assert rewritten.returncode == 0
    assert path.read_text(encoding="utf-8") == VALID
    assert run("fmt", "--check", str(path)).returncode == 0


FMT_SUMMARIES = {
    # (formatted, messy, broken files), --check?, the summary line
    "check-all-formatted": ((3, 0, 0), True, "3 files already formatted"),
    "check-one-formatted": ((1, 0, 0), True, "1 file already formatted"),
    "check-some-messy": ((2, 1, 0), True, "1 file would be reformatted, 2 files already formatted"),
    "check-with-broken": (
        (1, 0, 2),
        True,
        "1 file already formatted, 2 files with errors left as they are",
    ),
    "write-some-messy": ((1, 2, 0), False, "2 files reformatted, 1 file already formatted"),
    "write-all-formatted": ((2, 0, 0), False, "2 files already formatted"),
    "write-only-broken": ((0, 0, 1), False, "1 file with errors left as they are"),
}


@pytest.mark.parametrize(
    ("counts", "check_only", "summary"), FMT_SUMMARIES.values(), ids=FMT_SUMMARIES.keys()
)
def test_fmt_ends_with_a_summary(
    tmp_path: Path, counts: tuple[int, int, int], check_only: bool, summary: str
) -> None:
    formatted, messy, broken = counts
    texts = (
        [VALID] * formatted
        + [VALID.replace("  hours mon-fri", "        hours   mon-fri")] * messy
        + ["policy x {\n"] * broken
    )
    for number, text in enumerate(texts):
        (tmp_path / f"p{number}.policy").write_text(text, encoding="utf-8")
    result = run("fmt", *(["--check"] if check_only else []), str(tmp_path))
    assert result.stderr.splitlines()[-1] == summary
    assert result.returncode == (1 if broken or (messy and check_only) else 0)


def test_fmt_refuses_a_file_that_does_not_parse(workspace: Path) -> None:
    broken = workspace / "broken.policy"
    broken.write_text("policy x {\n", encoding="utf-8")
    result = run("fmt", str(broken))
    assert result.returncode == 1
    assert "error[PL103]" in result.stderr
    assert broken.read_text(encoding="utf-8") == "policy x {\n"
    no_traceback(result)


def test_fmt_keeps_the_braces_of_an_empty_block(tmp_path: Path) -> None:
    """The bug of issue 12: `{}` was dropped, and the rewritten file no longer parsed."""
    text = VALID + "\ncalendar alias extends office {\n}\n"
    path = tmp_path / "alias.policy"
    path.write_text(text, encoding="utf-8")
    assert run("fmt", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == VALID + "\ncalendar alias extends office {}\n"
    assert run("check", str(path)).returncode == 0


def _drop_last_declaration(policy_file: object, text: str) -> str:
    return text[: text.rindex("\nsla all")] + "\n"


def _unbalanced(policy_file: object, text: str) -> str:
    return text.rstrip().removesuffix("}")


@pytest.mark.parametrize(
    ("broken_formatter", "reason"),
    [
        (
            _drop_last_declaration,
            "would parse differently (the declaration at line 26 would be lost)",
        ),
        (_unbalanced, "would not parse (line 26: unexpected end of file: a block is not closed)"),
    ],
    ids=["tree-changes", "does-not-parse"],
)
def test_fmt_never_writes_a_text_that_means_something_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken_formatter: object, reason: str
) -> None:
    """Whatever the formatter gets wrong, the file on disk stays as it was."""
    from click.testing import CliRunner

    from policylang.cli.app import cli
    from policylang.lang import printer as formatter

    messy = VALID.replace("  hours mon-fri", "        hours   mon-fri")
    path = tmp_path / "messy.policy"
    path.write_text(messy, encoding="utf-8")
    monkeypatch.setattr(formatter, "format_file", broken_formatter)
    for args in (["fmt", str(path)], ["fmt", "--check", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert f"{path}: left unchanged: the formatted text {reason}" in result.output
        assert path.read_text(encoding="utf-8") == messy


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("policylang, version")
    result = run("--help")
    assert result.returncode == 0
    assert "check" in result.stdout and "fmt" in result.stdout
