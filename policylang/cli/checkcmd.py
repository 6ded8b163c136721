"""``policylang check [PATH...]``: every problem of policy files, with its place and a hint."""

from __future__ import annotations

import sys

import click

from policylang import check_paths, render_human, render_json
from policylang.cli.policysource import paths_or_default
from policylang.cli.style import echo_diagnostics
from policylang.text.english import plural

__all__ = ["check"]

_FORMATS = click.Choice(["human", "json"])


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=_FORMATS, default="human", show_default=True)
def check(paths: tuple[str, ...], output_format: str) -> None:
    """Check policy files (or directories of them) and report every problem.

    Without PATHS: $POLICYLANG_POLICIES if set, else ./policies if it exists, else the bundled
    policies. Exits 0 when every policy is valid (warnings allowed), 1 when any has an error.
    """
    report = check_paths(paths_or_default(paths))
    if output_format == "json":
        click.echo(render_json(report.diagnostics))
    else:
        errors, warnings = len(report.errors), len(report.diagnostics) - len(report.errors)
        summary = f"checked {plural(report.checked, 'file')}: "
        summary += f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        echo_diagnostics(
            report.diagnostics,
            lambda diagnostic: render_human(diagnostic, report.sources, styled=True),
            summary,
            errors=errors,
            warnings=warnings,
        )
    sys.exit(0 if report.ok else 1)
