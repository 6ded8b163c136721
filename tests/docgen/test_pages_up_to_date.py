"""docs/policies/ is generated: CI renders the pages afresh and compares them byte for byte.

`pytest --update-goldens` (or `policylang docs`) rewrites them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policylang.cli.app import cli
from policylang.tools.docgen.output import stale_pages, write_pages
from policylang.tools.docgen.page import GENERATED
from policylang.tools.docgen.site import render_site

PAGES = Path("docs") / "policies"


def test_checked_in_pages_are_up_to_date(repo_root: Path, update_goldens: bool) -> None:
    pages = render_site(["policies"])
    if update_goldens:
        write_pages(pages, repo_root / PAGES)
    stale = stale_pages(pages, repo_root / PAGES)
    assert not stale, (
        f"docs/policies/ is out of date ({', '.join(stale)}): run `policylang docs` and commit "
        "the pages. (Holiday names and dates come from python-holidays: a new release can "
        "change them too.)"
    )


def test_rendering_is_deterministic(repo_root: Path, tmp_path: Path) -> None:
    first = render_site(["policies"])
    second = render_site([str(repo_root / "policies")])  # an absolute path: same pages
    assert first == second
    write_pages(first, tmp_path)
    assert stale_pages(first, tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(first)


def test_write_pages_removes_pages_no_policy_produces(repo_root: Path, tmp_path: Path) -> None:
    header = GENERATED.format(path="policies/retired_policy.policy")
    (tmp_path / "retired_policy.md").write_text(f"{header}\n\n# gone\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not generated: kept\n", encoding="utf-8")
    pages = render_site(["policies"])
    done = write_pages(pages, tmp_path)
    assert done.remove == ("retired_policy.md",)
    assert done.left == (("notes.md", done.left[0][1]),)
    assert not (tmp_path / "retired_policy.md").exists()
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "# not generated: kept\n"


def test_cli_docs_check_reports_stale_pages(repo_root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "pages")
    stale = runner.invoke(cli, ["docs", "policies", "--out", out, "--check"])
    assert stale.exit_code == 1
    assert "run `policylang docs`" in stale.output
    wrote = runner.invoke(cli, ["docs", "policies", "--out", out])
    assert wrote.exit_code == 0, wrote.output
    fresh = runner.invoke(cli, ["docs", "policies", "--out", out, "--check"])
    assert fresh.exit_code == 0, fresh.output


def test_cli_docs_years_option(repo_root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["docs", "policies", "--out", str(tmp_path), "--years", "2027"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "bpmsoft_care.md").read_text(encoding="utf-8")
    assert "Closed days and working weekend days, 2027" in page
    assert "| 2027-02-20 | Saturday |" in page  # Russia's working Saturday of 2027
    assert "| 2026-" not in page
    bad = runner.invoke(cli, ["docs", "policies", "--out", str(tmp_path), "--years", "2028-2026"])
    assert bad.exit_code == 2
