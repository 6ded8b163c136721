"""The `lint` command: static analysis beyond `check`.

The analyses are imported inside the command: `policylang --help` does not pay for them.
"""

from __future__ import annotations

import sys

import click

from policylang.cli.policysource import paths_or_default
from policylang.cli.style import echo_diagnostics

__all__ = ["lint"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
)
@click.option("--deny-warnings", is_flag=True, help="Exit 1 when there is any warning.")
def lint(paths: tuple[str, ...], output_format: str, deny_warnings: bool) -> None:
    """Find responsibility overlaps, gaps, unreachable rules, duplicates, suspicious targets,
    declared contradictions and unused declarations in policy files (or directories of them).

    Files with errors are reported as `check` reports them and not linted. Findings that a
    request can show carry one, ready for `policylang eval -`. Without PATHS:
    $POLICYLANG_POLICIES if set, else ./policies if it exists, else the bundled policies. Exits 0
    unless a file has an error (1), or, with --deny-warnings, any finding is a warning (1).
    """
    # Imported here: the other commands do not pay for the analyses.
    from policylang import lint_paths, render_finding, render_json  # noqa: PLC0415
    from policylang import lint_summary as summary  # noqa: PLC0415

    report = lint_paths(paths_or_default(paths))
    if output_format == "json":
        click.echo(render_json(report.diagnostics))
    else:
        echo_diagnostics(
            report.diagnostics,
            lambda diagnostic: render_finding(diagnostic, report.sources, styled=True),
            summary(report.linted, report.checked, report.diagnostics, report.customers_files),
            errors=len(report.errors),
            warnings=len(report.warnings),
        )
    failed = bool(report.errors) or (deny_warnings and bool(report.warnings))
    sys.exit(1 if failed else 0)
