"""`policylang docs --out DIR` touches only the pages it wrote, and never follows a link.

Each case fills DIR with what a user (or an attacker) might have put there, runs the command on
the toy policy, and checks what it wrote, removed and left, what it said, and that every file it
did not write is byte for byte as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylang.cli.app import cli
from policylang.tools.docgen.page import GENERATED
from policylang.tools.docgen.site import render_site
from tests.unit.evalfixtures import write_toy
from tests.unit.yamlfixtures import bomb_tests_file

HEADER = GENERATED.format(path="policies/retired.policy")


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_toy(tmp_path_factory.mktemp("toy"))


def notes(out: Path, outside: Path) -> None:
    (out / "notes.md").write_text("# My review notes\n", encoding="utf-8")
    (out / "README.md").write_text("Hand-written.\n", encoding="utf-8")


def retired(out: Path, outside: Path) -> None:
    (out / "retired.md").write_text(HEADER + "\n\n# Retired\n", encoding="utf-8")


def link_at_page_name(out: Path, outside: Path) -> None:
    (out / "toy.md").symlink_to(outside)


def dangling_link_at_page_name(out: Path, outside: Path) -> None:
    (out / "toy.md").symlink_to(outside.parent / "does-not-exist.md")


def link_elsewhere(out: Path, outside: Path) -> None:
    (out / "shortcut.md").symlink_to(outside)


def foreign_at_page_name(out: Path, outside: Path) -> None:
    (out / "index.md").write_text("# Our site's home page\n", encoding="utf-8")


def edited_page(out: Path, outside: Path) -> None:
    (out / "toy.md").write_text(HEADER + "\n\nedited by hand, header kept\n", encoding="utf-8")


def directory_named_md(out: Path, outside: Path) -> None:
    (out / "drafts.md").mkdir()


@dataclass(frozen=True)
class Situation:
    """What DIR holds before the run, and what the run must do."""

    setup: Callable[[Path, Path], None]
    exit_code: int = 0
    written: bool = True  # were the pages written?
    removed: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    said: tuple[str, ...] = ()
    kept: tuple[str, ...] = field(default=())  # entries that must be exactly as before


SITUATIONS = {
    "user-notes-are-left": Situation(
        notes,
        left=("README.md", "notes.md"),
        said=("left {out}/notes.md: not a page", "2 other files left"),
        kept=("notes.md", "README.md"),
    ),
    "a-retired-generated-page-is-removed": Situation(
        retired, removed=("retired.md",), said=("removed {out}/retired.md",)
    ),
    "a-link-at-a-page-name-is-refused": Situation(
        link_at_page_name,
        exit_code=1,
        written=False,
        said=("{out}/toy.md is a symbolic link", "nothing written"),
        kept=("toy.md",),
    ),
    "a-dangling-link-at-a-page-name-is-refused": Situation(
        dangling_link_at_page_name,
        exit_code=1,
        written=False,
        said=("{out}/toy.md is a symbolic link",),
        kept=("toy.md",),
    ),
    "another-link-is-left": Situation(
        link_elsewhere,
        left=("shortcut.md",),
        said=("left {out}/shortcut.md: a symbolic link",),
        kept=("shortcut.md",),
    ),
    "a-hand-written-page-at-a-page-name-is-refused": Situation(
        foreign_at_page_name,
        exit_code=1,
        written=False,
        said=("{out}/index.md is not a page `policylang docs` wrote",),
        kept=("index.md",),
    ),
    "a-generated-page-edited-by-hand-is-regenerated": Situation(
        edited_page, said=("wrote {out}/toy.md",)
    ),
    "a-directory-is-left": Situation(
        directory_named_md, left=("drafts.md",), said=("left {out}/drafts.md: not a regular file",)
    ),
}


def snapshot(path: Path) -> tuple[str, bytes | str | None]:
    """What an entry is, without following a link."""
    if path.is_symlink():
        return "link", os.readlink(path)
    if path.is_dir():
        return "dir", None
    return "file", path.read_bytes()


@pytest.mark.parametrize("situation", SITUATIONS.values(), ids=SITUATIONS.keys())
def test_docs_out_touches_only_its_own_pages(
    toy: Path, tmp_path: Path, situation: Situation
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text("a file outside --out, not ours\n", encoding="utf-8")
    situation.setup(out, outside)
    before = {name: snapshot(out / name) for name in situation.kept}

    result = CliRunner().invoke(cli, ["docs", str(toy), "--out", str(out)])

    assert result.exit_code == situation.exit_code, result.output
    for text in situation.said:
        assert text.format(out=out) in result.output, result.output
    assert outside.read_text(encoding="utf-8") == "a file outside --out, not ours\n"
    assert {name: snapshot(out / name) for name in situation.kept} == before
    pages = render_site([toy])
    for name in pages:
        if name in situation.kept:
            continue
        page = out / name
        assert page.exists() is situation.written, name
        if situation.written:
            assert not page.is_symlink()
            assert page.read_text(encoding="utf-8").startswith("<!-- Generated by `policylang")
            assert f"wrote {out}/{name}" in result.output
    for name in situation.removed:
        assert not (out / name).exists()
    left = sorted(p.name for p in out.iterdir() if p.name not in pages)
    assert left == sorted(situation.left)
    # What was left is never reported as written.
    for name in situation.left:
        assert f"wrote {out}/{name}" not in result.output


def test_check_ignores_other_files_but_reports_conflicts(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    assert runner.invoke(cli, ["docs", str(toy), "--out", str(out)]).exit_code == 0
    (out / "README.md").write_text("Hand-written.\n", encoding="utf-8")
    fresh = runner.invoke(cli, ["docs", str(toy), "--out", str(out), "--check"])
    assert fresh.exit_code == 0, fresh.output
    (out / "toy.md").unlink()
    (out / "toy.md").symlink_to(out / "README.md")
    stale = runner.invoke(cli, ["docs", str(toy), "--out", str(out), "--check"])
    assert stale.exit_code == 1
    assert f"out of date: {out}/toy.md" in stale.output
    assert "is a symbolic link" in stale.output


def test_pages_keep_the_usual_file_mode(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert CliRunner().invoke(cli, ["docs", str(toy), "--out", str(out)]).exit_code == 0
    reference = tmp_path / "reference"
    reference.write_text("x", encoding="utf-8")
    modes = {(out / name).stat().st_mode & 0o777 for name in render_site([toy])}
    assert modes == {reference.stat().st_mode & 0o777}
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file left"


def test_plan_changes_nothing(toy: Path, tmp_path: Path) -> None:
    from policylang.tools.docgen.output import plan_pages

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.md").write_text("# mine\n", encoding="utf-8")
    plan = plan_pages(render_site([toy]), out)
    assert plan.conflicts == (("index.md", plan.conflicts[0][1]),)
    assert [p.name for p in out.iterdir()] == ["index.md"]


def test_a_tests_file_past_the_yaml_limits_stops_docs_with_its_name(
    toy: Path, tmp_path: Path
) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "toy.policy").write_bytes(toy.read_bytes())
    (policies / "toy.tests.yaml").write_text(bomb_tests_file(), encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["docs", str(policies), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{policies / 'toy.tests.yaml'}: its cases cannot be read" in result.output
    tests_file = policies / "toy.tests.yaml"
    assert f"{tests_file}:10:11: YAML refused: this value expands to more than 100,000" in (
        result.output
    )
    assert not out.exists()


#: Tests files the runner refuses, and the place and words `docs` reports (the runner's own).
UNUSABLE_TESTS = {
    "a-list-not-a-mapping": ("- a\n- b\n", "1:1: the file: must be a mapping, not a list"),
    "a-case-that-is-text": (
        "policy: toy\ncases:\n  - just text\n",
        "3:5: cases[0]: must be a mapping, not a string",
    ),
    "a-request-that-is-a-number": (
        "policy: toy\ncases:\n  - {name: x, request: 5, expect: {}}\n",
        "3:24: cases[0].request: must be a mapping, not a number",
    ),
}


@pytest.mark.parametrize(("text", "said"), UNUSABLE_TESTS.values(), ids=UNUSABLE_TESTS)
def test_a_tests_file_the_runner_refuses_stops_docs_with_the_runner_s_words(
    toy: Path, tmp_path: Path, text: str, said: str
) -> None:
    """docs used to read tests files on its own and crashed on these (AttributeError)."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "toy.policy").write_bytes(toy.read_bytes())
    (policies / "toy.tests.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["docs", str(policies), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{policies / 'toy.tests.yaml'}:{said}" in result.output
    assert "internal error" not in result.output
    assert not out.exists()
