"""``policylang test [PATHS]``: run the policies' ``*.tests.yaml`` cases, with coverage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policylang import CaseResult, Coverage, TestReport, run_tests
from policylang.cli.policysource import paths_or_default
from policylang.cli.style import outcome

__all__ = ["test_command"]


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--coverage", "show_coverage", is_flag=True, help="List rules no case exercised.")
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="N",
    help="Fail when less than N% of the rules are exercised (implies --coverage).",
)
@click.option("-v", "--verbose", is_flag=True, help="Name every case, not only the failures.")
def test_command(
    paths: tuple[Path, ...], show_coverage: bool, min_coverage: float | None, verbose: bool
) -> None:
    """Run the cases of the policies' tests files (default: the policies in use).

    A PATH is a *.tests.yaml file, a directory (every *.tests.yaml under it), or a .policy file
    (its sibling NAME.tests.yaml). Each file runs against the policies of its own directory.

    Without PATHS: $POLICYLANG_POLICIES if set, else ./policies if it exists, else the bundled
    policies. Exits 0 when every case passes (and coverage reaches --min-coverage), 1 otherwise.
    """
    report = run_tests(paths_or_default(paths))
    for problem in report.file_errors:
        click.echo(f"{click.style('error:', fg='red', bold=True)} {problem}", err=True)
    _print_results(report, verbose)
    below = False
    if show_coverage or min_coverage is not None:
        click.echo(_coverage_text(report.coverage))
        if min_coverage is not None and report.coverage.percent < min_coverage:
            below = True
            click.echo(
                f"coverage {report.coverage.percent:.1f}% is below the minimum {min_coverage:g}%"
            )
    problems = len(report.failed) + len(report.file_errors) + below
    click.echo(outcome(_summary(report), errors=problems))
    sys.exit(0 if report.ok and not below else 1)


def _print_results(report: TestReport, verbose: bool) -> None:
    by_file: dict[Path, list[CaseResult]] = {}
    for result in report.results:
        by_file.setdefault(result.file, []).append(result)
    for path, results in by_file.items():
        failed = [r for r in results if not r.passed]
        counts = f"{len(results) - len(failed)} passed" + (f", {len(failed)} failed" * bool(failed))
        click.echo(f"{path}: {counts}")
        if verbose:
            for result in results:
                click.echo(f"  {_verdict(result.passed)} {result.case.name}")
    for result in report.failed:
        click.echo("")
        click.echo(f"{_verdict(False)} {result.file}:{result.case.line}: {result.case.name}")
        click.echo(_indent(result.message))
        if result.diff:
            click.echo(_indent(result.diff))


def _verdict(passed: bool) -> str:
    """``ok`` in green or ``FAIL`` in red (plain text when colour is off), four columns wide."""
    return click.style("ok  ", fg="green") if passed else click.style("FAIL", fg="red", bold=True)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def _coverage_text(coverage: Coverage) -> str:
    lines = ["", "coverage (rules exercised by some case):"]
    width = max((len(p.policy) for p in coverage.policies), default=7)
    for policy in coverage.policies:
        lines.append(
            f"  {policy.policy:<{width}}  {policy.hit:>4}/{len(policy.rules):<4} "
            f"{policy.percent:5.1f}%"
        )
        lines.extend(f"      never exercised: {rule} ({rule.location})" for rule in policy.missed)
    lines.append(
        f"  {'overall':<{width}}  {coverage.hit:>4}/{coverage.total:<4} {coverage.percent:5.1f}%"
    )
    return "\n".join(lines)


def _summary(report: TestReport) -> str:
    passed = len(report.results) - len(report.failed)
    files = len(report.files)
    text = f"\n{passed} passed, {len(report.failed)} failed in {files} file{'s' * (files != 1)}"
    if report.file_errors:
        errors = len(report.file_errors)
        text += f"; {errors} unusable file{'s' * (errors != 1)} or path{'s' * (errors != 1)}"
    return text
