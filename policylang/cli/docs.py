"""The `docs` and `diff` commands: policy pages for the site, and redlines between versions.

Both are thin shells over the page generator's names on the front (render_site, the redline
functions), imported inside each command: `policylang --help` does not pay for the generator.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from policylang import check_paths, render_human
from policylang.cli.policysource import paths_or_default
from policylang.errors import PolicylangError

__all__ = ["diff", "docs"]


def _years(value: str | None) -> tuple[int, int] | None:
    """``2026`` or ``2026-2028`` -> (first, last); None keeps each policy's own default."""
    if value is None:
        return None
    first, _, last = value.partition("-")
    try:
        years = (int(first), int(last or first))
    except ValueError:
        raise click.BadParameter(
            f"`{value}` is not YEAR or FIRST-LAST", param_hint="--years"
        ) from None
    if years[0] > years[1]:
        raise click.BadParameter(
            f"`{value}`: the first year is after the last", param_hint="--years"
        )
    return years


def _fail_on_errors(paths: Sequence[str | Path]) -> None:
    """Report every problem of the policies like `check` does, and exit 1 if there is one."""
    report = check_paths(paths)
    if report.ok:
        return
    for diagnostic in report.errors:
        click.echo(render_human(diagnostic, report.sources, styled=True), err=True)
        click.echo("", err=True)
    click.echo("policylang: fix the errors above first (`policylang check`)", err=True)
    sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--out",
    default="docs/policies",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory the pages are written to.",
)
@click.option(
    "--years",
    default=None,
    metavar="FIRST[-LAST]",
    help="Years whose closed days are listed (default: each policy's effective year and the two "
    "after it).",
)
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a page is out of date."
)
def docs(paths: tuple[str, ...], out: str, years: str | None, check_only: bool) -> None:
    """Render one Markdown page per policy (and per version) from PATHS.

    Without PATHS: $POLICYLANG_POLICIES if set, else ./policies if it exists, else the bundled
    policies. Output is deterministic: the same policies give byte-identical pages. Only files
    that `policylang docs` wrote (they start with its generated-page header) are ever overwritten
    or removed: a generated page no policy produces any more is removed, every other file is
    left. Symbolic links in the output directory are never followed.
    """
    # Imported here, not at the top: `check` and `fmt` need not load the page generator.
    from policylang import OutputConflict, plan_pages, render_site, write_pages  # noqa: PLC0415

    sources = paths_or_default(paths)
    span = _years(years)
    _fail_on_errors(sources)
    try:
        pages = render_site(sources, years=span)
    except PolicylangError as error:  # a tests file the worked examples cannot read
        click.echo(f"policylang: {error}", err=True)
        sys.exit(1)
    if check_only:
        plan = plan_pages(pages, out)
        for name in plan.stale:
            click.echo(f"out of date: {out}/{name}", err=True)
        _report_conflicts(out, plan.conflicts)
        if plan.stale:
            click.echo("run `policylang docs` to update the pages", err=True)
            sys.exit(1)
        return
    try:
        plan = write_pages(pages, out)
    except OutputConflict as error:
        _report_conflicts(out, error.conflicts)
        click.echo(f"policylang: nothing written to {out}/", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"policylang: {out}: cannot write: {error.strerror or error}", err=True)
        sys.exit(1)
    for name in plan.write:
        click.echo(f"wrote {out}/{name}", err=True)
    for name in plan.remove:
        click.echo(f"removed {out}/{name} (no policy produces it any more)", err=True)
    for name, why in plan.left:
        click.echo(f"left {out}/{name}: {why}", err=True)
    click.echo(
        f"{len(pages)} pages: {len(plan.write)} written, {len(plan.unchanged)} unchanged; "
        f"{len(plan.remove)} removed; {len(plan.left)} other files left",
        err=True,
    )


def _report_conflicts(out: str, conflicts: tuple[tuple[str, str], ...]) -> None:
    for name, why in conflicts:
        click.echo(
            f"policylang: {out}/{name} is {why}: move it away or choose another --out", err=True
        )


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text: -/+ lines like a unified diff (coloured on a terminal); markdown: a table with "
    "<del>/<ins> for the site or a review comment; json: for tools.",
)
def diff(old: str, new: str, output_format: str) -> None:
    """Show what changed for customers between two versions of a policy (files OLD and NEW).

    Targets, hours, responsibilities, charges, lifecycle rules, obligations and refusals. Exits 0
    whether or not anything changed; the JSON's `changes` list is empty when nothing did.
    """
    from policylang import (  # noqa: PLC0415
        compare_files,
        redline_json,
        redline_markdown,
        redline_text,
    )

    _fail_on_errors((old, new))
    redline = compare_files(old, new)
    if output_format == "json":
        click.echo(json.dumps(redline_json(redline), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(redline_markdown(redline), nl=False)
    else:
        # click.echo drops the colours when stdout is not a terminal (a pipe, a file).
        click.echo(redline_text(redline, _diff_style), nl=False)


#: The colours of the text redline, as diff tools colour a unified diff.
_DIFF_STYLES: dict[str, dict[str, Any]] = {
    "header": {"bold": True},
    "section": {"fg": "cyan"},
    "removed": {"fg": "red"},
    "added": {"fg": "green"},
}


def _diff_style(text: str, role: str) -> str:
    return click.style(text, **_DIFF_STYLES[role]) if role in _DIFF_STYLES else text
